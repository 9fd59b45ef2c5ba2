import pytest
from wagtail.models import Site

from home.models import DistrictSettings, HomePage

pytestmark = pytest.mark.django_db


def test_home_page_is_created_by_migration():
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.locale.language_code == "zh-hans"


def test_home_leads_to_every_section_that_exists(demo, client):
    html = client.get("/").content.decode()
    for label, url in [
        ("找我的邻里之家", "/stations/"),
        ("通知公告", "/notices/"),
        ("职能部门", "/departments/"),
        ("搜索", "/search/"),
    ]:
        assert f'href="{url}"' in html, label
        assert label in html
    assert 'action="/stations/find/"' in html or 'action="/units/find/"' in html


def test_footer_shows_the_district_hotline_from_site_settings(client):
    settings = DistrictSettings.for_site(Site.objects.get(is_default_site=True))
    settings.hotline = "022-12345678"
    settings.save()
    html = client.get("/").content.decode()
    assert 'href="tel:02212345678"' in html
    assert "022-12345678" in html


def test_no_external_requests_in_pages(demo, client):
    import re

    for url in ["/", "/stations/", "/notices/", "/departments/", "/search/?q=物业"]:
        html = client.get(url).content.decode()
        # Absolute addresses of this site (canonical, alternates, share image) are not external.
        found = re.findall(r'(?:src|href|content)="((?:https?:)?//[^"]+)"', html)
        external = [u for u in found if not u.startswith("http://testserver/")]
        assert external == [], (url, external)


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "search": "ok",
        "search_pending": 0,  # index changes waiting for the search engine (search.index_queue)
    }


def test_elder_mode_is_remembered(client):
    response = client.get("/elder-mode/?on=1&next=/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert 'class="elder"' in client.get("/").content.decode()
    client.get("/elder-mode/?on=0&next=/")
    assert 'class="elder"' not in client.get("/").content.decode()


def test_elder_mode_does_not_redirect_off_site(client):
    response = client.get("/elder-mode/?on=1&next=https://evil.example/")
    assert response["Location"] == "/"
