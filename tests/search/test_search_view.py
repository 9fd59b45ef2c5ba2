import pytest
from wagtail.models import Page

from demo.factories.accounts import login_with_mfa, with_mfa
from demo.factories.units import NoticePageFactory
from handbook.models import HandbookChapterPage
from units.models import DepartmentPage, NoticePage, UnitPage

pytestmark = pytest.mark.django_db


def _json(client, query, **params):
    response = client.get("/search/", {"q": query, "format": "json", **params})
    assert response.status_code == 200
    return response.json()


def _titles(client, query, **params):
    return [item["title"] for item in _json(client, query, **params)["results"]]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("六必访", "六必访：六类对象每天必访"),
        ("海馨", "海馨园邻里之家"),
        ("海馨园", "海馨园邻里之家"),
        ("民警", "四级调处：把矛盾化解在萌芽中"),
        ("独居老人", "六必访：六类对象每天必访"),
        ("海馨园停水", "海馨园计划停水通知"),
        ("调解", "司法局"),
    ],
)
def test_chinese_words_inside_longer_text_are_found(client, demo, query, expected):
    titles = _titles(client, query)
    assert expected in titles


def test_one_and_two_character_queries(client, demo):
    assert (
        _json(client, "停水", type="notice")["total"]
        == UnitPage.objects.filter(locale__language_code="zh-hans").count()
    )
    assert "水务局" in _titles(client, "水", type="department")
    property_titles = _titles(client, "物业")
    assert "冬季供暖报修电话汇总" in property_titles  # "物业" only in the body
    assert "一轴：以邻里之家党支部为轴心" in property_titles


def test_a_query_with_an_unknown_word_falls_back_to_any_word(client, demo):
    # "海馨园" and "不存在" never occur together: AND finds nothing, OR still finds the station.
    assert _titles(client, "海馨园 不存在")[0] == "海馨园邻里之家"


def test_a_title_hit_ranks_above_a_passing_mention(client, demo):
    unit = UnitPage.objects.get(title="海馨园邻里之家")
    NoticePageFactory(parent=unit, title="桥牌比赛报名", body="<p>欢迎报名。</p>")
    NoticePageFactory(
        parent=unit,
        title="社区活动安排",
        body="<p>本月有书法、合唱、太极拳等活动，周末还有桥牌比赛。"
        "桥牌比赛的场地在活动室，其他活动请看公告栏。</p>",
    )
    assert _titles(client, "桥牌") == ["桥牌比赛报名", "社区活动安排"]


def test_json_format(client, demo):
    data = _json(client, "六必访")
    assert data["query"] == "六必访"
    assert data["total"] == len(data["results"]) >= 1
    first = data["results"][0]
    assert set(first) == {"title", "url", "type", "snippet"}
    assert first["type"] == "handbook"
    chapter = HandbookChapterPage.objects.get(title=first["title"], locale__language_code="zh-hans")
    assert first["url"] == chapter.url
    assert "<mark>六必访</mark>" in first["snippet"]


def test_each_result_is_labelled_with_its_type(client, demo):
    types = {item["title"]: item["type"] for item in _json(client, "海馨")["results"]}
    assert types["海馨园邻里之家"] == "station"
    assert types["海馨园计划停水通知"] == "notice"
    assert _json(client, "司法")["results"][0]["type"] == "department"


def test_type_filter(client, demo):
    results = _json(client, "海馨", type="notice")["results"]
    assert results and {item["type"] for item in results} == {"notice"}
    assert all(NoticePage.objects.filter(title=item["title"]).exists() for item in results)
    assert {i["type"] for i in _json(client, "调解", type="department")["results"]} == {
        "department"
    }
    # An unknown type is ignored rather than an error.
    assert _json(client, "海馨", type="nonsense")["total"] == 3


def test_only_the_four_types_are_searched(client, demo):
    # Town and community pages are indexed (admin search) but not site search results.
    assert Page.objects.filter(title="众泰欣苑社区").exists()
    assert "众泰欣苑社区" not in _titles(client, "众泰欣苑社区")


def test_pagination(client, demo):
    first = _json(client, "邻里之家")
    assert first["total"] > 10 and len(first["results"]) == 10 and first["num_pages"] > 1
    second = _json(client, "邻里之家", page=2)
    assert not {r["url"] for r in first["results"]} & {r["url"] for r in second["results"]}
    response = client.get("/search/", {"q": "邻里之家", "type": "station"})
    assert "q=%E9%82%BB%E9%87%8C%E4%B9%8B%E5%AE%B6&amp;type=station&amp;page=2" in (
        response.content.decode()
    )


def test_html_page_highlights_and_labels(client, demo):
    html = client.get("/search/", {"q": "海馨"}).content.decode()
    assert "<mark>海馨</mark>园邻里之家" in html
    assert '<span class="tag result-type">通知公告</span>' in html
    assert 'href="?q=%E6%B5%B7%E9%A6%A8&amp;type=notice"' in html


def test_queries_are_escaped(client, demo):
    html = client.get("/search/", {"q": '<script>alert("海馨")</script>'}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    data = _json(client, "<b>海馨</b>")
    assert "<b>" not in "".join(item["snippet"] for item in data["results"])


def test_page_text_is_escaped_before_marking(client, demo):
    unit = UnitPage.objects.get(title="海馨园邻里之家")
    NoticePageFactory(parent=unit, title="琴棋书画", body="<p>报名请写 &lt;琴棋&gt; 班</p>")
    snippet = _json(client, "琴棋")["results"][0]["snippet"]
    assert "&lt;<mark>琴棋</mark>&gt;" in snippet


def test_empty_query_shows_the_form(client, demo):
    response = client.get("/search/")
    assert response.status_code == 200
    assert _json(client, "")["total"] == 0


def test_admin_page_search_finds_pages_by_chinese_words(client, demo, django_user_model):
    admin = with_mfa(django_user_model.objects.create_superuser("chief", "chief@example.com", "x"))
    login_with_mfa(client, admin)
    for query, title in [
        ("六必访", "六必访：六类对象每天必访"),
        ("服务指南", "静海区邻里之家服务指南"),
        ("海馨园", "海馨园邻里之家"),
        ("司法", "司法局"),
        ("众泰欣苑", "众泰欣苑社区"),
    ]:
        response = client.get("/admin/pages/search/", {"q": query})
        assert response.status_code == 200
        assert title in response.content.decode(), query
    html = client.get("/admin/pages/search/", {"q": "邻里之家"}).content.decode()
    assert sum(unit.title in html for unit in demo) >= 10


def test_admin_page_search_finds_a_word_in_the_body(client, demo, django_user_model):
    admin = with_mfa(django_user_model.objects.create_superuser("chief", "chief@example.com", "x"))
    login_with_mfa(client, admin)
    response = client.get("/admin/pages/search/", {"q": "暖气"})
    assert "冬季供暖报修电话汇总" in response.content.decode()


def test_department_body_is_indexed(client, demo):
    department = DepartmentPage.objects.get(title="水务局", locale__language_code="zh-hans")
    department.body = "<p>管道井淤塞请拨打热线，二次供水设施由物业维护。</p>"
    department.save_revision().publish()
    assert "水务局" in _titles(client, "二次供水")
