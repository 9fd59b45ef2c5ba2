"""The English tree mirrors the Chinese one, and nothing that lists pages shows both copies."""

import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import querydict_from_html, rich_text
from wagtail_localize.models import LocaleSynchronization

from demo.factories.accounts import login_with_mfa, with_mfa
from units.models import DepartmentPage, NoticePage, UnitPage
from units.roster import roster_records
from units.teams import add_member

pytestmark = pytest.mark.django_db

NOTICE = "/admin/pages/add/units/noticepage/{}/"


@pytest.fixture
def english(demo):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def haixin(demo):
    return demo.get(title="海馨园邻里之家")


def _post_notice(client, parent, title, publish=True):
    url = NOTICE.format(parent.pk)
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update(title=title, slug="tingdian", body=rich_text("<p>周日停电。</p>"))
    if publish:
        data["action-publish"] = "1"
    assert client.post(url, data).status_code == 302
    return NoticePage.objects.get(title=title, locale=Locale.get_default())


def test_english_tree_has_a_copy_of_every_chinese_page(demo, english):
    chinese = Locale.get_default()
    assert LocaleSynchronization.objects.filter(locale=english, sync_from=chinese).exists()
    source = dict(
        Page.objects.filter(locale=chinese, depth__gte=2).values_list("translation_key", "pk")
    )
    copies = Page.objects.filter(locale=english)
    assert sorted(copies.values_list("translation_key", flat=True)) == sorted(source)
    home = copies.get(depth=2)
    for page in copies.exclude(pk=home.pk):
        assert page.path.startswith(home.path)  # in the English tree, under /en/
        assert page.alias_of_id in (None, source[page.translation_key])
    assert copies.filter(alias_of__isnull=True).count() == 7  # the demo's translations


def test_a_notice_posted_by_station_staff_gets_an_english_copy(demo, english, haixin, client):
    staff = with_mfa(_user("zhang"))
    add_member(haixin, staff)
    login_with_mfa(client, staff)
    notice = _post_notice(client, haixin, "海馨园周日停电通知")

    copy = notice.get_translation(english)
    assert copy.alias_of_id == notice.pk and copy.live
    assert copy.url == "/en" + notice.url
    client.logout()
    html = client.get(copy.url).content.decode()
    assert "has not been translated yet" in html and "周日停电" in html
    station = client.get(haixin.get_translation(english).url).content.decode()
    assert station.count(f'href="{copy.url}"') == 1
    english_list = client.get("/en/notices/").content.decode()
    assert english_list.count("海馨园周日停电通知") == 1
    assert f'href="{notice.url}"' not in english_list


def test_a_draft_notice_goes_live_in_english_when_published(demo, english, haixin, client):
    login_with_mfa(client, _user("admin", superuser=True))
    notice = _post_notice(client, haixin, "海馨园草稿通知", publish=False)
    copy = notice.get_translation(english)
    assert not notice.live and not copy.live
    notice.get_latest_revision().publish()
    copy.refresh_from_db()
    assert copy.live and copy.title == "海馨园草稿通知"


def test_alias_shows_the_notice_and_a_translation_does_not(demo, english, haixin, client):
    alias = demo.get(title="康馨园邻里之家").get_translation(english)
    assert alias.alias_of_id
    html = client.get(alias.url).content.decode()
    assert '<html lang="en"' in html and "has not been translated yet" in html
    assert "康馨园邻里之家" in html
    html = client.get(haixin.get_translation(english).url).content.decode()
    assert "has not been translated yet" not in html
    assert "Haixinyuan Neighbourhood Station" in html


def test_report_form_under_en_offers_the_chinese_station(demo, english, haixin, client):
    # The English station page links to the form with its Chinese station chosen.
    page = client.get(haixin.get_translation(english).url).content.decode()
    assert f"/en/feedback/?unit={haixin.pk}" in page
    html = client.get(f"/en/feedback/?unit={haixin.pk}").content.decode()
    select = re.search(r'<select name="unit".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\d+)" selected>', select) == [str(haixin.pk)]
    # An English copy is not what reports point at: nothing to offer but "not sure".
    english_pk = haixin.get_translation(english).pk
    html = client.get(f"/en/feedback/?unit={english_pk}").content.decode()
    select = re.search(r'<select name="unit".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\d*)"', select) == [""]


