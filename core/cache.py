"""The site's one way of caching: entries kept under named generations.

**What is cached.** Public pages, whole, in the shared cache (Redis), for every visitor (the
personal parts are slots filled in per request, core/personal.py); and values built from the
database (navigation, hidden paths, the finder's and search's name indexes, synonyms, editors'
picks), in each process's memory (`Generation.value`). **The key.** Every entry carries the
number of its generation: `content` for pages and what pages show (a scorecard also carries
`ratings`, which every rating write moves on: `depends_on`); `finder`, `site-names`,
`synonyms` and `promoted-queries` for search's own indexes (search.memo); a page's key is also its host, scheme, path and query,
language, elder-mode cookie and date. **What invalidates it.** A change to what a generation
covers (a page published, unpublished, moved, saved or deleted, or a snippet, setting, contact
or synonym saved) moves that generation's number on in the shared cache, so every entry on every
app server is stale at once for pages and within CHECK_SECONDS for values; what changes without
an edit (report figures, open/closed, search counts) expires after a fixed time instead
(PAGE_CACHE_SECONDS, `expires_within`, `expiring`).

Details. The page cache reads the content number with the page itself, on every request, and
hands it to this process's values, so a page and the values it was built from agree. nginx
keeps the anonymous responses of the same pages for PROXY_CACHE_SECONDS (default 10,
`X-Accel-Expires`, site/nginx/linli.conf); it cannot see the generation, so after a publish an
anonymous visitor may see the old page that long. Requests with a session or messages cookie
pass nginx by and see a publish at once. An entry is served to a signed-in visitor only if its
render never looked at the user or the session: a page that did (or that has view
restrictions, which Wagtail marks private) is kept for anonymous visitors only, or not at all.
Without Redis (it is down, or the embedded default's local-memory cache) the same rules hold
per process; a cache that cannot be read makes every lookup a miss, never an error.
"""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field

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

CACHE_HEADER = "X-Cache"
# nginx keeps a response in its own cache (a "microcache") for this many seconds when, and only
# when, Django sends it; nginx strips the header. See site/nginx/linli.conf.
PROXY_CACHE_HEADER = "X-Accel-Expires"
ELDER_COOKIE = "elder"
UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Link")
# A process trusts the number it last read for this long when the cache is shared (Redis):
# a change made in another process reaches its values within this time, and a request does not
# ask Redis once per value. A local-memory cache is read every time: that costs nothing.
CHECK_SECONDS = 1.0
LOCAL_VALUES_MAX = 512


# -- generations ------------------------------------------------------------------------------


def _shared_cache():
    return "LocMemCache" not in settings.CACHES["default"]["BACKEND"]


