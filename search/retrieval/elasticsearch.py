"""Candidates from Elasticsearch, for the same Python ranking as the database backends.

One `_msearch` asks, for each type group, for (1) the pages holding every concept and (2) the
best pages holding any, each ranked by Elasticsearch's BM25 on the concepts' terms and cut at
the limit, under the remaining time budget (`timeout`, which answers with the hits found so
far). A second request asks, for those pages only, which of the query's terms each holds in
its title and anywhere (one named query per term): ranking needs nothing more. Terms are
exact tokens of the index's analyzer (search/backends.py), so they are `term` queries.
"""

from wagtail.models import Page

from ..breaker import engine_timeout
from .base import PAGE_COLUMNS, Candidate, Retriever, page_fields
from .database import database_retriever

DENSE = 0.05  # a share of pages above which a query is not ranked (see _plain)


class ElasticsearchRetriever(Retriever):
    key = "elasticsearch"
    external = True

    def __init__(self, backend):
        self.backend = backend
        # SEARCH_ENGINE_TIMEOUT and no retries: the site search falls back when it is away.
        self.es = backend.quick
        self.index = backend.get_index_for_model(Page).name

    def fallback(self):
        return database_retriever(self.backend.fallback)

    def count_documents(self):
        return self.es.count(index=self.index)["count"]

    def _frequencies(self, terms):
        searches = []
        for term in terms:
            searches.append({"index": self.index})
            searches.append({"size": 0, "track_total_hits": True, "query": _term(term)})
        responses = self.es.msearch(searches=searches)["responses"]
        return {
            term: response.get("hits", {}).get("total", {}).get("value", 0)
            for term, response in zip(terms, responses, strict=True)
        }

    def candidates(self, query, deadline):
        terms = sorted(query.wanted | {t for alts in query.concepts for alt in alts for t in alt})
        if not terms:
            return []
        # Elasticsearch answers with the hits found so far before the client gives up on it.
        timeout_ms = max(1, int(min(deadline.remaining(), 0.8 * engine_timeout()) * 1000))
        common = {
            "size": query.limit,
            "_source": False,
            "track_total_hits": False,
            "timeout": f"{timeout_ms}ms",
        }
        searches = []
        for group in query.groups:
            alternatives = query.concepts_for(group)
            if not alternatives:
                continue
            concepts = [
                {"bool": {"should": [_all_of(alt) for alt in alts], "minimum_should_match": 1}}
                for alts in alternatives
            ]
            # Ranked by the concepts' own terms only: scoring every page that holds a common
            # word of the query as well would score most of the notices.
            scoring = _scoring(sorted({t for alts in alternatives for alt in alts for t in alt}))
            filters = [
                {"terms": {"_django_content_type": group.model_names}},
                {"term": {"live_filter": True}},
                {"terms": {"locale_id_filter": query.locale_ids}},
            ]
            if query.full_match and len(concepts) > 1:
                searches += [
                    {"index": self.index},
                    {
                        **common,
                        "query": {"bool": {"filter": filters + concepts, "should": scoring}},
                    },
                ]
            # Any of the terms (a disjunction Elasticsearch can cut short for the top hits);
            # a page holding part of a concept is ranked below one holding all of it.
            searches += [
                {"index": self.index},
                {
                    **common,
                    "query": {
                        "bool": {"filter": filters, "should": scoring, "minimum_should_match": 1}
                    },
                },
            ]
        if not searches:
            return []
        found = set()
        for result in self.es.msearch(searches=searches)["responses"]:
            if result.get("timed_out"):
                deadline.expired = True
            hits = result.get("hits", {}).get("hits", [])
            query.limited = query.limited or len(hits) >= query.limit
            found.update(int(hit["_id"]) for hit in hits)
        return self.fetch(sorted(found), terms)

    def _share(self, alternatives):
        """The least share of pages holding one of a concept's alternatives."""
        terms = sorted({t for alt in alternatives for t in alt})
        frequencies = self.frequencies(terms)
        n = max(self.document_count(), 1)
        return max(min(frequencies.get(t, 0) for t in alt) / n for alt in alternatives)

    def fetch(self, page_ids, wanted):
        """Which of `wanted` the given pages hold: named queries, for those pages only."""
        if not page_ids:
            return []
        terms = sorted(wanted)
        response = self.es.search(
            index=self.index,
            query={
                "bool": {
                    "filter": {"ids": {"values": [str(pk) for pk in page_ids]}},
                    "should": _named(terms),
                }
            },
            size=len(page_ids),
            _source=False,
        )
        hits = {
            int(hit["_id"]): set(hit.get("matched_queries", [])) for hit in response["hits"]["hits"]
        }
        return self._with_pages(hits, terms)

    def _with_pages(self, hits, terms):
        """Candidates for the hits that are still live pages in the database."""
        rows = Page.objects.filter(pk__in=list(hits), live=True).values_list(
            "pk", "content_type_id", "path", *PAGE_COLUMNS
        )
        found = []
        for row in rows:
            names = hits[row[0]]
            title = {t for i, t in enumerate(terms) if f"t{i}" in names}
            anywhere = {t for i, t in enumerate(terms) if f"a{i}" in names} | title
            found.append(Candidate(*row[:3], title, anywhere, **page_fields(row[3:])))
        return found


def _term(term, field="_all_text", **options):
    return {"term": {field: {"value": term, **options}}}


def _all_of(terms):
    return {"bool": {"filter": [_term(term) for term in terms]}}


def _plain(query, dense):
    """A query over words most pages hold is not ranked: every page would score about the
    same, and scoring them all is what takes the time (170 ms against 5 ms for 150 pages)."""
    if not dense:
        return query
    bool_query = query["bool"]
    return {"constant_score": {"filter": {"bool": {**bool_query, "should": bool_query["should"]}}}}


def _scoring(terms):
    return [clause for term in terms for clause in (_term(term, "title", boost=2.0), _term(term))]


def _named(terms):
    named = []
    for i, term in enumerate(terms):
        named.append(_term(term, "title", _name=f"t{i}", boost=2.0))
        named.append(_term(term, _name=f"a{i}"))
    return named
