"""What the site search searches, and how a result is shown: type label and highlighted snippet."""

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Manager
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search import index

from core.visibility import visible

from .chinese import highlight_terms


@dataclass(frozen=True)
class ResultType:
    key: str
    model: str
    label: str


# In the order the type filter shows them. A model whose app is not installed is skipped.
RESULT_TYPES = [
    ResultType("station", "units.UnitPage", _("邻里之家")),
    ResultType("notice", "units.NoticePage", _("通知公告")),
    ResultType("handbook", "handbook.HandbookChapterPage", _("工作法")),
    ResultType("department", "units.DepartmentPage", _("职能部门")),
]


def result_types():
    """[(ResultType, model class)] for the types whose models exist."""
    found = []
    for result_type in RESULT_TYPES:
        try:
            found.append((result_type, apps.get_model(result_type.model)))
        except LookupError:
            continue
    return found


def type_of(page):
    for result_type, model in result_types():
        if isinstance(page, model):
            return result_type
    return None


def search_pages(query, locale, type_key=None):
    """Live pages of the searchable types in `locale`, best match first."""
    models = [model for result_type, model in result_types() if type_key in (None, result_type.key)]
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    pages = visible(Page.objects.live()).filter(
        locale=locale, content_type__in=list(content_types.values())
    )
    return pages.specific().search(query)


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(_plain(item) for item in value)
    return re.sub(r"\s+", " ", str(value)).strip()


def page_text(page):
    """The page's indexed text other than the title, as declared in its search_fields."""
    parts = []
    for field in type(page).search_fields:
        if isinstance(field, index.SearchField) and field.field_name != "title":
            parts.append(_plain(field.get_value(page)))
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(page)
            objects = related.all() if isinstance(related, Manager) else [related]
            for obj in objects:
                for sub_field in field.fields:
                    if isinstance(sub_field, index.SearchField) and obj is not None:
                        parts.append(_plain(sub_field.get_value(obj)))
    parts = [part for part in parts if part]
    # A notice's summary repeats its body; a chapter's text starts with its title.
    parts = [part for i, part in enumerate(parts) if not any(part in o for o in parts[i + 1 :])]
    text = " · ".join(parts)
    return text[len(page.title) :].lstrip() if text.startswith(page.title) else text


def _terms_regex(query):
    terms = highlight_terms(query)
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def highlight(text, query):
    """`text` escaped, with the query's words wrapped in <mark>."""
    pattern = _terms_regex(query)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece was escaped above)


def snippet(page, query, width=120, before=30):
    """A window of the page's text around the first matched word, highlighted."""
    text = page_text(page)
    pattern = _terms_regex(query)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - before) if match else 0
    piece = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(f"{prefix}{highlight(piece, query)}{suffix}")  # noqa: S308


def result_item(page, query, request=None):
    result_type = type_of(page)
    return {
        "title": page.title,
        "title_html": highlight(page.title, query),
        "url": page.get_url(request),
        "type": result_type.key if result_type else "",
        "type_label": result_type.label if result_type else page.get_verbose_name(),
        "snippet": snippet(page, query),
    }
