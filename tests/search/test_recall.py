"""recall@3 and MRR of the site search on the database backend in use (SQLite or PostgreSQL in
CI), per query category; tests/search/test_elasticsearch_live.py asks the same of Elasticsearch."""

import pytest
from django.db import connection

from search.evaluation import (
    evaluate,
    load_queryset,
    query_recall,
    reciprocal_rank,
    site_search_top_titles,
)

pytestmark = pytest.mark.django_db

CATEGORIES = {
    "names",
    "partial",
    "homophones",
    "traditional",
    "pinyin",
    "initials",
    "departments",
    "questions",
    "handbook",
    "english",
    "noisy",
    "topics",
}
# Initials (yhy) name several places at once: reported, not held to the targets.
UNTARGETED = {"initials"}


def test_queryset_covers_every_category():
    queries = load_queryset()
    assert len(queries) >= 150
    assert len({entry["query"] for entry in queries}) == len(queries)
    assert {entry["category"] for entry in queries} == CATEGORIES
    assert any(len(entry["query"]) == 1 for entry in queries)
    assert sum(len(entry["query"]) == 2 for entry in queries) >= 10


def test_query_recall_and_rank():
    entry = {"query": "x", "expected": ["a", "b"]}
    assert query_recall(entry, ["a", "c", "d"]) == 0.5
    assert query_recall({**entry, "any": True}, ["c", "b", "d"]) == 1
    assert query_recall({"query": "x", "title_contains": "之家"}, ["海馨园邻里之家"]) == 1
    assert reciprocal_rank(entry, ["c", "b", "a"]) == 0.5
    assert reciprocal_rank(entry, ["c"]) == 0


def check_targets(result):
    """recall@3 ≥ 0.95 and MRR ≥ 0.90 in every category but initials."""
    failing = {
        name: (recall, mrr)
        for name, (_count, recall, mrr) in result.by_category.items()
        if name not in UNTARGETED and (recall < 0.95 or mrr < 0.90)
    }
    assert not failing, (failing, result.misses)


def test_recall_and_mrr_per_category(demo):
    result = evaluate(site_search_top_titles)
    assert result.recall >= 0.95, (connection.vendor, result.recall, result.misses)
    check_targets(result)
