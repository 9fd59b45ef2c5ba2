"""The search suite against a real Elasticsearch, when ELASTICSEARCH_URL is set.

CI starts a node with .ci/elasticsearch.sh. The demo district is indexed once per module into
its own indexes (prefix linli_test_), deleted afterwards. Tests that change pages create their
own and take them out of the index again, because the index, unlike the database, is not rolled
back after each test.
"""

import os

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Locale, Page, PageViewRestriction

from demo.factories.units import NoticePageFactory
from search.backends import elasticsearch_backend_settings
from search.evaluation import evaluate, site_search_top_titles
from search.retrieval import get_retriever
from search.retrieval.elasticsearch import ElasticsearchRetriever
from search.service import site_search
from units.models import NoticePage, UnitPage

from .test_recall import check_targets

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL")

if not ELASTICSEARCH_URL:
    pytest.skip(
        "ELASTICSEARCH_URL is not set: no Elasticsearch to test against",
        allow_module_level=True,
    )

pytestmark = pytest.mark.django_db


def _params():
    params = elasticsearch_backend_settings(ELASTICSEARCH_URL, index_prefix="linli_test_")
    params["ATOMIC_REBUILD"] = False
    return params


@pytest.fixture(scope="module")
def indexed(django_db_setup, django_db_blocker):
    """The demo district (committed by the session fixture) indexed in Elasticsearch."""
    from modelsearch.backends import get_search_backend

    with (
        django_db_blocker.unblock(),
        override_settings(WAGTAILSEARCH_BACKENDS={"default": _params()}),
    ):
        call_command("update_index", verbosity=0)
        backend = get_search_backend("default")
        backend.refresh_indexes()
    yield backend
    for index in backend.all_indexes():
        index.delete()


@pytest.fixture
def elasticsearch(indexed, settings, demo):
    settings.WAGTAILSEARCH_BACKENDS = {"default": _params()}
    last_pk = Page.objects.order_by("-pk").values_list("pk", flat=True).first()
    yield indexed
    # Database ids are reused after the rollback: a stale document would point at another page.
    for page in Page.objects.filter(pk__gt=last_pk).specific():
        indexed.delete(page)
    indexed.refresh_indexes()


def _titles(client, query, **params):
    response = client.get("/search/", {"q": query, "format": "json", **params})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["results"]]


def _page_index(backend):
    return backend.get_index_for_model(Page)


def test_the_node_is_elasticsearch_8(indexed):
    info = indexed.es.nodes.info(node_id="_local")
    (node,) = info["nodes"].values()
    assert node["version"].startswith("8.")


def test_every_page_is_indexed(elasticsearch):
    index = _page_index(elasticsearch)
    assert elasticsearch.es.count(index=index.name)["count"] == Page.objects.count()


def test_the_index_analyses_chinese_into_characters_and_bigrams(elasticsearch):
    index = _page_index(elasticsearch)
    # The index's default analyzer (search/backends.py): full-width latin folded, lower-cased.
    tokens = elasticsearch.es.indices.analyze(index=index.name, text="海馨园 ＷｉＦｉ")["tokens"]
    assert [t["token"] for t in tokens] == ["海", "海馨", "馨", "馨园", "园", "wifi"]


def test_recall_at_3(elasticsearch):
    assert isinstance(get_retriever(), ElasticsearchRetriever)
    result = evaluate(site_search_top_titles)
    assert result.recall >= 0.9, (result.recall, result.misses)
    check_targets(result)  # the same per-category targets as the database backends


def test_term_counts_come_from_the_index(elasticsearch):
    retriever = get_retriever()
    counts = retriever.frequencies(["停水", "海馨", "没有这个词"])
    zh_and_en = UnitPage.objects.count()  # each station's notice, in both language trees
    assert counts == {"停水": zh_and_en, "海馨": counts["海馨"], "没有这个词": 0}
    assert 0 < counts["海馨"] < counts["停水"]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("開放時間", "静海区邻里之家服务指南"),  # Traditional
        ("yuhuayuan", "裕华园邻里之家"),  # pinyin
        ("玉华园", "裕华园邻里之家"),  # same sound, wrong characters
        ("派出所", "公安静海分局"),  # synonym
        ("楼道堆东西找谁", "消防救援支队"),  # a question
        ("civil affairs", "民政局"),  # English name
    ],
)
def test_how_residents_ask(client, elasticsearch, query, expected):
    assert expected in _titles(client, query)[:3]


def test_identical_notices_and_their_station(client, elasticsearch):
    results = client.get("/search/", {"q": "电动自行车充电", "format": "json"}).json()["results"]
    (entry,) = [item for item in results if item["title"] == "电动自行车充电安全提示"]
    assert (
        entry["more_stations"] == UnitPage.objects.filter(locale=Locale.get_default()).count() - 1
    )
    first = client.get("/search/", {"q": "海馨园停水", "format": "json"}).json()["results"][0]
    assert first["station"] == "海馨园邻里之家"


