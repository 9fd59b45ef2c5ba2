"""The site's one way of caching: what public pages show, kept under a content generation.

**What is cached.** The HTML of public pages (Wagtail pages and their routes, and views marked
@shared_page), rendered once for every visitor, signed in or not: the personal parts are
slots filled in for each request (core/personal.py). Beside the pages, the values they are
built from that cost a query or more each time (navigation, the notice list's counts and
places, the finder's index) are kept with generation_cached(), and each process keeps its own
copy of those under the same key.

**The key.** A page's entry is keyed by host, scheme, path and query, language, the elder-mode
cookie and today's date; every entry, page or value, also carries the site-wide *generation*.

**What invalidates it.** Any change to what a public page shows (a page published, unpublished,
moved, saved or deleted; a contact, opening hour, dispatched staff, snippet, image or site
setting saved) moves the generation on, in the shared cache (Redis), so every entry on every
app server is a miss from then on. Page entries also expire after PAGE_CACHE_SECONDS: that
bounds how old the figures that change without a publish (report and rating figures, the
station's open/closed tag) can be.

nginx keeps the anonymous responses of the same pages for PROXY_CACHE_SECONDS (default 10,
`X-Accel-Expires`, site/nginx/linli.conf); it cannot see the generation, so after a publish an
anonymous visitor may see the old page that long. Requests with a session or messages cookie
pass nginx by and see a publish at once.

An entry is served to a signed-in visitor only if its render never looked at the user or the
session: a page that did (or that has view restrictions, which Wagtail marks private) is kept
for anonymous visitors only, or not at all.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import empty
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import personal

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
CACHE_HEADER = "X-Cache"
# nginx keeps a response in its own cache (a "microcache") for this many seconds when, and only
# when, Django sends it; nginx strips the header. See site/nginx/linli.conf.
PROXY_CACHE_HEADER = "X-Accel-Expires"
ELDER_COOKIE = "elder"
UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Link")
# Values depend on content only: the generation retires them; the timeout only frees memory.
VALUE_SECONDS = 24 * 3600
LOCAL_VALUES_MAX = 512


# -- the generation ---------------------------------------------------------------------------


def bump_generation(**kwargs):
    """Make every cached page and value stale. Connected to the signals in connect()."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # Missing (first use or evicted): start from the clock, so that the new number is
        # higher than any generation an old entry can carry.
        cache.set(GENERATION_KEY, time.time_ns() // 1000, None)


def current_generation():
    return cache.get(GENERATION_KEY)


def _generation_or_start(known=None):
    """The generation, starting one if the cache has none (first use, or emptied)."""
    if known is None:
        bump_generation()
        known = current_generation()
    return known


# -- values -----------------------------------------------------------------------------------

_local_values = {}
_local_generation = [None]


def generation_cached(key, compute):
    """compute()'s value, kept until what pages show changes (the generation moves on), in the
    shared cache and in this process. For values that are costly to compute but change only
    with the content, such as the count of current notices."""
    generation = _generation_or_start(current_generation())
    if generation is None:  # a cache that keeps nothing
        return compute()
    if _local_generation[0] != generation:
        _local_values.clear()
        _local_generation[0] = generation
    full_key = f"{key}:{generation}"
    if full_key in _local_values:
        return _local_values[full_key]
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, VALUE_SECONDS)
    if len(_local_values) < LOCAL_VALUES_MAX:
        _local_values[full_key] = value
    return value


# -- pages ------------------------------------------------------------------------------------


def shared_page(view):
    """Mark a view whose page is the same for everyone (but for its personal slots), so that
    the page cache keeps it as it keeps Wagtail's pages."""
    view.shared_page = True
    return view


def expires_within(request, seconds):
    """Keep the page being rendered for at most `seconds`: for what changes on a clock rather
    than with a publish, such as a station's open/closed tag."""
    visit = getattr(request, "_page_cache", None)
    if visit is not None:
        visit.seconds = min(visit.seconds or seconds, seconds)


