"""When the database cannot be reached: a calm 503 page with Retry-After, never a 500.

The page is static (static/errors/503.html), so showing it needs neither the database nor the
cache. nginx shows the same file when the app servers do not answer or answer 502/503/504
(site/nginx/linli.conf); Django shows it here for a request that failed on the database, from
wherever the error came (a view, a template, a middleware saving the session). Nothing needs
restarting afterwards: a broken connection is replaced at the next request (CONN_HEALTH_CHECKS,
config/settings/env.py).
"""

import sys
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.views.defaults import server_error

PAGE = "errors/503.html"
RETRY_AFTER_SECONDS = 30


def database_unreachable(exc):
    """Whether `exc` (or what caused it) is a lost or refused database connection."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


@cache
def _page():
    return Path(finders.find(PAGE)).read_bytes()


def unavailable():
    response = HttpResponse(_page(), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def handler500(request):
    """config.urls' handler500: called while the uncaught exception is being handled."""
    if database_unreachable(sys.exc_info()[1]):
        return unavailable()
    return server_error(request)
