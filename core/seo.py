"""What search engines and share previews read about a page: its description, canonical and
alternate addresses, its share image and its structured data (schema.org JSON-LD).

Page models take part by defining any of (all optional, duck-typed so that core imports no app):

- ``get_meta_description()``: the text when there is no ``search_description``;
- ``share_image(request)``: ``ShareImage`` for the Open Graph preview (a station's card);
- ``structured_data(request)``: a dict of JSON-LD, without ``@context``.
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

DESCRIPTION_LENGTH = 120
# Query parameters that change what a page shows; others (filters, tracking) are dropped
# from its canonical address.
CANONICAL_PARAMETERS = ("page", "period", "unit")
DESCRIPTION_FIELDS = ("intro", "summary", "description")
OG_LOCALES = {"zh-hans": "zh_CN", "en": "en_US"}
SCHEMA = "https://schema.org"


@dataclass(frozen=True)
class ShareImage:
    url: str  # absolute
    width: int
    height: int
    alt: str
    type: str = "image/png"


def plain_text(value, length=DESCRIPTION_LENGTH):
    """One line of text from rich text or a text field, cut at `length` characters."""
    text = re.sub(r"\s+", " ", strip_tags(str(value or ""))).strip()
    return Truncator(text).chars(length)


def default_description():
    return _(
        "静海区邻里之家：找到您小区的邻里之家、联系人和值班电话，"
        "查看通知公告，在线吹哨反映问题、查询办理进度。"
    )


def page_description(page):
    """Wagtail's search description, else the page's own summary, else the site's."""
    if page is not None:
        candidates = [getattr(page, "search_description", "")]
        if hasattr(page, "get_meta_description"):
            candidates.append(page.get_meta_description())
        candidates.extend(getattr(page, name, "") for name in DESCRIPTION_FIELDS)
        for candidate in candidates:
            if text := plain_text(candidate):
                return text
    return default_description()


def canonical_url(request):
    """The absolute address of what the request shows, without filters or tracking."""
    kept = [(k, v) for k, v in request.GET.items() if k in CANONICAL_PARAMETERS and v]
    if ("page", "1") in kept:
        kept.remove(("page", "1"))
    query = f"?{urlencode(kept)}" if kept else ""
    return request.build_absolute_uri(request.path) + query


def default_share_image(request):
    return ShareImage(
        url=request.build_absolute_uri(static("img/share.png")),
        width=1200,
        height=630,
        alt=_("静海区邻里之家标志"),
    )


def share_image(request, page):
    image = page.share_image(request) if hasattr(page, "share_image") else None
    return image or default_share_image(request)


def og_locale(language_code):
    return OG_LOCALES.get(language_code, language_code.replace("-", "_"))


# As django.utils.html.json_script: the JSON cannot close the <script> element or open a
# comment, whatever the text in it.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """A schema.org data block. The browser does not run it, so the strict CSP allows it."""
    body = json.dumps({"@context": SCHEMA, **data}, ensure_ascii=False, sort_keys=False)
    return mark_safe(  # noqa: S308 - escaped above
        f'<script type="application/ld+json">{body.translate(_JSON_ESCAPES)}</script>'
    )
