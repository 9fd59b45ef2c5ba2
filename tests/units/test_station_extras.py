"""What a station offers besides its page (issue 20): the vCard and the door poster with the
dispatched staff and the district hotline, the map link, rating links, the share card; the
district list grouping one notice posted by many stations; pinyin slugs in the admin."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.test import override_settings
from PIL import Image
from wagtail.models import Collection, Page, Task, Workflow
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from core import emblem
from demo.factories.accounts import login_with_mfa, with_mfa
from units import share_cards
from units.models import NoticePage, UnitPage
from units.teams import add_member
from units.tree import notice_index_page

pytestmark = pytest.mark.django_db

STATION = "海馨园邻里之家"


@pytest.fixture
def station(demo):
    return UnitPage.objects.get(title=STATION, locale__language_code="zh-hans")


def test_vcard_has_the_dispatched_staff_and_the_hotline(station, client):
    response = client.get(station.vcard_url)
    card = response.content.decode()
    assert response.status_code == 200
    for person in station.staff.all():
        assert f"TEL;TYPE=WORK,VOICE:{person.phone}" in card
        assert person.name in card
    assert "TEL;TYPE=WORK,VOICE:12345" in card
    assert "FN:静海区政务服务便民热线" in card
    assert card.count("BEGIN:VCARD") == 1 + station.contacts.count() + station.staff.count() + 1


def test_poster_has_the_dispatched_staff_and_the_hotline(station, client):
    html = client.get(station.poster_url).content.decode()
    for person in station.staff.select_related("department"):
        assert person.name in html and person.department.title in html
    assert "静海区政务服务便民热线：" in html and 'href="tel:12345"' in html
    assert "周二、周四 09:00-11:30" in html or "周一、周三 14:00-17:00" in html


def test_station_page_links_a_map_and_rating_its_departments(station, client):
    html = client.get(station.url).content.decode()
    links = dict(
        (text, href) for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', html)
    )
    assert links["在地图中查看"].startswith("https://uri.amap.com/search?keyword=")
    assert "%E5%A4%A9%E6%B4%A5" in links["在地图中查看"]  # the address starts with 天津市静海区
    assert links["用手机地图应用导航"].startswith("geo:0,0?q=")
    assert links["评议本站派驻部门"] == f"/ratings/?unit={station.pk}"
    assert links["本站评议结果"] == station.url + "scorecard/"
    # Nothing is loaded from the map's site: only links.
    assert "amap" not in "".join(re.findall(r'src="([^"]+)"', html))


def test_district_list_shows_a_notice_posted_by_many_stations_once(demo, client):
    pinned = NoticePage.objects.filter(
        pinned=True, title="电动自行车充电安全提示", locale__language_code="zh-hans"
    )
    copies = pinned.count()
    assert copies > 5
    html = client.get(notice_index_page().url).content.decode()
    block = html.split('class="card-list pinned-list"', 1)[1].split("</ul>\n", 1)[0]
    assert block.count("电动自行车充电安全提示</a>") == 1
    assert f"{copies} 个邻里之家发布了这条通知" in html
    main = html.split('class="card-list pinned-list"', 1)[1].split('<ul class="card-list">', 1)[1]
    assert "电动自行车充电安全提示" not in main.split("</ul>", 1)[0]


def test_share_card_is_drawn_once_and_follows_the_page(station, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = share_cards.card_url(station)
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "image/png"
    kept = list((tmp_path / "share-cards").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == first.content
    assert client.get(url).content == first.content
    # A new duty phone is a new revision: a new card at a new address; the old one redirects.
    station.phone = "022-68600000"
    station.save_revision().publish()
    station.refresh_from_db()
    new_url = share_cards.card_url(station)
    assert new_url != url
    assert client.get(url)["Location"] == new_url
    assert client.get(new_url).status_code == 200
    assert len(list((tmp_path / "share-cards").iterdir())) == 2


def test_share_card_without_a_cjk_font_shows_no_boxes(station):
    emblem.cjk_font_path.cache_clear()
    try:
        with override_settings(SHARE_CARD_FONTS=["/nonexistent/font.ttc"]):
            assert not emblem.has_cjk_font()
            with_title = Image.open(io.BytesIO(share_cards.draw_card(station)))
            blank = UnitPage(title="", phone=station.phone)
            without_title = Image.open(io.BytesIO(share_cards.draw_card(blank)))
            # The Chinese name is left out rather than drawn as boxes…
            assert with_title.tobytes() == without_title.tobytes()
            # …and the phone number is still there.
            no_phone = Image.open(io.BytesIO(share_cards.draw_card(UnitPage(title="", phone=""))))
            assert no_phone.tobytes() != without_title.tobytes()
            assert share_cards.card_version(station).endswith(
                share_cards.card_version(station)[-10:]
            )
    finally:
        emblem.cjk_font_path.cache_clear()
    assert default_storage  # the card store is the media storage


def _add_notice_form(client, parent, **changes):
    url = f"/admin/pages/add/units/noticepage/{parent.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    data = querydict_from_html(page.content.decode(), form_id="page-edit-form")
    changes = {"body": rich_text("<p>周六上午停水。</p>"), "category": "utilities", **changes}
    for key, value in changes.items():
        data[key] = value
    data["action-publish"] = "1"
    return url, data


def test_notice_slugs_made_in_the_admin_are_pinyin(station, client):
    user = with_mfa(get_user_model().objects.create_user("li", password="x"))
    add_member(station, user)
    login_with_mfa(client, user)
    # The admin's script fills the slug from the title as it is typed: in Chinese.
    url, data = _add_notice_form(client, station, title="三月停水通知", slug="三月停水通知")
    assert client.post(url, data).status_code == 302
    notice = NoticePage.objects.get(title="三月停水通知", locale__language_code="zh-hans")
    assert notice.slug == "sanyuetingshuitongzhi"
    assert notice.url.endswith("/sanyuetingshuitongzhi/")
    # The same title again gets its own address; an ASCII slug someone typed is kept.
    url, data = _add_notice_form(client, station, title="三月停水通知", slug="三月停水通知")
    assert client.post(url, data).status_code == 302
    assert NoticePage.objects.filter(slug="sanyuetingshuitongzhi-2", live=True).exists()
    url, data = _add_notice_form(client, station, title="四月停水通知", slug="april-water")
    assert client.post(url, data).status_code == 302
    assert NoticePage.objects.filter(title="四月停水通知", slug="april-water").exists()


def test_names_the_project_creates_in_the_admin_are_chinese(demo):
    english = re.compile(r"[A-Za-z]{3,}")
    from django.contrib.auth.models import Group

    names = (
        list(Workflow.objects.values_list("name", flat=True))
        + list(Task.objects.values_list("name", flat=True))
        + list(Group.objects.values_list("name", flat=True))
        + list(Collection.objects.values_list("name", flat=True))
        + [Page.objects.get(depth=1).title]
    )
    assert names and not [name for name in names if english.search(name)]