@dataclass(frozen=True)
class Entry:
    generation: int
    content: bytes
    headers: tuple
    for_everyone: bool  # False: the render looked at who was asking; anonymous visitors only


@dataclass
class Visit:
    """What the middleware knows about a request to a shared page."""

    personal: bool
    user_loaded: bool
    session_read: bool
    key: str = ""
    generation: int | None = None
    outcome: str = "pass"
    seconds: float = 0  # at most this long, when the page asks (expires_within)


def _is_personal(request):
    """A session, pending messages or credentials: the response must not be shared as is."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or CookieStorage.cookie_name in cookies
        or "HTTP_AUTHORIZATION" in request.META
    )


def _user_loaded(request):
    user = getattr(request, "user", None)
    return user is not None and getattr(user, "_wrapped", None) is not empty


def _session_read(request):
    session = getattr(request, "session", None)
    return session is not None and session.accessed


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
    return not (messages is not None and getattr(messages, "added_new", False))


class PageCacheMiddleware:
    """Serve and store shared pages and fill in their personal slots; put last in MIDDLEWARE,
    so that the security, CSP and session middlewares above it treat a cached answer like a
    fresh one."""

    def __init__(self, get_response):
        from wagtail import views as wagtail_views  # loads models: not at import time

        self.get_response = get_response
        self.page_view = wagtail_views.serve

    def __call__(self, request):
        response = self.get_response(request)
        visit = getattr(request, "_page_cache", None)
        if visit is None or CACHE_HEADER in response:
            return response
        if visit.outcome != "hit" and visit.key and request.method == "GET":
            if _storable(request, response):
                looked = (_user_loaded(request) and not visit.user_loaded) or (
                    _session_read(request) and not visit.session_read
                )
                if not (looked and visit.personal):
                    self._store(visit, response, for_everyone=not looked)
        unique = False
        if not response.streaming and response.get("Content-Type", "").startswith("text/html"):
            response.content, unique = personal.fill(request, response.content)
        response[CACHE_HEADER] = visit.outcome
        patch_vary_headers(response, ("Cookie",))
        if unique:
            # A one-time token or a CSRF token: this answer is for this request alone.
            patch_cache_control(response, private=True, no_cache=True)
        elif visit.outcome != "pass" and not visit.personal:
            _allow_proxy_cache(response, visit)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD"):
            return None
        if view_func is not self.page_view and not getattr(view_func, "shared_page", False):
            return None
        visit = Visit(
            personal=_is_personal(request),
            user_loaded=_user_loaded(request),
            session_read=_session_read(request),
        )
        request._page_cache = visit
        setattr(request, personal.SHARED_RENDER, True)
        key = _cache_key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:  # noqa: BLE001 - a cache outage must not take the site down
            logger.warning("page cache unavailable", exc_info=True)
            return None
        generation = _generation_or_start(found.get(GENERATION_KEY))
        visit.key, visit.generation = key, generation
        entry = found.get(key)
        if not isinstance(entry, Entry) or entry.generation != generation:
            return None
        if visit.personal and not entry.for_everyone:
            return None
        visit.outcome = "hit"
        response = HttpResponse(entry.content)
        for name, value in entry.headers:
            response[name] = value
        return response

    def _store(self, visit, response, *, for_everyone):
        headers = tuple((name, response[name]) for name in KEPT_HEADERS if name in response)
        entry = Entry(visit.generation, response.content, headers, for_everyone)
        try:
            cache.set(visit.key, entry, _lifetime(settings.PAGE_CACHE_SECONDS, visit))
        except Exception:  # noqa: BLE001
            logger.warning("page cache unavailable", exc_info=True)
            return
        visit.outcome = "miss"


def _lifetime(seconds, visit):
    if visit.seconds:
        seconds = min(seconds, visit.seconds)
    return max(int(seconds), 1)


def _allow_proxy_cache(response, visit):
    if settings.PROXY_CACHE_SECONDS > 0:
        response[PROXY_CACHE_HEADER] = str(_lifetime(settings.PROXY_CACHE_SECONDS, visit))


# -- what moves the generation on -------------------------------------------------------------


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
