import re

import pytest
from wagtail.models import Locale

from units.finder import core_terms, find_units
from units.models import UnitPage

pytestmark = pytest.mark.django_db


def _first(query):
    ranked = find_units(query, locale_id=Locale.get_default().pk)
    return UnitPage.objects.get(pk=ranked[0][0]).title if ranked else None


@pytest.mark.parametrize(
    "query,expected",
    [
        ("海馨", "海馨园邻里之家"),
        ("海馨园", "海馨园邻里之家"),
        ("东方小区 2号楼", "东方小区邻里之家"),
        ("东方小区2号楼3单元", "东方小区邻里之家"),
        ("裕华", "裕华园邻里之家"),
        ("裕华里", "裕华里邻里之家"),
        ("欣苑南区", "众泰欣苑邻里之家"),
        ("阳光新城二期", "阳光新城邻里之家"),
        ("胜利街46号", "胜利街平房片区邻里之家"),
        ("玉华园", "裕华园邻里之家"),  # homophone typed with a pinyin keyboard
        ("海新园", "海馨园邻里之家"),  # homophone
        ("御景", "御景园邻里之家"),
        ("ＹＵＪＩＮＧ", None),
    ],
)
def test_finder_puts_the_right_station_first(demo, query, expected):
    assert _first(query) == expected


def test_building_numbers_are_ignored():
    assert core_terms("东方小区 2号楼 301室") == ["东方小区"]
    assert core_terms("!!!") == []


def test_find_page_shows_results_and_helpful_messages(demo, client):
    html = client.get("/units/find/", {"q": "海馨"}).content.decode()
    assert re.search(r"<strong>海馨园邻里之家</strong>", html)
    for query, message in [
        ("", "请输入小区名称"),
        ("!!!", "没有看懂"),
        ("x" * 80, "太长"),
        ("火星基地", "没有找到"),
    ]:
        response = client.get("/units/find/", {"q": query})
        assert response.status_code == 200
        assert message in response.content.decode()


def test_a_question_in_the_finder_leads_to_the_site_search(demo, client):
    html = client.get("/units/find/", {"q": "楼道灯坏了找谁"}).content.decode()
    assert (
        'href="/search/?q=%E6%A5%BC%E9%81%93%E7%81%AF%E5%9D%8F%E4%BA%86%E6%89%BE%E8%B0%81"' in html
    )
    assert 'class="card-list results"' not in html  # no station fits a question


def test_find_keeps_what_was_typed(demo, client):
    html = client.get("/units/find/", {"q": "火星基地"}).content.decode()
    assert 'value="火星基地"' in html


def test_suggestions_json(demo, client):
    data = client.get("/units/suggest/", {"q": "裕华"}).json()
    assert data["results"][0]["title"] == "裕华园邻里之家"
    assert data["results"][0]["url"].startswith("/stations/")
    assert client.get("/units/suggest/", {"q": ""}).json()["results"] == []


def test_finder_sees_new_stations_after_publish(demo, client):
    from demo.factories.units import CompoundFactory, UnitPageFactory

    parent = UnitPage.objects.get(title="海馨园邻里之家").get_parent()
    assert find_units("望海苑") == []
    unit = UnitPageFactory(parent=parent, title="望海苑邻里之家")
    CompoundFactory(page=unit, name="望海苑")
    unit.save_revision().publish()
    assert _first("望海苑") == "望海苑邻里之家"
