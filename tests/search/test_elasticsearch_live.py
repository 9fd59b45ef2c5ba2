"""The search suite against a real Elasticsearch, when ELASTICSEARCH_URL is set.

Uses its own indexes (prefix linli_test_) and deletes them afterwards.
"""

import os

import pytest
from django.core.management import call_command

from search.backends import elasticsearch_backend_settings
from search.evaluation import evaluate, site_search_top_titles

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL")

if not ELASTICSEARCH_URL:
    pytest.skip(
        "ELASTICSEARCH_URL is not set: no Elasticsearch to test against",
        allow_module_level=True,
    )

pytestmark = pytest.mark.django_db


@pytest.fixture
def elasticsearch(settings, demo):
    from modelsearch.backends import get_search_backend

    params = elasticsearch_backend_settings(ELASTICSEARCH_URL, index_prefix="linli_test_")
    params["ATOMIC_REBUILD"] = False
    settings.WAGTAILSEARCH_BACKENDS = {"default": params}
    call_command("update_index", verbosity=0)
    backend = get_search_backend("default")
    backend.refresh_indexes()
    yield backend
    for index in backend.all_indexes():
        index.delete()


def _titles(client, query, **params):
    response = client.get("/search/", {"q": query, "format": "json", **params})
    return [item["title"] for item in response.json()["results"]]


def test_recall_at_3(elasticsearch):
    result = evaluate(site_search_top_titles)
    assert result.recall >= 0.9, (result.recall, result.misses)


@pytest.mark.parametrize(
    "query,expected",
    [
        ("六必访", "六必访：六类对象每天必访"),
        ("海馨园", "海馨园邻里之家"),
        ("民警", "四级调处：把矛盾化解在萌芽中"),
        ("独居老人", "六必访：六类对象每天必访"),
        ("水务", "水务局"),
    ],
)
def test_chinese_queries(client, elasticsearch, query, expected):
    assert expected in _titles(client, query)


def test_type_filter(client, elasticsearch):
    response = client.get("/search/", {"q": "海馨", "type": "notice", "format": "json"})
    assert {item["type"] for item in response.json()["results"]} == {"notice"}
