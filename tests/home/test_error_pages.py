"""The pages people meet when something is off: a mistyped address, an expired form."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_mistyped_address_gets_the_sites_own_page(client, demo):
    response = client.get("/stations/no-such-place/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "找不到这个页面" in html and 'name="viewport"' in html
    assert 'href="/search/"' in html and "静海区邻里之家" in html  # the site's header, a way on


def test_the_english_site_says_it_in_english(client, demo):
    response = client.get("/en/no-such-place/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_an_expired_form_explains_itself_in_chinese(demo):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/feedback/lookup/", {"tracking_number": "JH-2026-000001"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in html and "刷新页面后再提交" in html and "CSRF" not in html
