import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.factories.units import NoticePageFactory
from units.models import CommunityPage, NoticeCategory, NoticePage, TownPage, UnitPage
from units.tree import notice_index_page

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


@pytest.fixture
def unit(demo):
    return UnitPage.objects.get(title="海馨园邻里之家")


def _cards(html):
    block = re.search(r'<ul class="card-list">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r'<li>\s*<a href="[^"]+">([^<]+)</a>', block)


_titles = _cards


def test_station_page_shows_pinned_first_then_latest(unit, client):
    old_pinned = NoticePageFactory(
        parent=unit, title="置顶的旧通知", pinned=True, date=_today() - datetime.timedelta(days=40)
    )
    newest = NoticePageFactory(parent=unit, title="最新的通知", date=_today())
    titles = _titles(client.get(unit.url).content.decode())
    assert titles.index(old_pinned.title) < titles.index(newest.title)
    assert titles.index(newest.title) < titles.index("海馨园计划停水通知")


def test_station_notice_list_is_paginated_and_hides_expired(unit, client):
    for i in range(25):
        NoticePageFactory(parent=unit, title=f"分页通知{i:02d}", date=_today())
    expired = NoticePageFactory(
        parent=unit, title="已经过期的通知", valid_until=_today() - datetime.timedelta(days=1)
    )
    first = client.get(unit.notices_url)
    assert first.status_code == 200
    html = first.content.decode()
    assert len(_cards(html)) == 20
    assert "第 1 页，共 2 页" in html
    second = client.get(unit.notices_url, {"page": 2}).content.decode()
    assert "第 2 页，共 2 页" in second
    assert expired.title not in html + second
    # ...but it stays reachable, clearly labelled.
    page = client.get(expired.url).content.decode()
    assert "已过期" in page and expired.title in page


def test_station_page_links_to_its_list_and_feeds(unit, client):
    html = client.get(unit.url).content.decode()
    assert f'href="{unit.notices_url}"' in html
    assert (
        f'type="application/rss+xml" title="海馨园邻里之家 · 通知公告 (RSS)" href="{unit.url}feed/rss/"'
        in html
    )


@pytest.fixture
def district(demo):
    town = TownPage.objects.get(title="朝阳街道", locale__language_code="zh-hans")
    community = CommunityPage.objects.get(title="团结社区", locale__language_code="zh-hans")
    station = UnitPage.objects.child_of(community).first()
    other = UnitPage.objects.get(title="海馨园邻里之家", locale__language_code="zh-hans")
    notices = {
        "community": NoticePageFactory(
            parent=station, title="团结社区的安全通知", category=NoticeCategory.SAFETY
        ),
        "town": NoticePageFactory(
            parent=town, title="朝阳街道的政策", category=NoticeCategory.POLICY
        ),
        "elsewhere": NoticePageFactory(
            parent=other, title="海馨园的安全通知", category=NoticeCategory.SAFETY
        ),
    }
    return town, community, notices


def test_district_list_filters_by_town_community_and_category(district, client):
    town, community, notices = district
    index = notice_index_page()

    def shown(**params):
        html = client.get(index.url, params).content.decode()
        return {key for key, notice in notices.items() if f">{notice.title}</a>" in html}

    assert shown() == {"community", "town", "elsewhere"}
    assert shown(town=town.pk) == {"community", "town"}
    assert shown(community=community.pk) == {"community"}
    assert shown(category="safety") == {"community", "elsewhere"}
    assert shown(town=town.pk, category="safety") == {"community"}
    # Nonsense is ignored rather than an error.
    assert shown(town="abc", community="999999", category="nope") == {
        "community",
        "town",
        "elsewhere",
    }


def test_district_list_names_the_source_and_keeps_filters_when_paging(district, client):
    town, _community, _notices = district
    for i in range(25):
        NoticePageFactory(parent=town, title=f"街道通知{i}")
    html = client.get(notice_index_page().url, {"town": town.pk}).content.decode()
    assert re.search(r"· 朝阳街道\s*</div>", html)
    assert f'?town={town.pk}&amp;page=2"' in html
    assert f'<option value="{town.pk}" selected>朝阳街道</option>' in html


