import pytest
from django.test import override_settings

from search.backends import elasticsearch_backend_settings

pytestmark = pytest.mark.django_db


def test_healthz_checks_database_cache_and_search(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["search"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_fails_when_search_is_down(client):
    unreachable = elasticsearch_backend_settings("http://127.0.0.1:9")
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": unreachable}):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["search"] != "ok"
    assert response.json()["database"] == "ok"
