"""The page cache: anonymous views of Wagtail pages, served from the shared cache.

A page shows more than itself (a station lists its notices, the home page the newest ones,
every page the navigation), so instead of tracking which page shows what, every entry is
stamped with a site-wide *generation* that any publish, unpublish, move or delete of a page
and any save of a snippet or site setting bumps. An entry from an older generation is a miss.

Only what cannot be personal is cached: GET/HEAD by a visitor with no session or messages
cookie, answered 200 with HTML by Wagtail's page view, setting no cookie, using no CSRF token
and not marked private. The key holds the host, path, query, language, the elder-mode cookie
and today's date (notices expire by date).

The same responses, and only those, carry `X-Accel-Expires: PROXY_CACHE_SECONDS`, which lets
nginx keep them for a few seconds and answer repeated anonymous views without reaching gunicorn
(site/nginx/linli.conf). nginx cannot see the generation, so after a publish an anonymous visitor
may see the old page for at most PROXY_CACHE_SECONDS (default 10); people with a session, who
include everyone who publishes, bypass nginx's cache and see the change at once.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
CACHE_HEADER = "X-Cache"
# nginx keeps a response in its own cache (a "microcache") for this many seconds when, and only
# when, Django sends it; nginx strips the header. See site/nginx/linli.conf.
PROXY_CACHE_HEADER = "X-Accel-Expires"
ELDER_COOKIE = "elder"
UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Link")


def bump_generation(**kwargs):
    """Make every cached page stale. Connected to the signals in connect()."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # Missing (first use or evicted): start from the clock, so that the new number is
        # higher than any generation an old entry can carry.
        cache.set(GENERATION_KEY, time.time_ns() // 1000, None)


def current_generation():
    return cache.get(GENERATION_KEY)


def generation_cached(key, compute, timeout=3600):
    """compute()'s value, kept until a page or what pages show changes (the generation moves
    on). For figures that are costly to compute but only change with the content, such as the
    count of current notices. With no generation (the cache was emptied) nothing is kept."""
    generation = current_generation()
    if generation is None:
        return compute()
    key = f"{key}:{generation}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def _is_anonymous_request(request):
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _cache_key(request):
    parts = [
        request.get_host(),
        request.scheme,
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        request.COOKIES.get(ELDER_COOKIE, ""),
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"pagecache:{digest}"


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if any(word in response.get("Cache-Control", "") for word in UNCACHEABLE_CONTROL):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or b"csrfmiddlewaretoken" in response.content:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "added_new", False):
        return False
    return _is_anonymous_request(request)


class PageCacheMiddleware:
    """Serve and store anonymous page views; put last in MIDDLEWARE, so that the security,
    CSP and session middlewares above it treat a cached answer like a fresh one."""

    def __init__(self, get_response):
        from wagtail import views as wagtail_views  # loads models: not at import time

        self.get_response = get_response
        self.page_view = wagtail_views.serve

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "_page_cache_candidate", False) or CACHE_HEADER in response:
            return response
        key = getattr(request, "_page_cache_key", None)
        if key and request.method == "GET" and _storable(request, response):
            patch_vary_headers(response, ("Cookie",))
            self._store(key, request._page_cache_generation, response)
            response[CACHE_HEADER] = "miss"
            _allow_proxy_cache(response)
        else:
            response[CACHE_HEADER] = "pass"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not self.page_view or request.method not in ("GET", "HEAD"):
            return None
        request._page_cache_candidate = True
        if not _is_anonymous_request(request):
            return None
        key = _cache_key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:  # noqa: BLE001 - a cache outage must not take the site down
            logger.warning("page cache unavailable", exc_info=True)
            return None
        generation = found.get(GENERATION_KEY)
        if generation is None:
            bump_generation()
            generation = current_generation()
        request._page_cache_key = key
        request._page_cache_generation = generation
        entry = found.get(key)
        if entry is None or entry[0] != generation:
            return None
        _generation, content, headers = entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response[CACHE_HEADER] = "hit"
        _allow_proxy_cache(response)
        return response

    def _store(self, key, generation, response):
        headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
        try:
            cache.set(key, (generation, response.content, headers), settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("page cache unavailable", exc_info=True)


def _allow_proxy_cache(response):
    if settings.PROXY_CACHE_SECONDS > 0:
        response[PROXY_CACHE_HEADER] = str(settings.PROXY_CACHE_SECONDS)


def content_changed(**kwargs):
    """Bump now, and again when the transaction commits: a page rendered between the two
    from not-yet-committed data is then thrown away too."""
    bump_generation()
    transaction.on_commit(bump_generation)


def _shown_on_pages(model):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page
    from wagtail.snippets.models import get_snippet_models

    return (
        issubclass(model, Page | BaseSiteSetting | BaseGenericSetting)
        or model._meta.app_label in settings.PAGE_CACHE_CONTENT_MODELS
        or model._meta.label in settings.PAGE_CACHE_CONTENT_MODELS
        or model in get_snippet_models()
    )


def _model_changed(sender, **kwargs):
    if _shown_on_pages(sender):
        content_changed()


def connect():
    """Bump the generation whenever what a public page shows may have changed: pages
    (published, unpublished, moved, saved, deleted), their inline objects (contacts, hours,
    staff: the models of settings.PAGE_CACHE_CONTENT_MODELS), snippets and site settings."""
    page_published.connect(content_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(content_changed, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(content_changed, dispatch_uid="pagecache-moved")
    post_save.connect(_model_changed, dispatch_uid="pagecache-saved")
    post_delete.connect(_model_changed, dispatch_uid="pagecache-deleted")
