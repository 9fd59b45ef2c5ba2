"""The search page's queries are bounded whatever the query: one statement per candidate step,
a few to present one page of results. Pinned so that a change that adds statements shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# query → the most queries its result page may take (warm: the name index, synonyms and term
# counts are built by a first request, as in a running process). Measured on SQLite with the
# demo, plus the two of PostgreSQL's savepoint around the candidate statements.
PINNED = {
    "停水通知": 15 + 2,
    "邻里之家小区桥牌": 17 + 2,
    "海馨园": 15 + 2,
    "民政局在哪": 12 + 2,
}


@pytest.mark.parametrize("query", sorted(PINNED))
def test_search_page_queries_are_pinned(client, demo, query):
    assert client.get("/search/", {"q": query}).status_code == 200
    # The same search under another address: rendered (not the page cache's copy), with the
    # process's name index, synonyms and term counts warm.
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", {"q": query, "page": "1"})
        assert response.status_code == 200 and response["X-Cache"] == "miss"
    assert len(captured) <= PINNED[query], len(captured)
