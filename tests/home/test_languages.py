import pytest

pytestmark = pytest.mark.django_db


def test_chinese_is_the_default_without_prefix(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans"' in html
    assert "静海区邻里之家" in html


def test_english_lives_under_en(client):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_language_switcher_points_to_the_other_language(client):
    html = client.get("/search/?q=x").content.decode()
    assert 'href="/en/search/' in html
    html = client.get("/en/search/").content.decode()
    assert 'href="/search/' in html


def test_hreflang_alternates_are_present(client):
    html = client.get("/search/").content.decode()
    assert 'hreflang="zh-Hans"' in html and 'hreflang="en"' in html
