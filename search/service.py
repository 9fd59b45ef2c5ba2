"""The site search: plan the query, gather candidates within the time budget, rank them.

    outcome = site_search("玉华园停水找谁", locale)
    outcome.hits        # [ranking.Hit] best first (at most the candidate limits' worth)
    outcome.cut_short   # True if the time budget ended a step: the hits are what was found

Settings: SEARCH_TIME_BUDGET (seconds, default 1.0) bounds the backend's work for one query;
SEARCH_CANDIDATE_LIMIT (default 100) bounds each candidate statement. When Elasticsearch is
away (no answer within SEARCH_ENGINE_TIMEOUT, or paused after a failure: search/breaker.py) the
database backend answers, the same way, and `outcome.degraded` says so.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from wagtail.models import Locale, Page

from core.visibility import hidden_paths

from . import breaker, synonyms
from .indexing import type_marker
from .memo import Memo, cached
from .names import NameEntry, NameIndex
from .planning import Plan, build_plan
from .ranking import rank, weigh
from .results import result_types
from .retrieval import CandidateQuery, Deadline, TypeGroup, get_retriever

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    query: str
    plan: Plan
    hits: list = field(default_factory=list)
    cut_short: bool = False
    limited: bool = False  # a candidate statement reached its limit: there may be more
    frequencies: dict = field(default_factory=dict)
    n: int = 1
    degraded: bool = False  # the engine was away: answered from the database backend


def _names(locale_id):
    entries = []
    for _result_type, model in result_types():
        if hasattr(model, "search_names"):
            pages = model.objects.live().filter(locale_id=locale_id)
            entries.extend(
                NameEntry.make(pk, locale, text, weight)
                for pk, locale, text, weight in model.search_names(pages)
                if text
            )
    return NameIndex(entries)


site_names = Memo("site-names", _names)


def name_index(locale_id):
    return site_names.get(locale_id)


def restricted_paths():
    """Paths under which nothing may be listed: private or password-protected pages, their
    copies in every language tree (aliases and translations) and everything below them."""
    return hidden_paths()


def _english_words(plan):
    return any(c.text.isascii() and c.text.isalpha() and c.kind != "name" for c in plan.concepts)


def _locales(plan, locale):
    """The language trees to search: the visitor's, and for English words on another
    language's site also the English translations (not their untranslated aliases)."""
    if not _english_words(plan) or locale.language_code.startswith("en"):
        return [locale.pk]
    english = Locale.objects.filter(language_code__startswith="en").values_list("pk", flat=True)
    return [locale.pk, *english[:1]]


def _one_per_page(hits, candidates, locale_id):
    """One hit per page across language trees: the best-ranked copy's place, the visitor's
    language's copy when both matched."""
    by_id = {c.page_id: c for c in candidates}
    kept, seen = [], {}
    for hit in hits:
        key = by_id[hit.page_id].translation_key
        if key not in seen:
            seen[key] = len(kept)
            kept.append(hit)
        elif by_id[hit.page_id].locale_id == locale_id:
            kept[seen[key]] = hit
    return kept


# A page type with more pages than this gets candidate statements of its own.
LARGE_TYPE = 5000


def _count_types(keys):
    rows = Page.objects.values_list("content_type_id").annotate(n=Count("pk"))
    return {keys[0]: dict(rows.order_by())}


def _type_sizes():
    """{content type id: pages}, counted once an hour."""
    return cached(["search:type-sizes"], _count_types, 3600)["search:type-sizes"]


def _groups(types, content_types, limit):
    """Type groups for the candidate statements: a type with more pages than a statement's
    limit gets a group of its own (2,000 stations that mention 物业 would otherwise fill the
    limit before a department or a handbook chapter saying it is read); the rest share one."""
    sizes = _type_sizes()
    own, small = [], TypeGroup([], [])
    for _rt, model in types:
        content_type_id = content_types[model].pk
        name = f"{model._meta.app_label}.{model.__name__}"
        size = sizes.get(content_type_id, 0)
        if size > LARGE_TYPE:
            own.append(TypeGroup([content_type_id], [name], large=True))
        elif size > limit:
            own.append(
                TypeGroup([content_type_id], [name], markers=[type_marker(model)], pages=size)
            )
        else:
            small.content_type_ids.append(content_type_id)
            small.model_names.append(name)
            small.markers.append(type_marker(model))
            small.pages += size
    # Few-page types first: if time runs out, every group has had its first statement.
    own.sort(key=lambda group: group.large)
    return ([small] if small.content_type_ids else []) + own


def site_search(query, locale, type_key=None, budget=None, limit=None):
    budget = budget if budget is not None else getattr(settings, "SEARCH_TIME_BUDGET", 1.0)
    limit = limit or getattr(settings, "SEARCH_CANDIDATE_LIMIT", 100)
    types = [(rt, model) for rt, model in result_types() if type_key in (None, rt.key)]
    content_types = ContentType.objects.get_for_models(
        *[model for _rt, model in types], for_concrete_models=False
    )
    type_keys = {content_types[model].pk: rt.key for rt, model in types}
    plan = build_plan(query, name_index(locale.pk), synonyms.current(), locale.pk)
    outcome = Outcome(query, plan)
    if plan.is_empty:
        return outcome

    retriever = get_retriever()
    if retriever.external and not breaker.available():
        retriever, outcome.degraded = retriever.fallback(), True
    try:
        _retrieve(outcome, retriever, types, content_types, type_keys, locale, budget, limit)
    except Exception as exc:
        if not (retriever.external and breaker.is_outage(exc)):
            raise
        logger.warning("Search engine unavailable, searching the database: %s", exc)
        breaker.opened(exc)
        outcome.degraded = True
        retriever = retriever.fallback()
        _retrieve(outcome, retriever, types, content_types, type_keys, locale, budget, limit)
    return outcome


def _retrieve(outcome, retriever, types, content_types, type_keys, locale, budget, limit):
    """Candidates from the retriever, ranked into outcome.hits."""
    plan = outcome.plan
    n = retriever.document_count()
    frequencies = retriever.frequencies(plan.terms)
    outcome.frequencies, outcome.n = frequencies, n
    concepts = weigh(plan, frequencies, n)
    candidates = []
    if concepts:
        telling = [c for c in concepts if not c.common]
        candidate_query = CandidateQuery(
            [[terms for terms, _factor in c.alternatives] for c in telling],
            _groups(types, content_types, limit),
            _locales(plan, locale),
            limit=limit,
            wanted={t for c in concepts for terms, _f in c.alternatives for t in terms},
            common=[[terms for terms, _f in c.alternatives] for c in concepts if c.common],
        )
        deadline = Deadline(budget)
        candidates = retriever.candidates(candidate_query, deadline)
        outcome.cut_short = deadline.expired
        outcome.limited = candidate_query.limited
    have = {candidate.page_id for candidate in candidates}
    named = [pk for pk in plan.names if pk not in have]
    if named:
        wanted = {term for c in concepts for terms, _f in c.alternatives for term in terms}
        candidates += retriever.fetch(named, wanted)
    candidates = [
        c
        for c in candidates
        if c.content_type_id in type_keys and (c.locale_id == locale.pk or not c.alias)
    ]
    restricted = restricted_paths()
    if restricted:
        candidates = [
            c for c in candidates if not any(c.path.startswith(path) for path in restricted)
        ]
    hits = rank(plan, concepts, candidates, frequencies, n, type_keys)
    if any(c.locale_id != locale.pk for c in candidates):
        hits = _one_per_page(hits, candidates, locale.pk)
    outcome.hits = hits


def clear_names(**kwargs):
    site_names.invalidate()
