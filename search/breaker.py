"""Leave the search engine alone for a while after it failed, in every process.

When Elasticsearch does not answer within SEARCH_ENGINE_TIMEOUT, the request that found out
answers from the database instead (search/service.py, search/fallback.py) and opens the
breaker: for SEARCH_ENGINE_PAUSE seconds no request asks the engine at all, so visitors do not
each wait for the timeout, and index changes go straight to the queue (search/index_queue.py).
The first request after the pause tries the engine again. The pause is kept in the process and
in the shared cache, so one worker's failure spares the others.
"""

import contextvars
import time

from django.conf import settings
from django.core.cache import cache
from elastic_transport import ApiError, TransportError

KEY = "search:engine-down-until"
_state = {"until": 0.0}
# Set when a search in this request was answered by the database backend instead (the admin
# then shows a notice: search/middleware.py).
answered_by_fallback = contextvars.ContextVar("answered_by_fallback", default=False)


def engine_timeout():
    """Seconds a request waits for the engine (SEARCH_ENGINE_TIMEOUT)."""
    return float(getattr(settings, "SEARCH_ENGINE_TIMEOUT", 0.5))


def _pause():
    return float(getattr(settings, "SEARCH_ENGINE_PAUSE", 30))


def is_outage(exc):
    """Whether `exc` says the engine is away or overwhelmed (not a bad query): no connection,
    a timeout, or a 5xx/429 answer (shards not ready after a restart, queues full)."""
    if isinstance(exc, ApiError):
        return exc.status >= 500 or exc.status == 429
    return isinstance(exc, TransportError)


def available():
    now = time.time()
    if now < _state["until"]:
        return False
    until = cache.get(KEY)
    if until and now < until:
        _state["until"] = until
        return False
    return True


def opened(exc=None):
    """The engine failed: skip it for the pause."""
    until = time.time() + _pause()
    _state["until"] = until
    cache.set(KEY, until, max(1, int(_pause())))


def reset():
    """The engine answered again (a replay, a test): ask it at once."""
    _state["until"] = 0.0
    cache.delete(KEY)
