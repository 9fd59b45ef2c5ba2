"""Ranked hits as results a resident can use.

- Identical notices (the same title, posted by many stations) become one entry that says how
  many other stations posted it, with a link to all of them.
- A notice says which station (or which town, community or district office) posted it.
- A handbook chapter links to the section that matches (`#anchor`), unless its title does.
- Everything is loaded for the page of results being shown only, in a few queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page
from wagtail.search import index

from core.cache import current_generation
from core.visibility import visible

from .chinese import index_tokens
from .memo import cached
from .ranking import idf
from .results import highlight, mark_terms, snippet, type_of

GROUPED_TYPES = {"notice"}


@dataclass
class Entry:
    hit: object
    others: list = field(default_factory=list)  # hits of identical notices
    title: str = ""


def group_hits(hits):
    """[Entry] in rank order; identical notices join the entry of the best-ranked one."""
    entries, by_title = [], {}
    for hit in hits:
        title = hit.title if hit.type_key in GROUPED_TYPES else None
        if title is None:
            entries.append(Entry(hit))
        elif title in by_title:
            by_title[title].others.append(hit)
        else:
            by_title[title] = Entry(hit, title=title)
            entries.append(by_title[title])
    return entries


def same_notices(page):
    """Live notices of page's language with page's title, in tree order (the "N more" list);
    none that a view restriction hides (core.visibility)."""
    return (
        visible(Page.objects.live())
        .filter(locale_id=page.locale_id, content_type_id=page.content_type_id, title=page.title)
        .order_by("path")
    )


def count_same(page):
    """How many notices share page's title: counted through the title index (20,000 copies
    take ~15 ms), and kept ten minutes within a generation of the page cache (a publish or a
    new view restriction starts afresh), as "N more stations" need not be exact to the minute."""
    key = f"search:same:{page.locale_id}:{page.content_type_id}:{page.title}:{current_generation()}"
    return cached([key], lambda _keys: {key: same_notices(page).count()}, seconds=600)[key]


def _load(hits):
    """{pk: specific page} with the related rows their snippets read, a query per type."""
    by_type = defaultdict(list)
    for hit in hits:
        by_type[hit.content_type_id].append(hit.page_id)
    pages = {}
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        related = [f.field_name for f in model.search_fields if isinstance(f, index.RelatedFields)]
        for page in model.objects.filter(pk__in=pks).prefetch_related(*related):
            pages[page.pk] = page
    return pages


def page_urls(pages, request=None):
    """{pk: url}. Wagtail works out each page's URL anew (sites, language, reverse(): ~2 ms
    each); pages of one language tree share the prefix of the first one's URL, checked on
    its url_path, so the rest are worked out from their url_path. The request is not passed
    on: finding its site is a query, and with one site Wagtail gives relative URLs anyway
    (with several, absolute ones, which are right too)."""
    urls, prefixes = {}, {}
    for page in pages:
        parts = page.url_path.strip("/").split("/")
        key = (page.locale_id, parts[0])
        if key in prefixes and len(parts) > 1:
            urls[page.pk] = prefixes[key] + "/".join(parts[1:]) + "/"
            continue
        url = page.get_url()
        urls[page.pk] = url
        # url_path "/home-en/stations/x/" served as "/en/stations/x/": prefix "/en/".
        if url and len(parts) > 1:
            tail = "/".join(parts[1:]) + "/"
            if url.endswith(tail):
                prefixes[key] = url[: -len(tail)]
    return urls


def _sources(pages):
    parent_paths = {page.path[: -page.steplen] for page in pages}
    return dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))


def _best_section(page, hit, weights):
    """(anchor, text) of the section holding most of what matched; None if the title holds
    it all or no section does."""
    title_tokens = set(index_tokens(page.title))
    if hit.matched and hit.matched <= title_tokens:
        return None
    best, best_score = None, 0.0
    for anchor, heading, text in page.search_sections():
        heading_tokens = set(index_tokens(heading))
        tokens = heading_tokens | set(index_tokens(text))
        score = sum(
            weights.get(term, 1.0) * (1.5 if term in heading_tokens else 1.0)
            for term in hit.matched & tokens
        )
        if score > best_score:
            best, best_score = (anchor, f"{heading} · {text}"), score
    return best


def present(entries, outcome, request=None, count_groups=False):
    """Result dicts for `entries` (one page of them)."""
    hits = [entry.hit for entry in entries]
    pages = _load(hits)
    urls = page_urls(list(pages.values()), request)
    sources = _sources(
        [pages[h.page_id] for h in hits if h.type_key in GROUPED_TYPES and h.page_id in pages]
    )
    marks = mark_terms(outcome.query, outcome.plan.marks)
    weights = {t: idf(df, outcome.n) for t, df in outcome.frequencies.items() if df}
    items = []
    for entry in entries:
        page = pages.get(entry.hit.page_id)
        if page is None:
            continue
        result_type = type_of(page)
        url = urls[page.pk]
        text = None
        if hasattr(page, "search_sections"):
            section = _best_section(page, entry.hit, weights)
            if section:
                url = f"{url}#{section[0]}"
                text = section[1]
        item = {
            "title": page.title,
            "title_html": highlight(page.title, marks),
            "url": url,
            "type": result_type.key if result_type else "",
            "type_label": result_type.label if result_type else page.get_verbose_name(),
            "snippet": snippet(page, marks, text=text),
        }
        if entry.hit.type_key in GROUPED_TYPES:
            item["station"] = sources.get(page.path[: -page.steplen], "")
            more = len(entry.others)
            if more and count_groups:
                more = count_same(page) - 1
            if more:
                item["more_stations"] = more
                item["more_url"] = "?" + urlencode({"q": outcome.query, "same": page.pk})
        items.append(item)
    return items


def present_pages(pages, query, request=None):
    """Result dicts for plain pages (the "N more stations" list, editors' picks)."""
    sources = _sources(pages)
    marks = mark_terms(query)
    urls = page_urls(pages, request)
    items = []
    for page in pages:
        result_type = type_of(page)
        item = {
            "title": page.title,
            "title_html": highlight(page.title, marks),
            "url": urls[page.pk],
            "type": result_type.key if result_type else "",
            "type_label": result_type.label if result_type else page.get_verbose_name(),
            "snippet": snippet(page, marks),
        }
        if result_type and result_type.key in GROUPED_TYPES:
            item["station"] = sources.get(page.path[: -page.steplen], "")
        items.append(item)
    return items
