"""Issue 15, item 4: a restricted page shows up nowhere it has not been let in.

A notice behind a password and a station for signed-in visitors only, each with its English
copy (an alias for the notice, a translation for the station). Through the shipped topology,
an anonymous visitor walks every public list, feed, sitemap, search (page and JSON), API
listing, the finder and the forms' station lists, in both languages: before the restrictions
their titles and texts are there (so the walk looks in the right places), after them nowhere;
the pages themselves ask for the password or a login.
"""

import re
import uuid

import pytest
from wagtail.models import Locale, Page, PageViewRestriction

from core.locale import add_to_synced_trees
from demo.factories.units import CompoundFactory, NoticePageFactory, UnitPageFactory
from demo.translations import translate_page
from units.models import CommunityPage, UnitPage

pytestmark = pytest.mark.slow

NOTICE = "隐私测试通知甲乙丙"
NOTICE_BODY = "只给本楼居民看的正文丁戊己"
STATION = "隐私测试站庚辛邻里之家"
STATION_EN = "Privacy Test Station Gengxin"
COMPOUND = "隐私测试小区壬癸"
MARKERS = [NOTICE, NOTICE_BODY, STATION, STATION_EN, COMPOUND]


@pytest.fixture
def private_pages(committed, fresh_site):
    chinese = Locale.objects.get(language_code="zh-hans")
    english = Locale.objects.get(language_code="en")
    haixin = UnitPage.objects.get(title="海馨园邻里之家", locale=chinese)
    community = CommunityPage.objects.get(pk=haixin.get_parent().pk)
    notice = NoticePageFactory(
        parent=haixin, title=NOTICE, summary=NOTICE, body=f"<p>{NOTICE_BODY}</p>", pinned=True
    )
    add_to_synced_trees(notice)
    station = UnitPageFactory(parent=community, title=STATION, intro=COMPOUND)
    CompoundFactory(page=station, name=COMPOUND)
    add_to_synced_trees(station)
    translate_page(station, english, strings={STATION: STATION_EN, COMPOUND: COMPOUND})
    fresh_site.redis.flush()
    yield {"notice": notice, "station": station, "english": english, "haixin": haixin}
    for page in (notice, station):
        for copy in Page.objects.filter(translation_key=page.translation_key).order_by("-depth"):
            copy.delete()
    fresh_site.redis.flush()


def _walk(client, pages, phase):
    """{url: text} of every public place a page could be listed, in both languages."""
    notice, station, english, haixin = (
        pages["notice"],
        pages["station"],
        pages["english"],
        pages["haixin"],
    )
    bust = f"_={phase}{uuid.uuid4().hex[:6]}"
    community = station.get_parent().specific
    town = community.get_parent().specific
    html = [
        "/",
        "/en/",
        "/notices/",
        "/en/notices/",
        haixin.url,
        haixin.get_translation(english).url,
        haixin.url + "notices/",
        community.url,
        community.get_translation(english).url,
        town.url,
        town.get_translation(english).url,
        "/stations/",
        "/en/stations/",
        "/ratings/",
    ]
    urls = [f"{url}?{bust}" for url in html]
    urls += [f"/feedback/?unit={station.pk}&{bust}", f"/en/feedback/?unit={station.pk}&{bust}"]
    urls += [
        "/notices/feed/rss/",
        "/notices/feed/atom/",
        "/en/notices/feed/rss/",
        "/en/notices/feed/atom/",
        haixin.url + "feed/rss/",
        haixin.get_translation(english).url + "feed/atom/",
        "/sitemap.xml",
        "/en/sitemap.xml",
        "/units/find/?q=壬癸",
        "/units/suggest/?q=壬癸",
        "/en/units/suggest/?q=壬癸",
    ]
    # Queries are parts of the markers: a page that repeats the query shows no whole marker.
    # Search pages are kept by nginx too (anonymous, PROXY_CACHE_SECONDS): busted as above.
    for query in ("丁戊己", "甲乙丙", "庚辛", "壬癸", "Gengxin"):
        urls += [f"/search/?q={query}&{bust}", f"/search/?q={query}&format=json"]
        urls += [f"/en/search/?q={query}&{bust}", f"/en/search/?q={query}&format=json"]
    urls += [
        "/api/v2/pages/?limit=200",
        "/api/v2/pages/?limit=200&locale=en",
        "/api/v2/pages/?type=units.NoticePage&limit=200&fields=summary",
        "/api/v2/pages/?type=units.NoticePage&limit=200&fields=summary&locale=en",
        "/api/v2/pages/?type=units.UnitPage&limit=200&fields=address",
        "/api/v2/pages/?search=丁戊己",
    ]
    for page in (notice, station):
        for copy in Page.objects.filter(translation_key=page.translation_key):
            urls.append(f"/api/v2/pages/{copy.pk}/")
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        found[url] = response.content.decode(response.encoding or "utf-8", "replace")
    return found


def _unescaped(text):
    return re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), text)


def test_restricted_notice_and_station_are_listed_nowhere(fresh_site, private_pages):
    visitor = fresh_site.client("127.0.0.40")
    notice, station = private_pages["notice"], private_pages["station"]
    # Sitemaps list addresses: the pages' slugs (pinyin of their titles) are markers too.
    markers = [*MARKERS, f"/{notice.slug}/", f"/{station.slug}/"]
    before = _walk(visitor, private_pages, "before")
    seen = {marker: [u for u, t in before.items() if marker in _unescaped(t)] for marker in markers}
    # The walk looks where the pages are listed: each one is found in lists, feeds, the
    # sitemap, search and the API while it is public.
    assert any("/notices/?" in url for url in seen[NOTICE])
    assert any("feed/rss" in url for url in seen[NOTICE])
    assert any("search" in url for url in seen[NOTICE_BODY])
    assert any(url.startswith("/api/") for url in seen[NOTICE])
    assert any("sitemap" in url for url in seen[f"/{station.slug}/"])
    assert any("sitemap" in url for url in seen[f"/{notice.slug}/"])
    assert any("suggest" in url for url in seen[STATION])
    assert any("find" in url for url in seen[STATION])
    assert any("/feedback/" in url for url in seen[STATION])
    assert visitor.get(f"/units/{station.pk}/share-card/x.png").status_code == 302  # → its version

    PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.PASSWORD, password="楼栋密码42"
    )
    PageViewRestriction.objects.create(page=station, restriction_type=PageViewRestriction.LOGIN)
    fresh_site.redis.flush()

    after = _walk(visitor, private_pages, "after")
    leaks = [
        (url, marker)
        for url, text in after.items()
        for marker in MARKERS
        if marker in _unescaped(text)
    ]
    assert leaks == [], "\n".join(f"{u}: {m}" for u, m in leaks)

    # The pages themselves, in both languages: a password form, or the way to log in.
    for copy in Page.objects.filter(translation_key=notice.translation_key):
        response = visitor.get(copy.specific.url + "?x=1")
        assert response.status_code == 200 and NOTICE_BODY not in response.text
        assert "_util/authenticate_with_password" in response.text
    for copy in Page.objects.filter(translation_key=station.translation_key):
        response = visitor.get(copy.specific.url + "?x=1")
        assert response.status_code == 302, copy.url
        assert "/accounts/login/" in response.headers["Location"]
    # Its share card (an image of its name and duty phone) is gone too.
    assert visitor.get(f"/units/{station.pk}/share-card/x.png").status_code == 404
