import re

import pytest
from wagtail.models import Locale, Page

from handbook.models import HandbookChapterPage, HandbookPage
from home.models import HomePage
from units.models import (
    CommunityPage,
    DepartmentIndexPage,
    DepartmentPage,
    DirectoryPage,
    NoticeIndexPage,
    NoticePage,
    TownPage,
    UnitPage,
)

pytestmark = pytest.mark.django_db

PUBLIC_PAGE_TYPES = [
    HomePage,
    DirectoryPage,
    TownPage,
    CommunityPage,
    UnitPage,
    DepartmentIndexPage,
    DepartmentPage,
    NoticeIndexPage,
    NoticePage,
    HandbookPage,
    HandbookChapterPage,
]


def _chinese(model):
    return model.objects.live().filter(locale__language_code="zh-hans").order_by("path").first()


def _links(html, rel_attr):
    """{hreflang: href} of <link rel="alternate"> (rel_attr='link') or switcher <a> ('a')."""
    if rel_attr == "link":
        pattern = r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"'
    else:
        nav = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
        html, pattern = nav, r'<a class="tool-link" href="([^"]+)" lang="[^"]+" hreflang="([^"]+)"'
        return {lang: href for href, lang in re.findall(pattern, html)}
    return dict(re.findall(pattern, html))


@pytest.mark.parametrize("model", PUBLIC_PAGE_TYPES, ids=lambda m: m.__name__)
def test_every_page_type_in_both_languages(demo, client, model):
    chinese = _chinese(model)
    english_url = "/en" + chinese.url  # a translation, an alias or the Chinese page

    html = client.get(chinese.url).content.decode()
    assert '<html lang="zh-Hans"' in html
    # Search engines read only absolute alternates (issue 21); x-default is the Chinese page.
    absolute = {
        "zh-Hans": "http://testserver" + chinese.url,
        "en": "http://testserver" + english_url,
        "x-default": "http://testserver" + chinese.url,
    }
    assert _links(html, "link") == absolute
    assert _links(html, "a") == {"en": english_url}

    response = client.get(english_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert _links(html, "link") == absolute
    assert _links(html, "a") == {"zh-Hans": chinese.url}
    assert "Skip to main content" in html  # the interface is English


def test_translated_pages_appear_under_en(demo, client):
    html = client.get("/en/").content.decode()
    assert "Get things done downstairs" in html
    assert "Find my station" in html
    assert "has not been translated yet" not in html

    haixin = UnitPage.objects.get(title="海馨园邻里之家")
    english = haixin.get_translation(Locale.objects.get(language_code="en"))
    assert english.title == "Haixinyuan Neighbourhood Station" and not english.alias_of_id
    assert english.url == "/en" + haixin.url
    html = client.get(english.url).content.decode()
    assert "Haixinyuan Neighbourhood Station" in html
    assert "Ground floor, property management building" in html
    assert "Grid worker" in html  # contacts are synchronised, their roles translated
    assert "has not been translated yet" not in html
    html = client.get(haixin.url).content.decode()
    assert "Haixinyuan" not in html and 'href="/en/stations/' in html


def test_demo_translates_home_three_stations_and_two_chapters(demo):
    english = Page.objects.filter(locale__language_code="en", alias_of__isnull=True)
    assert set(english.values_list("title", flat=True)) == {
        "Jinghai Neighbourhood Stations",
        "Haixinyuan Neighbourhood Station",
        "Yuhuayuan Neighbourhood Station",
        "Dongfang Compound Neighbourhood Station",
        "The Neighbourhood Station Handbook",
        "One axis: the station's Party branch at the centre",
        "Three kinds of life: a lively organisation, a lively place, lively services",
    }
    # Every other English page is an alias of its Chinese page (tests/i18n/test_sync.py).
    aliases = Page.objects.filter(locale__language_code="en", alias_of__isnull=False)
    assert set(aliases.values_list("alias_of__locale__language_code", flat=True)) == {"zh-hans"}
    assert {"邻里之家目录", "静海镇", "众泰欣苑社区"} <= set(
        aliases.values_list("title", flat=True)
    )


def test_untranslated_page_falls_back_to_chinese_with_a_notice(demo, client):
    town = TownPage.objects.get(title="静海镇", locale__language_code="zh-hans")
    alias = town.get_translation(Locale.objects.get(language_code="en"))
    assert alias.alias_of_id == town.pk
    html = client.get(alias.url).content.decode()
    assert '<html lang="en"' in html
    assert re.search(
        r'<p class="untranslated-notice"\s+role="note"\s+lang="en">'
        r"This page has not been translated yet; showing the Chinese original\.</p>",
        html,
    )
    assert re.search(r'<div lang="zh-Hans">\s*<h1>' + re.escape(town.title), html)
    assert "has not been translated" not in client.get(town.url).content.decode()


def test_page_missing_from_the_english_tree_is_served_from_chinese(demo, client):
    from demo.factories.units import NoticePageFactory

    unit = _chinese(UnitPage)
    notice = NoticePageFactory(parent=unit, title="只有中文的新通知")  # code-made: no alias
    assert notice.get_translation_or_none(Locale.objects.get(language_code="en")) is None
    response = client.get("/en" + notice.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html and "只有中文的新通知" in html
    assert "has not been translated yet" in html
    assert _links(html, "a") == {"zh-Hans": notice.url}
    assert client.get("/en/no-such-page/").status_code == 404


def test_sitemap_per_language(demo, client):
    chinese = client.get("/sitemap.xml").content.decode()
    english = client.get("/en/sitemap.xml").content.decode()
    haixin = UnitPage.objects.get(title="海馨园邻里之家")
    assert haixin.url in chinese and "/en/" not in chinese
    assert (
        chinese.count("<loc>")
        == Page.objects.live().filter(locale__language_code="zh-hans", depth__gte=2).count()
    )
    paths = re.findall(r"<loc>http://[^/]+(/[^<]*)</loc>", english)
    assert paths[0] == "/en/" and "/en" + haixin.url in paths
    assert len(paths) == Page.objects.live().filter(locale__language_code="en").count()


def test_finder_messages_in_english_under_en(demo, client):
    html = client.get("/en/units/find/?q=").content.decode()
    assert "Please type a compound name or an address" in html
    html = client.get("/units/find/?q=").content.decode()
    assert "请输入小区名称或地址" in html


def test_finder_under_en_links_to_english_stations(demo, client):
    html = client.get("/en/units/find/?q=海馨园").content.decode()
    assert "Haixinyuan Neighbourhood Station" in html


def test_form_errors_in_english(demo):
    from django import forms
    from django.utils import translation

    from units.models import Contact

    form_class = forms.modelform_factory(Contact, fields=["name", "phone"])
    with translation.override("en"):
        errors = form_class(data={"name": "", "phone": "12"}).errors
        assert errors["name"] == ["This field is required."]
        assert errors["phone"][0].startswith("Invalid phone number")
    with translation.override("zh-hans"):
        assert form_class(data={"name": ""}).errors["name"] == ["必需字段"]


def test_navigation_under_en_stays_in_english(demo, client):
    html = client.get("/en/").content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert hrefs and all(href.startswith("/en/") for href in hrefs)
    assert "/en/notices/" in hrefs  # the English alias of the notice index
    assert client.get("/en/notices/").status_code == 200