def test_report_form_errors_in_english_under_en(demo, client):
    from feedback import tickets

    data = {"token": tickets.issue(time.time() - 60)}
    html = client.post("/en/feedback/", data).content.decode()
    assert "Please choose the type of problem." in html
    assert "Please describe your problem." in html
    assert "请选择问题类别" not in html


def test_search_under_en_returns_each_page_once(demo, client):
    for prefix in ("/en", ""):
        data = client.get(f"{prefix}/search/", {"q": "邻里之家", "format": "json"}).json()
        urls = [item["url"] for item in data["results"]]
        assert urls and len(urls) == len(set(urls))
        assert all(url.startswith("/en/") == (prefix == "/en") for url in urls)


def test_roster_export_lists_each_station_once(demo):
    titles = [row[2] for row in roster_records()["units"]]
    assert sorted(titles) == sorted(demo.values_list("title", flat=True))


def test_department_page_lists_stations_of_its_own_language(demo, english, client):
    department = DepartmentPage.objects.get(title="民政局", locale=Locale.get_default())
    stations = set(
        department.dispatched_staff.filter(page__locale=Locale.get_default()).values_list(
            "page__title", flat=True
        )
    )
    for page in (department, department.get_translation(english)):
        html = client.get(page.url).content.decode()
        links = re.findall(r'<li>\s*<a href="([^"]+)"><strong>', html)
        assert len(links) == len(stations) == len(set(links))
        assert all(link.startswith("/en/") == (page.locale_id == english.pk) for link in links)


def test_api_lists_each_station_once_unless_asked_for_english(demo, english, client):
    listing = client.get("/api/v2/pages/", {"type": "units.UnitPage", "limit": 200}).json()
    assert listing["meta"]["total_count"] == demo.count()
    listing = client.get(
        "/api/v2/pages/", {"type": "units.UnitPage", "limit": 200, "locale": "en"}
    ).json()
    assert listing["meta"]["total_count"] == demo.count()
    assert {item["meta"]["locale"] for item in listing["items"]} == {"en"}


def _user(username, superuser=False):
    from django.contrib.auth import get_user_model

    model = get_user_model()
    if superuser:
        return model.objects.create_superuser(username, f"{username}@example.test", "x")
    return model.objects.create_user(username, password="x")


@pytest.mark.parametrize(
    ("url", "extra"),
    [
        # The English root, the alias's source and the sources of its alias ancestors; on a
        # station also the English copies of its departments (links stay in the English tree).
        ("/stations/jinghaizhen/zhongtaixinyuanshequ/kangxinyuan/", 4),
        ("/stations/jinghaizhen/zhongtaixinyuanshequ/haixinyuan/", 4),  # translated
        ("/notices/", 2),
        ("/handbook/siqing/", 2),
    ],
)
def test_english_copy_costs_only_the_language_lookups(demo, client, url, extra):
    client.cookies["sessionid"] = "none"  # past the page cache, to count the real work
    counts = []
    for prefix in ("", "/en"):
        client.get(prefix + url)  # warm the caches every page shares
        with CaptureQueriesContext(connection) as queries:
            assert client.get(prefix + url).status_code == 200
        counts.append(len(queries))
    assert counts[1] <= counts[0] + extra, counts


def test_a_station_added_by_roster_import_gets_an_english_copy(demo, english, tmp_path, client):
    from tests.units.test_roster import new_station_files
    from units.roster import import_roster

    files = {
        kind: (path.name, path.read_bytes()) for kind, path in new_station_files(tmp_path).items()
    }
    assert import_roster(files).written
    chinese = Locale.get_default()
    unit = UnitPage.objects.get(title="望海苑邻里之家", locale=chinese)
    copy = unit.get_translation(english)
    assert copy.alias_of_id == unit.pk and copy.live and copy.url == "/en" + unit.url
    assert [s.department.locale_id for s in copy.staff.all()] == [chinese.pk, chinese.pk]
    assert "望海苑邻里之家" in client.get("/en/units/find/?q=望海苑").content.decode()
    new_department = DepartmentPage.objects.get(title="测试新局", locale=chinese)
    assert new_department.get_translation(english).alias_of_id == new_department.pk
    assert import_roster(files).counts["units_unchanged"] == 1  # no double from the copy
