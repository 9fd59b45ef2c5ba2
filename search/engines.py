"""Search backends that understand Chinese queries, for the site search and the Wagtail admin.

Indexed text is already tokenised by `search.indexing.ChineseSearchable` (characters and bigrams);
these backends transform queries the same way before handing them to modelsearch:

- a query's CJK runs become their bigrams (a lone character stays itself), latin words stay;
- the terms are combined with AND; when AND finds nothing, the search is repeated with OR, ordered
  by relevance, so that a long query with one unknown word still finds something;
- `autocomplete()` (what the admin page search calls) runs a whole-token `search()` over title and
  body when the query contains Chinese: prefix matching means nothing for bigram tokens, and
  station staff look for pages by any word, not just a title prefix.

Settings: BACKEND "search.engines" (the database backend for the current database vendor) or
"search.engines.Elasticsearch8SearchBackend" (see search/backends.py and search/README.md), which
steps aside to the database backend when Elasticsearch is away (search/fallback.py).
"""

from functools import cache

from modelsearch.backends import database
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText

from .chinese import has_cjk, query_terms


def transform_query(query):
    """The query with each text part replaced by its Chinese-aware terms; None if nothing is left."""
    if isinstance(query, str):
        terms = query_terms(query)
        return " ".join(terms) if terms else None
    if isinstance(query, PlainText | Phrase):
        terms = query_terms(query.query_string)
        if not terms:
            return None
        operator = query.operator if isinstance(query, PlainText) else "and"
        return PlainText(" ".join(terms), operator=operator, boost=getattr(query, "boost", 1))
    if isinstance(query, And | Or):
        subqueries = [sub for sub in map(transform_query, query.subqueries) if sub is not None]
        if not subqueries:
            return None
        return type(query)(subqueries) if len(subqueries) > 1 else subqueries[0]
    if isinstance(query, Not):
        subquery = transform_query(query.subquery)
        return Not(subquery) if subquery is not None else None
    if isinstance(query, Boost):
        subquery = transform_query(query.subquery)
        return Boost(subquery, query.boost) if subquery is not None else None
    return query  # MatchAll, MatchNone, Fuzzy…


def _relaxed(query):
    """The same query with every multi-term AND text part turned into OR; None if unchanged."""
    if isinstance(query, PlainText):
        if query.operator == "and" and len(query.query_string.split()) > 1:
            return PlainText(query.query_string, operator="or", boost=query.boost)
        return None
    if isinstance(query, And | Or):
        relaxed = [_relaxed(sub) for sub in query.subqueries]
        if all(sub is None for sub in relaxed):
            return None
        return type(query)(
            [
                new if new is not None else old
                for new, old in zip(relaxed, query.subqueries, strict=True)
            ]
        )
    if isinstance(query, Boost):
        subquery = _relaxed(query.subquery)
        return Boost(subquery, query.boost) if subquery is not None else None
    return None


def _query_string(query):
    if isinstance(query, str):
        return query
    if isinstance(query, PlainText | Phrase):
        return query.query_string
    return " ".join(_query_string(sub) for sub in getattr(query, "subqueries", ()))


class ChineseQueryMixin:
    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        query = transform_query(query)
        if query is None:
            query = ""
        elif isinstance(query, str):
            query = PlainText(query, operator=operator or "and")
        results = super().search(
            query, model_or_queryset, fields=fields, order_by_relevance=order_by_relevance
        )
        relaxed = _relaxed(query) if query else None
        if relaxed is not None and not list(results[:1]):
            results = super().search(
                relaxed, model_or_queryset, fields=fields, order_by_relevance=order_by_relevance
            )
        return results

    def autocomplete(
        self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True
    ):
        if has_cjk(_query_string(query)):
            return self.search(
                query, model_or_queryset, operator=operator, order_by_relevance=order_by_relevance
            )
        return super().autocomplete(
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
        )


def _sqlite_query_compilers():
    """SQLite compilers ranking with per-column BM25 weights: modelsearch calls bm25() without
    weights, so a word in the title counts no more than the same word in the body."""
    from django.db.models import FloatField, Func
    from modelsearch.backends.database.sqlite import sqlite

    fts_table = sqlite.SQLiteFTSIndexEntry._meta.db_table

    class WeightedBM25(Func):
        output_field = FloatField()

        def as_sql(self, compiler, connection, **extra):
            # Column order of the FTS5 table: autocomplete, body, title.
            return f"bm25({fts_table}, 1.0, 1.0, {SQLITE_TITLE_WEIGHT})", []

    class RankMixin:
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            if isinstance(query, Phrase | PlainText | Not):
                return WeightedBM25() * boost if boost != 1.0 else WeightedBM25()
            return super().build_tsrank(vector, query, config=config, boost=boost)

        def get_index_vectors(self):
            # One weighted bm25() covers all columns; modelsearch's extra title_norm factor would
            # favour every short title, matched or not.
            return [(None, 1.0)]

    return {
        "query_compiler_class": type(
            "ChineseSQLiteSearchQueryCompiler", (RankMixin, sqlite.SQLiteSearchQueryCompiler), {}
        ),
        "autocomplete_query_compiler_class": type(
            "ChineseSQLiteAutocompleteQueryCompiler",
            (RankMixin, sqlite.SQLiteAutocompleteQueryCompiler),
            {},
        ),
    }


# How much more a match in the title weighs than one in the body (SQLite; PostgreSQL and
# Elasticsearch use the fields' boosts).
SQLITE_TITLE_WEIGHT = 5.0


@cache
def chinese_backend_class(base):
    attrs = {}
    if base.__module__ == "modelsearch.backends.database.sqlite.sqlite":
        attrs = _sqlite_query_compilers()
    return type(f"Chinese{base.__name__}", (ChineseQueryMixin, base), attrs)


def SearchBackend(params):  # noqa: N802 (modelsearch looks up this name in the module)
    """Wagtail's database backend for the current vendor (SQLite FTS5, PostgreSQL, MySQL,
    fallback), with Chinese-aware queries."""
    backend = database.SearchBackend(params)
    # The vendor class is chosen at run time; a subclass adding only methods is safe to swap in.
    backend.__class__ = chinese_backend_class(type(backend))
    return backend


@cache
def _elasticsearch_backend_class():
    from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend

    from .fallback import ResilientBackendMixin  # imports the elasticsearch client too

    chinese = chinese_backend_class(Elasticsearch8SearchBackend)
    return type("ResilientChineseElasticsearch8SearchBackend", (ResilientBackendMixin, chinese), {})


def __getattr__(name):
    # Imported lazily: the elasticsearch client is only needed when ELASTICSEARCH_URL is set.
    # Elasticsearch answers from the database backend when it is away (search/fallback.py).
    if name == "Elasticsearch8SearchBackend":
        return _elasticsearch_backend_class()
    raise AttributeError(name)