class Generation:
    """A named number in the shared cache. What was cached under one number is stale under
    the next: bump() is the only way anything cached is invalidated before it expires."""

    registry = {}

    def __init__(self, name, key=None):
        self.name = name
        self.key = key or f"generation:{name}"
        self._lock = threading.Lock()
        self._values = {}  # key → value, all built under self._number
        self._number = None
        self._checked_at = 0.0
        Generation.registry[name] = self

    def bump(self, **kwargs):
        """Make everything cached under this generation stale (a signal receiver too)."""
        try:
            cache.incr(self.key)
        except ValueError:
            # Missing (first use or evicted): start from the clock, so that the new number is
            # higher than any number an old entry can carry.
            cache.set(self.key, time.time_ns() // 1000, None)
        self.forget()

    def current(self):
        """The number in the shared cache (None if it has none or cannot be read)."""
        return cache.get(self.key)

    def started(self, known=None):
        """`known` (read with something else), else the shared number, starting one if the
        cache has none (first use, or emptied)."""
        if known is None:
            known = self.current()
        if known is None:
            self.bump()
            known = self.current()
        return known

    def number(self):
        """The number this process's values follow: read again after CHECK_SECONDS."""
        fresh = time.monotonic() - self._checked_at < CHECK_SECONDS
        if self._number is not None and fresh and _shared_cache():
            return self._number
        return self.saw(self.started())

    def saw(self, number):
        """Follow `number`, read from the shared cache (the page cache reads the content
        number with every page): values of an older number are dropped."""
        if number != self._number:
            self._values = {}
            self._number = number
        self._checked_at = time.monotonic()
        return number

    def value(self, key, build):
        """build()'s value, built once in this process and kept until the number moves on."""
        number = self.number()
        if number is None:  # a cache that keeps nothing, or cannot be read
            return build()
        values = self._values
        if key in values:
            return values[key]
        with self._lock:
            value = build()
            if self._number == number and len(values) < LOCAL_VALUES_MAX:
                values[key] = value
        return value

    def forget(self):
        """Drop this process's values and its last reading of the number."""
        self._values = {}
        self._number = None
        self._checked_at = 0.0


# `content`: pages and everything a page shows; moved on by the signals in connect().
CONTENT = Generation("content", key="pagecache:generation")
GENERATION_KEY = CONTENT.key


def bump_generation(**kwargs):
    """Make every cached page and content value stale (as a publish does)."""
    CONTENT.bump()


def current_generation():
    return CONTENT.current()


def generation_cached(key, compute):
    """compute()'s value, kept in this process until what pages show changes."""
    return CONTENT.value(key, compute)


# -- values that expire -----------------------------------------------------------------------

# Figures that change without any edit (search's term counts) are kept for a fixed time
# instead, in the shared cache and for at most LOCAL_SECONDS in this process.
LOCAL_SECONDS = 60
_expiring = {}  # key → (monotonic expiry, value)


def expiring(keys, compute, seconds):
    """{key: value} for `keys`, from this process (if the cache is shared), then the shared
    cache, then compute(missing keys) → {key: value}, kept `seconds`."""
    now = time.monotonic()
    found = {}
    if _shared_cache():
        found = {k: _expiring[k][1] for k in keys if k in _expiring and _expiring[k][0] > now}
    missing = [k for k in keys if k not in found]
    if missing:
        stored = cache.get_many(missing)
        found.update(stored)
        _keep(stored)
        missing = [k for k in missing if k not in stored]
    if missing:
        computed = compute(missing)
        cache.set_many(computed, seconds)
        _keep(computed)
        found.update(computed)
    return found


def _keep(values):
    expiry = time.monotonic() + LOCAL_SECONDS
    if len(_expiring) > 50000:
        _expiring.clear()
    _expiring.update((k, (expiry, v)) for k, v in values.items())


def forget_process_copies():
    """Forget every value this process keeps (tests that roll the database back call this:
    no signal tells the generations)."""
    for generation in Generation.registry.values():
        generation.forget()
    _expiring.clear()


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


def depends_on(request, generation):
    """The page being rendered also shows what `generation` covers (a scorecard: the ratings):
    it is kept only while that generation's number is the one read now, before the render
    reads the data."""
    visit = getattr(request, "_page_cache", None)
    if visit is not None:
        visit.also[generation.name] = generation.started()


def _still_current(also):
    """Whether every other generation an entry was built under still has its number. An entry
    naming a generation this code no longer has (kept from an earlier deploy) is stale."""
    generations = [Generation.registry.get(name) for name, _number in also]
    if None in generations:
        return False
    try:
        numbers = cache.get_many([generation.key for generation in generations])
    except Exception:  # noqa: BLE001 - a cache outage must not take the site down
        return False
    return all(
        numbers.get(generation.key) == number
        for generation, (_name, number) in zip(generations, also, strict=True)
    )


@dataclass(frozen=True)
class Entry:
    generation: int
    content: bytes
    headers: tuple
    for_everyone: bool  # False: the render looked at who was asking; anonymous visitors only
    also: tuple = ()  # ((generation name, number), …) of the other generations it was built under


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
    also: dict = field(default_factory=dict)  # generation name → number (depends_on)


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
        generation = CONTENT.saw(CONTENT.started(found.get(GENERATION_KEY)))
        visit.key, visit.generation = key, generation
        entry = found.get(key)
        if not isinstance(entry, Entry) or entry.generation != generation:
            return None
        if entry.also and not _still_current(entry.also):
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
        also = tuple(sorted(visit.also.items()))
        entry = Entry(visit.generation, response.content, headers, for_everyone, also)
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
