"""Results a resident can use: station names, grouped notices, section links, no private pages."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, PageViewRestriction

from demo.factories.units import NoticePageFactory
from handbook.models import HandbookChapterPage
from units.models import DepartmentPage, NoticePage, UnitPage

from .helpers import search_json, search_titles

pytestmark = pytest.mark.django_db


def test_a_notice_says_which_station_posted_it(client, demo):
    first = search_json(client, "海馨园停水")["results"][0]
    assert first["title"] == "海馨园计划停水通知"
    assert first["station"] == "海馨园邻里之家"


def test_identical_notices_collapse_into_one_entry(client, demo):
    stations = UnitPage.objects.filter(locale=Locale.get_default()).count()
    results = search_json(client, "电动自行车充电")["results"]
    same = [item for item in results if item["title"] == "电动自行车充电安全提示"]
    assert len(same) == 1
    assert same[0]["more_stations"] == stations - 1
    html = client.get("/search/", {"q": "电动自行车充电"}).content.decode()
    assert f"另有 {stations - 1} 个站点发布了相同通知" in html
    # The link lists every copy, each with its station.
    listing = client.get("/search/" + same[0]["more_url"] + "&format=json").json()
    assert listing["total"] == stations
    assert {item["station"] for item in listing["results"]} <= {u.title for u in demo}


def test_a_handbook_result_links_to_the_matching_section(client, demo):
    chapter = HandbookChapterPage.objects.get(
        title="六必访：六类对象每天必访", locale=Locale.get_default()
    )
    anchors = {anchor for anchor, _heading, _text in chapter.search_sections()}
    first = search_json(client, "保护居民隐私")["results"][0]
    assert first["title"] == chapter.title
    url, _hash, anchor = first["url"].partition("#")
    assert url == chapter.url and anchor in anchors
    assert "隐私" in first["snippet"]
    # A match of the chapter's own title links to the chapter.
    assert search_json(client, "六必访")["results"][0]["url"] == chapter.url


@pytest.mark.parametrize("restriction", ["password", "login"])
def test_restricted_pages_never_appear(client, demo, restriction):
    unit = UnitPage.objects.get(title="海馨园邻里之家", locale=Locale.get_default())
    NoticePageFactory(parent=unit, title="内部通知围棋", body="<p>仅限工作人员。</p>")
    PageViewRestriction.objects.create(page=unit, restriction_type=restriction, password="secret")
    for query in ("海馨园", "内部通知围棋", "haixinyuan", "海新园"):
        titles = search_titles(client, query)
        assert not {"海馨园邻里之家", "内部通知围棋", "海馨园计划停水通知"} & set(titles), query
    # The English tree's untranslated copy (an alias) is restricted with its source.
    department = DepartmentPage.objects.get(title="民政局", locale=Locale.get_default())
    english = client.get("/en/search/", {"q": "civil affairs", "format": "json"}).json()
    assert english["results"][0]["title"] == "民政局"
    PageViewRestriction.objects.create(page=department, restriction_type=restriction)
    assert "民政局" not in search_titles(client, "低保")
    english = client.get("/en/search/", {"q": "civil affairs", "format": "json"}).json()
    assert "民政局" not in [item["title"] for item in english["results"]]


def test_editors_picks_come_first(client, demo):
    department = DepartmentPage.objects.get(title="水务局", locale=Locale.get_default())
    SearchPromotion.objects.create(
        query=Query.get("停水"), page=department, description="停水问题请联系水务局。"
    )
    first = search_json(client, "停水")["results"][0]
    assert (first["title"], first["promoted"]) == ("水务局", True)
    assert search_json(client, "停水")["results"][1:] and all(
        not item.get("promoted") for item in search_json(client, "停水")["results"][1:]
    )


def test_english_queries(client, demo):
    # The English site: translated pages by their English text, untranslated ones by English names.
    assert "Haixinyuan Neighbourhood Station" in [
        item["title"]
        for item in client.get("/en/search/", {"q": "Haixinyuan", "format": "json"}).json()[
            "results"
        ]
    ]
    english = client.get("/en/search/", {"q": "police", "format": "json"}).json()["results"]
    assert english[0]["title"] == "公安静海分局" and english[0]["url"].startswith("/en/")
    # The Chinese site: English names of departments and chapters, English-only text.
    assert search_titles(client, "civil affairs")[0] == "民政局"
    assert search_titles(client, "six must-visits")[0] == "六必访：六类对象每天必访"
    assert search_titles(client, "lively organisation")[0].startswith("Three kinds of life")


def test_notice_json_keeps_its_four_keys_plus_the_station(client, demo):
    item = search_json(client, "书香苑停水")["results"][0]
    assert set(item) == {"title", "url", "type", "snippet", "station"}
    assert NoticePage.objects.filter(title=item["title"]).exists()
