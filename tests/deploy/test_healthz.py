import pytest
from django.test import override_settings

from search.backends import search_backends

pytestmark = pytest.mark.django_db


def test_healthz_checks_database_cache_and_search(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["search"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_degraded_not_failing_when_elasticsearch_is_away(client):
    """Searches then answer from the database (search/fallback.py): the server keeps serving,
    so it stays in the load balancer (200), and says how many index changes wait."""
    backends = search_backends("http://127.0.0.1:9")  # a closed port: refused at once
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "degraded"
    assert data["search"] != "ok"
    assert data["database"] == "ok"
    assert data["search_pending"] == 0
