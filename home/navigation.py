"""The site's main sections, found by page type so that links follow the page tree."""

from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from core.cache import generation_cached
from core.locale import source_language, source_locale

# (key, label, description, page model or URL name). A section whose target does not
# exist (yet) is left out rather than shown as a dead link.
SECTIONS = [
    (
        "directory",
        _("找我的邻里之家"),
        _("输入小区名称，找到您的服务站和联系人"),
        "units.DirectoryPage",
    ),
    ("notices", _("通知公告"), _("停水停电、社区活动、政策通知"), "units.NoticeIndexPage"),
    ("report", _("我要吹哨"), _("反映问题，部门报到，全程可查"), "url:feedback:report"),
    ("rating", _("评议部门"), _("为职能部门的服务打分"), "url:ratings:index"),
    ("departments", _("职能部门"), _("13个职能部门及派驻人员"), "units.DepartmentIndexPage"),
    ("handbook", _("工作法"), _("《社区邻里之家工作法》"), "handbook.HandbookPage"),
    ("search", _("搜索"), _("搜索站点、通知和工作法"), "url:search"),
]


def _page_urls(locale):
    from django.apps import apps

    urls = {}
    for key, _label, _desc, target in SECTIONS:
        if target.startswith("url:"):
            continue
        try:
            model = apps.get_model(target)
        except LookupError:
            continue
        page = model.objects.live().filter(locale=locale).order_by("path").first()
        if page:
            urls[key] = page.url
        elif page := model.objects.live().order_by("path").first():
            # Not in this language yet: the same path under its prefix serves the original.
            with override(page.locale.language_code):
                urls[key] = translate_url(page.url, locale.language_code)
    return urls


def _section_urls(lang):
    locale = Locale.objects.filter(language_code=lang).first() or source_locale()
    urls = _page_urls(locale)
    for name, _label, _desc, target in SECTIONS:
        if target.startswith("url:"):
            try:
                urls[name] = reverse(target[4:])
            except NoReverseMatch:
                pass
    return urls


def section_urls():
    """{key: url} for the sections that exist, in the active language (core.cache: kept until
    a page moves, appears or disappears)."""
    lang = get_language() or source_language()
    return generation_cached(f"nav:sections:{lang}", lambda: _section_urls(lang))


def service_links(page=None):
    urls = section_urls()
    return [
        {"key": key, "label": label, "description": desc, "url": urls[key]}
        for key, label, desc, _target in SECTIONS
        if key in urls
    ]