def test_restricted_pages_never_appear(client, elasticsearch):
    unit = UnitPage.objects.get(title="海馨园邻里之家", locale=Locale.get_default())
    PageViewRestriction.objects.create(page=unit, restriction_type="password", password="x")
    for query in ("海馨园", "haixinyuan", "海馨园停水"):
        assert not {"海馨园邻里之家", "海馨园计划停水通知"} & set(_titles(client, query))


def test_an_expired_budget_still_answers(elasticsearch):
    outcome = site_search("海馨园停水", Locale.get_default(), budget=0.001)
    assert outcome.hits  # what was found in time (or the station the query names)


@pytest.mark.parametrize(
    "query,expected",
    [
        ("六必访", "六必访：六类对象每天必访"),
        ("海馨园", "海馨园邻里之家"),
        ("民警", "四级调处：把矛盾化解在萌芽中"),
        ("独居老人", "六必访：六类对象每天必访"),
        ("水务", "水务局"),
        ("海馨园停水", "海馨园计划停水通知"),
        ("调解", "司法局"),
    ],
)
def test_chinese_queries(client, elasticsearch, query, expected):
    assert expected in _titles(client, query)


def test_a_query_with_an_unknown_word_falls_back_to_any_word(client, elasticsearch):
    assert _titles(client, "海馨园 不存在")[0] == "海馨园邻里之家"


def test_type_filter(client, elasticsearch):
    response = client.get("/search/", {"q": "海馨", "type": "notice", "format": "json"})
    assert {item["type"] for item in response.json()["results"]} == {"notice"}


def test_a_title_hit_ranks_above_a_passing_mention(client, elasticsearch):
    unit = UnitPage.objects.get(title="海馨园邻里之家")
    NoticePageFactory(parent=unit, title="桥牌比赛报名", body="<p>欢迎报名。</p>")
    NoticePageFactory(
        parent=unit,
        title="社区活动安排",
        body="<p>本月有书法、合唱、太极拳等活动，周末还有桥牌比赛。"
        "桥牌比赛的场地在活动室，其他活动请看公告栏。</p>",
    )
    elasticsearch.refresh_indexes()
    assert _titles(client, "桥牌") == ["桥牌比赛报名", "社区活动安排"]


def test_publishing_unpublishing_editing_and_deleting_update_the_index(client, elasticsearch):
    unit = UnitPage.objects.get(title="海馨园邻里之家")
    notice = NoticePage(title="围棋培训班招生", body="<p>每周六上午。</p>", live=False)
    unit.add_child(instance=notice)
    notice.save_revision()
    elasticsearch.refresh_indexes()
    assert "围棋培训班招生" not in _titles(client, "围棋")  # a draft is not a result

    notice.get_latest_revision().publish()
    elasticsearch.refresh_indexes()
    assert _titles(client, "围棋") == ["围棋培训班招生"]

    notice.refresh_from_db()
    notice.title = "象棋培训班招生"
    notice.save_revision().publish()
    elasticsearch.refresh_indexes()
    assert _titles(client, "围棋") == []
    assert _titles(client, "象棋") == ["象棋培训班招生"]

    notice.unpublish()
    elasticsearch.refresh_indexes()
    assert _titles(client, "象棋") == []

    notice.get_latest_revision().publish()
    elasticsearch.refresh_indexes()
    assert _titles(client, "象棋") == ["象棋培训班招生"]

    index = _page_index(elasticsearch)
    query = {"match": {"title": "象棋"}}
    assert elasticsearch.es.count(index=index.name, query=query)["count"] == 1
    notice.delete()
    elasticsearch.refresh_indexes()
    assert elasticsearch.es.count(index=index.name, query=query)["count"] == 0
    assert _titles(client, "象棋") == []


def test_admin_autocomplete_finds_pages_by_chinese_words(elasticsearch):
    # The admin page search calls autocomplete(); 职能部门 is a plain Page type, so its raw
    # title is tokenised by the index's CJK analyzer, not by ChineseSearchable.
    for query, title in [("六必访", "六必访：六类对象每天必访"), ("职能部门", "职能部门")]:
        assert title in [page.title for page in Page.objects.autocomplete(query)], query


def test_healthz_sees_the_cluster(client, elasticsearch):
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json()["search"] == "ok"


def test_a_restricted_notice_is_not_a_result(client, elasticsearch):
    """Issue 15, item 4, on Elasticsearch (the database backends: tests/security)."""
    from wagtail.models import PageViewRestriction

    unit = UnitPage.objects.get(title="海馨园邻里之家")
    notice = NoticePageFactory(
        parent=unit, title="楼栋内部通知", body="<p>仅限本楼居民的密语暗号。</p>"
    )
    elasticsearch.refresh_indexes()
    assert _titles(client, "密语暗号") == ["楼栋内部通知"]
    PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = client.get("/search/", {"q": "密语暗号"})
    assert "楼栋内部通知" not in response.content.decode()
    assert _titles(client, "密语暗号") == []
