"""Candidates from Elasticsearch, for the same Python ranking as the database backends.

One `_msearch` asks for (1) the pages holding every concept and (2) the best pages holding any
term, each ranked by Elasticsearch's BM25 and cut at the limit, under the remaining time budget
(`timeout`, which answers with the hits found so far). Every term is a named query, so each hit
says which terms it holds in its title and anywhere: ranking needs nothing more. Terms are
exact tokens of the index's analyzer (search/backends.py), so they are `term` queries.
"""

from wagtail.models import Page

from .base import FREQUENCY_CAP, PAGE_COLUMNS, Candidate, Retriever, page_fields


class ElasticsearchRetriever(Retriever):
    key = "elasticsearch"

    def __init__(self, backend):
        self.backend = backend
        self.es = backend.es
        self.index = backend.get_index_for_model(Page).name

    def count_documents(self):
        return self.es.count(index=self.index)["count"]

    def _frequencies(self, terms):
        searches = []
        for term in terms:
            searches.append({"index": self.index})
            searches.append({"size": 0, "track_total_hits": FREQUENCY_CAP, "query": _term(term)})
        responses = self.es.msearch(searches=searches)["responses"]
        return {
            term: response.get("hits", {}).get("total", {}).get("value", 0)
            for term, response in zip(terms, responses, strict=True)
        }

    def candidates(self, query, deadline):
        terms = sorted(query.wanted | {t for alts in query.concepts for alt in alts for t in alt})
        if not terms:
            return []
        named = _named(terms)
        timeout_ms = max(1, int(deadline.remaining() * 1000))
        common = {
            "size": query.limit,
            "_source": False,
            "track_total_hits": False,
            "timeout": f"{timeout_ms}ms",
        }
        searches = []
        for group in query.groups:
            concepts = [
                {"bool": {"should": [_all_of(alt) for alt in alts], "minimum_should_match": 1}}
                for alts in query.concepts_for(group)
            ]
            if not concepts:
                continue
            filters = [
                {"terms": {"_django_content_type": group.model_names}},
                {"term": {"live_filter": True}},
                {"terms": {"locale_id_filter": query.locale_ids}},
            ]
            if query.full_match and len(concepts) > 1:
                searches += [
                    {"index": self.index},
                    {**common, "query": {"bool": {"filter": filters + concepts, "should": named}}},
                ]
            any_concept = {"bool": {"should": concepts, "minimum_should_match": 1}}
            searches += [
                {"index": self.index},
                {**common, "query": {"bool": {"filter": [*filters, any_concept], "should": named}}},
            ]
        client = self.es.options(request_timeout=max(1.0, deadline.remaining() + 1))
        response = client.msearch(searches=searches)
        hits = {}
        for result in response["responses"]:
            if result.get("timed_out"):
                deadline.expired = True
            for hit in result.get("hits", {}).get("hits", []):
                hits.setdefault(int(hit["_id"]), set()).update(hit.get("matched_queries", []))
        return self._with_pages(hits, terms)

    def fetch(self, page_ids, wanted):
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


def _named(terms):
    named = []
    for i, term in enumerate(terms):
        named.append(_term(term, "title", _name=f"t{i}", boost=2.0))
        named.append(_term(term, _name=f"a{i}"))
    return named
