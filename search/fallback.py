"""Elasticsearch that steps aside when it is away: searches answer from the database backend,
index changes wait in the database (search/index_queue.py) instead of being lost.

- Every request-path call (admin search, single-object index changes; the site search's
  retriever likewise) waits at most SEARCH_ENGINE_TIMEOUT, with no retries.
- A failure that means the engine is away (search/breaker.py) opens the breaker: for
  SEARCH_ENGINE_PAUSE seconds searches go straight to the database backend and index changes
  straight to the queue, without asking the engine.
- The database backend is the one configured under FALLBACK (default "database"): it is kept
  current alongside Elasticsearch (config/settings/env.py), so its answers are today's pages.
- `update_index` and the replay use the backend's own client (TIMEOUT, retries) and never
  fall back: an operator running them wants to know.
"""

import logging
from functools import cached_property

from modelsearch.backends import InvalidSearchBackendError, get_search_backend
from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchResults

from . import breaker, index_queue
from .models import PendingIndexChange

logger = logging.getLogger(__name__)


class ResilientResults(Elasticsearch8SearchResults):
    """Search results that come from the database backend when the engine is away."""

    def _backend_do_search(self, body, **kwargs):
        return self.backend.quick.search(**body, **kwargs)

    def _guarded(self, ask_engine, ask_database):
        if breaker.available():
            try:
                return ask_engine()
            except Exception as exc:
                if not breaker.is_outage(exc):
                    raise
                logger.warning("Search engine unavailable, searching the database: %s", exc)
                breaker.opened(exc)
        return ask_database(self._fallback())

    def _do_search(self):
        # super()'s is a generator: consumed inside the guard, so that a failure is caught.
        return self._guarded(lambda: list(super(ResilientResults, self)._do_search()), list)

    def _do_count(self):
        return self._guarded(self._engine_count, lambda results: results.count())

    def facet(self, field_name):
        return self._guarded(
            lambda: super(ResilientResults, self).facet(field_name),
            lambda results: results.facet(field_name),
        )

    def _engine_count(self):
        index = self.backend.get_index_for_model(self.query_compiler.queryset.model)
        body = self._get_es_body(for_count=True)
        count = self.backend.quick.count(index=index.name, **body)["count"] - self.start
        if self.stop is not None:
            count = min(count, self.stop - self.start)
        return max(count, 0)

    def _fallback(self):
        breaker.answered_by_fallback.set(True)
        compiler = self.query_compiler
        database = self.backend.fallback
        autocomplete = isinstance(compiler, self.backend.autocomplete_query_compiler_class)
        compiler_class = (
            database.autocomplete_query_compiler_class
            if autocomplete
            else database.query_compiler_class
        )
        results = database._search(
            compiler_class,
            compiler.query,
            compiler.queryset,
            fields=compiler.fields,
            order_by_relevance=compiler.order_by_relevance,
        )
        if self._score_field:
            results = results.annotate_score(self._score_field)
        return results[self.start : self.stop]


class ResilientBackendMixin:
    """For modelsearch's Elasticsearch backend classes (search.engines builds the class).

    Extra settings: ALIAS, this backend's name in WAGTAILSEARCH_BACKENDS (the queue's key,
    "default"); FALLBACK, the database backend's name ("database")."""

    results_class = ResilientResults

    def __init__(self, params):
        params = dict(params)
        self.alias = params.pop("ALIAS", "default")
        self.fallback_alias = params.pop("FALLBACK", "database")
        super().__init__(params)
        self.quick = self.es.options(
            request_timeout=breaker.engine_timeout(), max_retries=0, retry_on_timeout=False
        )

    @cached_property
    def fallback(self):
        try:
            return get_search_backend(self.fallback_alias)
        except InvalidSearchBackendError:
            # Not configured (a test, a benchmark): the database backend, however current.
            return get_search_backend("search.engines")

    def _index(self, obj, client):
        index = self.get_index_for_object(obj)
        index.es = client
        return index

    def _send(self, obj, action, client):
        index = self._index(obj, client)
        if action == PendingIndexChange.DELETE:
            index.delete_item(obj)
        else:
            index.add_item(obj)

    def _change(self, obj, action):
        if not breaker.available():
            index_queue.record(self.alias, obj, action, "engine paused after a failure")
            return
        try:
            self._send(obj, action, self.quick)
        except Exception as exc:
            if not breaker.is_outage(exc):
                raise
            breaker.opened(exc)
            logger.warning("Search engine unavailable, index change queued: %s", exc)
            index_queue.record(self.alias, obj, action, exc)

    def add(self, obj):
        self._change(obj, PendingIndexChange.UPDATE)

    def delete(self, obj):
        self._change(obj, PendingIndexChange.DELETE)

    def apply_now(self, obj, action):
        """Send one change with the backend's own timeout; raises when it fails (replay)."""
        self._send(obj, action, self.es.options(max_retries=0))