def test_district_list_hides_expired_notices(demo, client):
    expired = NoticePageFactory(
        parent=notice_index_page(),
        title="过期的区级通知",
        valid_until=_today() - datetime.timedelta(days=1),
    )
    assert expired.title not in client.get(notice_index_page().url).content.decode()
    assert client.get(expired.url).status_code == 200


def test_feeds(unit, client):
    notice = NoticePageFactory(parent=unit, title="订阅测试通知", summary="摘要文字")
    expired = NoticePageFactory(
        parent=unit, title="订阅过期通知", valid_until=_today() - datetime.timedelta(days=2)
    )
    rss = client.get(f"{unit.url}feed/rss/")
    assert rss.status_code == 200
    assert rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "<title>海馨园邻里之家 · 通知公告</title>" in body
    assert f"http://testserver{notice.url}" in body and "摘要文字" in body
    assert expired.title not in body
    atom = client.get(f"{unit.url}feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert notice.title in atom.content.decode()
    other = NoticePageFactory(
        parent=UnitPage.objects.get(title="裕华园邻里之家"), title="裕华园的新通知"
    )
    body = client.get(f"{unit.url}feed/rss/").content.decode()
    assert other.title not in body
    district = client.get(notice_index_page().url + "feed/rss/").content.decode()
    assert notice.title in district and other.title in district
    html = client.get(notice_index_page().url).content.decode()
    assert 'type="application/atom+xml"' in html


def test_notices_are_in_the_sitemap_even_when_expired(unit, client):
    expired = NoticePageFactory(
        parent=unit, title="过期但可访问", valid_until=_today() - datetime.timedelta(days=3)
    )
    draft = NoticePageFactory(parent=unit, title="草稿通知", live=False)
    xml = client.get("/sitemap.xml").content.decode()
    live = NoticePage.objects.child_of(unit).live().exclude(pk=expired.pk).first()
    assert f"http://localhost{live.url}" in xml or live.url in xml
    assert expired.url in xml
    assert draft.url_path.split("/")[-2] not in xml


def test_scheduled_publishing_and_expiry(unit):
    now = timezone.now()
    due = NoticePageFactory(parent=unit, title="到点发布", live=False)
    due.save_revision(approved_go_live_at=now - datetime.timedelta(minutes=5))
    later = NoticePageFactory(parent=unit, title="明天发布", live=False)
    later.save_revision(approved_go_live_at=now + datetime.timedelta(days=1))
    ending = NoticePageFactory(parent=unit, title="到点下线")
    ending.expire_at = now - datetime.timedelta(minutes=1)
    ending.save()

    call_command("publish_scheduled")

    due.refresh_from_db()
    later.refresh_from_db()
    ending.refresh_from_db()
    assert due.live and due.first_published_at is not None
    assert not later.live
    assert not ending.live and ending.expired
    assert ending not in NoticePage.objects.for_unit(unit)
    assert due in NoticePage.objects.for_unit(unit)


def test_lists_never_count_every_notice(unit, client):
    """The pager counts only as far as it shows (core.pagination): at Tianjin scale a COUNT
    of every current notice took 90 ms (PostgreSQL) to 400 ms (SQLite) per list view."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in (notice_index_page().url, unit.notices_url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts = [q["sql"] for q in queries if "COUNT(" in q["sql"]]
        assert counts, url
        assert all("LIMIT" in sql for sql in counts), counts


def test_the_place_filters_follow_the_tree(district, client, settings):
    from demo.factories.units import CommunityPageFactory, TownPageFactory

    index = notice_index_page()
    client.get(index.url)  # draws and caches the selects
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"  # past the page cache
    assert "新设测试街道" not in client.get(index.url).content.decode()

    town = TownPageFactory(title="新设测试街道")
    CommunityPageFactory(parent=town, title="新设测试社区")
    html = client.get(index.url).content.decode()
    assert f'<option value="{town.pk}">新设测试街道</option>' in html
    assert '<optgroup label="新设测试街道">' in html and "新设测试社区" in html
