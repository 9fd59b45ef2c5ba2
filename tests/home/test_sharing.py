"""What a forwarded link previews and what search engines read (issue 21): Open Graph tags,
JSON-LD, hreflang, canonical and description of a station, a notice and the home page in both
languages, parsed from the HTML the site serves."""

import io
import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import Image

from units.models import NoticePage, UnitPage

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
STATION = "海馨园邻里之家"
NOTICE = "海馨园计划停水通知"


class Head(HTMLParser):
    """<meta>, <link> and JSON-LD blocks of a page."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_ld = {}, [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_ld = False

    def one(self, key):
        values = self.meta.get(key, [])
        assert len(values) == 1, (key, values)
        return values[0]

    def hreflang(self):
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link.get("rel") == "alternate" and "hreflang" in link
        }

    def canonical(self):
        (link,) = [link for link in self.links if link.get("rel") == "canonical"]
        return link["href"]


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


def _station(demo):
    return UnitPage.objects.get(title=STATION, locale__language_code="zh-hans")


def _notice(demo):
    return NoticePage.objects.get(title=NOTICE, locale__language_code="zh-hans")


def _check_common(head, url, language):
    """Every page: description, canonical, absolute alternates for both languages, OG basics."""
    assert head.one("description")
    assert head.canonical() == BASE + url
    alternates = head.hreflang()
    chinese = url.removeprefix("/en")
    assert alternates == {
        "zh-Hans": BASE + chinese,
        "en": BASE + "/en" + chinese,
        "x-default": BASE + chinese,
    }
    assert head.one("og:url") == BASE + url
    assert head.one("og:title") and head.one("og:description") == head.one("description")
    assert head.one("og:locale") == {"zh-hans": "zh_CN", "en": "en_US"}[language]
    assert head.one("og:site_name")
    image = head.one("og:image")
    assert urlsplit(image).scheme == "http" and urlsplit(image).netloc == "testserver"
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
    assert head.one("og:image:alt")
    return image


def _fetch_png(client, url):
    response = client.get(url.removeprefix(BASE))
    assert response.status_code == 200, url
    assert response["Content-Type"] == "image/png"
    content = b"".join(response) if response.streaming else response.content
    return response, content


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_station_previews_its_card_and_describes_a_government_office(demo, client, language):
    station = _station(demo)
    url = ("/en" if language == "en" else "") + station.url
    head = _page(client, url)
    image = _check_common(head, url, language)
    assert head.one("og:type") == "website"
    # The share card: the station's own picture, kept for a year.
    response, png = _fetch_png(client, image)
    assert (
        "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]
    )
    with Image.open(io.BytesIO(png)) as card:
        assert card.size == (1200, 630)
    assert station.phone in head.one("og:image:alt")
    assert station.phone in head.one("description")

    (data,) = head.json_ld
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentOffice"
    assert data["url"] == BASE + url
    assert data["telephone"] == station.phone
    assert data["address"]["@type"] == "PostalAddress"
    # The address as the page gives it, in the page's language.
    assert data["address"]["streetAddress"][:30] in head.one("description")
    assert data["address"]["addressLocality"] == "静海区"
    hours = data["openingHoursSpecification"]
    weekdays = hours[0]["dayOfWeek"]
    assert weekdays[0] == "https://schema.org/Monday" and (hours[0]["opens"], hours[0]["closes"])
    assert {c["contactType"] for c in data["contactPoint"]} >= {"网格员"} or language == "en"
    assert data["image"] == image


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_notice_previews_its_station_card_and_is_a_dated_announcement(demo, client, language):
    notice, station = _notice(demo), _station(demo)
    url = ("/en" if language == "en" else "") + notice.url
    head = _page(client, url)
    image = _check_common(head, url, language)
    assert head.one("og:type") == "article"
    assert head.one("og:title") == NOTICE
    # No image in the notice: its station's card.
    station_head = _page(client, ("/en" if language == "en" else "") + station.url)
    assert image == station_head.one("og:image")

    (data,) = head.json_ld
    assert data["@type"] == "SpecialAnnouncement"
    assert data["name"] == NOTICE and data["url"] == BASE + url
    assert data["datePosted"] == notice.date.isoformat()
    assert data["category"]
    assert data["inLanguage"] == "zh-Hans"  # untranslated: the Chinese text, also under /en/
    # The station that posted it, as the reader's language names it.
    place = data["announcementLocation"]
    assert place["@type"] == "GovernmentOffice" and place["telephone"] == station.phone
    assert place["name"] == station_head.one("og:title") == data["publisher"]["name"]
    assert place["url"] == BASE + ("/en" if language == "en" else "") + station.url


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_home_page_previews_the_emblem_and_describes_the_site(demo, client, language):
    url = "/en/" if language == "en" else "/"
    head = _page(client, url)
    image = _check_common(head, url, language)
    assert image == BASE + "/static/img/share.png"
    (data,) = head.json_ld
    assert data["@type"] == "WebSite" and data["url"] == BASE + url
    assert data["inLanguage"] == {"zh-hans": "zh-Hans", "en": "en"}[language]
    assert data["potentialAction"]["target"].startswith(BASE)
    assert data["publisher"]["@type"] == "GovernmentOrganization"
    assert data["publisher"]["telephone"] == "12345"


def test_home_title_names_the_site_once(demo, client):
    html = client.get("/").content.decode()
    assert "<title>静海区邻里之家 · 居民吹哨 · 部门报到</title>" in html
    station = _station(demo)
    html = client.get(station.url).content.decode()
    assert f"<title>{STATION} · 静海区邻里之家</title>" in html


def test_notice_with_an_image_previews_that_image(demo, client):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="停水示意图", file=get_test_image_file())
    notice = _notice(demo)
    notice.body = (
        f'<p>停水</p><embed embedtype="image" id="{image.pk}" format="fullwidth" alt="示意图"/>'
    )
    notice.save_revision().publish()
    head = _page(client, notice.url)
    og_image = head.one("og:image")
    assert "/media/images/" in og_image and og_image.startswith(BASE)
    (data,) = head.json_ld
    assert data["image"] == og_image


def test_structured_data_cannot_close_its_script_element(demo, client):
    notice = _notice(demo)
    notice.title = "停水</script><script>alert(1)</script>"
    notice.save_revision().publish()
    html = client.get(notice.url).content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and "\\u003C/script\\u003E" in block
    assert json.loads(block)["name"] == notice.title
    # The title, escaped once, in <title> and og:title.
    escaped = "停水&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f"<title>{escaped} · " in html
    assert f'<meta property="og:title" content="{escaped}">' in html


@pytest.mark.parametrize(
    "url",
    [
        "/ratings/ranking/",
        "/feedback/",
        "/search/?q=物业",
        "/notices/",
        "/departments/",
        "/stations/",
        "/handbook/",
        "/en/ratings/ranking/",
    ],
)
def test_every_page_has_a_description_canonical_and_preview(demo, client, url):
    head = _page(client, url)
    assert head.one("description")
    assert head.canonical().startswith(BASE + "/")
    assert urlsplit(head.canonical()).path == urlsplit(url).path
    assert head.one("og:image").startswith(BASE)
    assert all(href.startswith(BASE) for href in head.hreflang().values())


def test_pagination_and_periods_stay_in_the_canonical_address_and_filters_do_not(demo, client):
    head = _page(client, "/ratings/ranking/?period=2025Q1&utm_source=wechat")
    assert head.canonical() == BASE + "/ratings/ranking/?period=2025Q1"
    head = _page(client, "/notices/?category=safety&page=1")
    assert head.canonical() == BASE + "/notices/"


def test_robots_txt_points_at_both_sitemaps(demo, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    sitemaps = [line.split(": ", 1)[1] for line in lines if line.startswith("Sitemap: ")]
    assert sitemaps == [BASE + "/sitemap.xml", BASE + "/en/sitemap.xml"]
    for sitemap in sitemaps:
        assert client.get(sitemap.removeprefix(BASE)).status_code == 200
    disallowed = [line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")]
    assert "/admin/" in disallowed and "/en/search/" in disallowed
    # The pages people should find stay crawlable.
    station = _station(demo)
    for path in ["/", station.url, "/feedback/", "/ratings/ranking/", "/en" + station.url]:
        assert not any(path.startswith(prefix) for prefix in disallowed), path


def test_favicon_and_touch_icon_answer_at_the_root(client):
    for path, size in [("/favicon.ico", (48, 48)), ("/apple-touch-icon.png", (180, 180))]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "max-age" in response["Cache-Control"]
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as icon:
            assert icon.size == size


@pytest.mark.parametrize("prefix,start", [("", "/"), ("/en", "/en/")])
def test_manifest_names_the_site_with_icons_and_colour(client, prefix, start):
    response = client.get(prefix + "/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] and manifest["short_name"]
    assert manifest["start_url"] == start and manifest["theme_color"] == "#a61b1b"
    # "browser": a home-screen icon opens the page it was added from (a resident's station).
    assert manifest["display"] == "browser"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_pages_link_the_icons_and_manifest(client):
    head = _page(client, "/")
    rels = {link["rel"]: link["href"] for link in head.links}
    assert rels["icon"] in ("/favicon.ico", "/static/img/icon-192.png")
    assert rels["apple-touch-icon"].endswith("apple-touch-icon.png")
    assert rels["manifest"] == "/manifest.webmanifest"
    assert head.one("theme-color") == "#a61b1b"
