"""recall@3 of the site search on the database backend in use (SQLite or PostgreSQL in CI)."""

import pytest
from django.db import connection

from search.evaluation import evaluate, load_queryset, query_recall, site_search_top_titles

pytestmark = pytest.mark.django_db


def test_queryset_has_at_least_40_chinese_queries():
    queries = load_queryset()
    assert len(queries) >= 40
    assert len({entry["query"] for entry in queries}) == len(queries)
    assert any(len(entry["query"]) == 1 for entry in queries)
    assert sum(len(entry["query"]) == 2 for entry in queries) >= 10


def test_query_recall():
    entry = {"query": "x", "expected": ["a", "b"]}
    assert query_recall(entry, ["a", "c", "d"]) == 0.5
    assert query_recall({**entry, "any": True}, ["c", "b", "d"]) == 1
    assert query_recall({"query": "x", "title_contains": "之家"}, ["海馨园邻里之家"]) == 1


def test_recall_at_3(demo):
    result = evaluate(site_search_top_titles)
    assert result.recall >= 0.95, (connection.vendor, result.recall, result.misses)
