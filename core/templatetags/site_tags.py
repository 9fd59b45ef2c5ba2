import html
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Page

from core import personal as personal_slots
from core import punctuation, seo
from core.locale import content_language as content_language_code
from core.locale import locale_code, source_language
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
        page.get_ancestors()
        .filter(depth__gte=2)
        .only(
            "id",
            "title",
            "url_path",
            "path",
            "depth",
            "content_type_id",
            "alias_of_id",
            "locale_id",
        )
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
    alias of a Chinese page, or a Chinese page served under /en/); None otherwise. A listing
    page (one with a `listing_title`) is interface text around its items: it is never marked
    as a whole, each untranslated item is (`content_language`)."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk or _listing_title(page):
        return None
    # page.alias_of is usually cached already: Wagtail's view-restriction check fetched it.
    locale_id = page.alias_of.locale_id if page.alias_of_id else page.locale_id
    code = locale_code(locale_id)
    return code if code != get_language() else None


def _content_language(page):
    """The language of a page's text when it differs from the active language."""
    code = content_language_code(page)
    return code if code != get_language() else None


@register.filter
def content_language(page):
    """`lang` for an item in a list (a notice, a department) that is not yet translated."""
    if not isinstance(page, Page) or not page.pk:
        return ""
    code = _content_language(page)
    return html_lang(code) if code else ""


def _listing_title(page):
    return getattr(page.specific_class or type(page), "listing_title", None)


@register.simple_tag(takes_context=True)
def page_heading(context, page=None):
    """A page's title; for a listing page (notices, departments) read in a language it has no
    translation in, its heading in the interface language instead."""
    page = context.get("page") if page is None else page
    if not isinstance(page, Page):
        return ""
    label = _listing_title(page)
    if label and page.pk and _content_language(page):
        return str(label)
    return page.title


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Description, canonical and alternate addresses, share image and structured data of the
    page or view being rendered (core.seo), for base.html's <head>."""
    request = context.get("request")
    if request is None:
        return {}
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    canonical = seo.canonical_url(request)
    query = urlsplit(canonical).query
    alternates = []
    for link in language_links(context):
        path = urlsplit(link["url"]).path
        url = request.build_absolute_uri(path) + (f"?{query}" if query else "")
        alternates.append({"lang": html_lang(link["code"]), "url": url, "code": link["code"]})
    default = next((a for a in alternates if a["code"] == source_language()), None)
    data = page.structured_data(request) if page and hasattr(page, "structured_data") else None
    return {
        "description": seo.page_description(page),
        "canonical": canonical,
        "alternates": alternates,
        "x_default": default["url"] if default else "",
        "image": seo.share_image(request, page),
        "type": getattr(page, "og_type", "website"),
        "locale": seo.og_locale(get_language() or source_language()),
        "alternate_locales": [
            seo.og_locale(a["code"]) for a in alternates if a["code"] != get_language()
        ],
        "json_ld": seo.json_ld(data) if data else "",
    }


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: keep the rendered text (whitespace collapsed) in
    `name`, e.g. a child template's {% block title %} for the <title> and og:title both."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # Rendered template output, escaped already: kept safe so it is not escaped twice.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.simple_tag
def colon():
    """ "：" in Chinese text, ": " in English: full-width punctuation stays out of English."""
    return punctuation.colon()


@register.filter
def join_list(values):
    return punctuation.list_separator().join(str(v) for v in values)


@register.filter
def parens(value):
    """（value） in Chinese, " (value)" in English; nothing for an empty value."""
    return punctuation.parens(value)


@register.simple_tag
def source_lang():
    """` lang="zh-Hans"` on pages in another language, for data that is always written in the
    source language (names, posts and notes of a station's people, compound names)."""
    code = source_language()
    if (get_language() or code) == code:
        return ""
    return format_html(' lang="{}"', html_lang(code))


def _link(page):
    return f'<a href="{html.escape(str(page.url))}">{html.escape(str(page.title))}</a>'


def _links(pages, empty=""):
    items = "".join(f"<li>{_link(p)}</li>" for p in pages)
    if not items and empty:
        items = f"<li>{html.escape(str(empty))}</li>"
    return f"<ul>{items}</ul>"


# The district directory's 164 towns, 680 communities and 2,000 stations cost 150 ms of a cold
# render as template loops and includes, and 60 ms with format_html: written out here with the
# standard library's escape, every title and address escaped.


@register.simple_tag
def link_list(pages, empty=""):
    """<ul> of links to `pages` (anything with .url and .title), or `empty` in its one item."""
    return mark_safe(_links(pages, empty))


@register.simple_tag
def link_tree(towns):
    """The directory's tree: each town (<h3>) with its communities, each with its stations
    (core.pagetree links with community_list and unit_list)."""
    return mark_safe(
        "".join(
            f"<li><h3>{_link(town)}</h3><ul>"
            + "".join(
                f"<li>{_link(community)}{_links(community.unit_list)}</li>"
                for community in town.community_list
            )
            + "</ul></li>"
            for town in towns
        )
    )
