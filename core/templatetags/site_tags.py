from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from core import personal as personal_slots
from core.phones import mask_phone, tel_href

register = template.Library()


@register.filter
def tel(value):
    return tel_href(value)


@register.filter
def masked(value):
    return mask_phone(value)


@register.simple_tag
def tel_link(phone, label="", plain=False):
    """A one-tap call link, <a class="call" href="tel:…">number</a>; `label` is read by screen
    readers before the number, `plain` drops the button style. Built here rather than in an
    include so that it carries no line breaks: it often follows "：" in Chinese text, where a
    line break would show as a space."""
    css_class = "" if plain else mark_safe(' class="call"')
    hidden = format_html('<span class="visually-hidden">{}</span>', label) if label else ""
    return format_html('<a{} href="{}">{}{}</a>', css_class, tel_href(phone), hidden, phone)


@register.simple_tag(takes_context=True)
def personal(context, name):
    """The part of a page that depends on who is asking (core/personal.py)."""
    return personal_slots.slot(context.get("request"), name)


@register.simple_tag(takes_context=True)
def elder_mode(context):
    request = context.get("request")
    return bool(request and request.COOKIES.get("elder") == "1")


@register.simple_tag(takes_context=True)
def language_links(context):
    """For each language: the same page in that language, or the nearest equivalent."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    cache_key = ("_language_links", current, getattr(page, "pk", None))
    if request is not None and getattr(request, "_language_links_key", None) == cache_key:
        return request._language_links
    links = []
    translations = {}
    if isinstance(page, Page) and page.pk:
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code].url
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = "/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    if request is not None:
        request._language_links_key, request._language_links = cache_key, links
    return links


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """Ancestors of the context's page from the home page down, excluding the tree root."""
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return list(
        page.get_ancestors().filter(depth__gte=2).only("id", "title", "url_path", "path", "depth")
    )


@register.filter
def html_lang(code):
    """BCP 47 for the `lang` attribute: Django's 'zh-hans' is written 'zh-Hans' (a script
    subtag has four letters, title-cased)."""
    return "-".join(
        part.title() if i and len(part) == 4 else part for i, part in enumerate(code.split("-"))
    )


@register.simple_tag(takes_context=True)
def untranslated(context):
    """The language code of the page's content when it is not the active language (an English
    alias of a Chinese page, or a Chinese page served under /en/); None otherwise."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return None
    # page.alias_of is usually cached already: Wagtail's view-restriction check fetched it.
    locale_id = page.alias_of.locale_id if page.alias_of_id else page.locale_id
    code = _language_code(locale_id)
    return code if code != get_language() else None


_LOCALE_CODES = {}


def _language_code(locale_id):
    # Locales are created once and never change code: no query per page view.
    if locale_id not in _LOCALE_CODES:
        _LOCALE_CODES.update(Locale.objects.values_list("id", "language_code"))
    return _LOCALE_CODES.get(locale_id)
