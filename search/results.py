"""What the site search searches, and how a result's text is shown: type label, highlighted snippet."""

import re
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Manager
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

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


def mark_terms(query, extra=()):
    """What to mark: the query's words, their pairs of characters, and `extra` words (the
    corrections and synonyms the search used), longest first."""
    terms = set(highlight_terms(query))
    terms.update(word for word in extra if word)
    return sorted(terms, key=lambda term: (-len(term), term))


def _terms_regex(marks):
    terms = mark_terms(marks) if isinstance(marks, str) else list(marks)
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def highlight(text, marks):
    """`text` escaped, with the marks (a query, or a list of words) wrapped in <mark>."""
    pattern = _terms_regex(marks)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece was escaped above)


def snippet(page, marks, width=120, before=30, text=None):
    """A window of the page's text (or `text`) around the first matched word, highlighted."""
    text = page_text(page) if text is None else text
    pattern = _terms_regex(marks)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - before) if match else 0
    piece = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(f"{prefix}{highlight(piece, marks)}{suffix}")  # noqa: S308
