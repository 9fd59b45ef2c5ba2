"""Where a request's milliseconds go: exclusive time per stage (bench/page_times.py --profile).

A handful of functions are wrapped with a timer that charges its time to one stage and pauses
the stage of the caller while it runs, so each millisecond is counted once: the time a query
takes inside routing counts as "queries", not as "routing". What no wrapped function covers
(Django's request handling, the middlewares not listed) is "other". Wrapping costs a few
microseconds a call, so only functions called a few dozen times a request are wrapped; the
i18n figure comes from cProfile instead (gettext runs hundreds of times).
"""

import importlib
import time
from collections import defaultdict

# (stage, "module:attribute.path") — the innermost running stage gets the time.
TARGETS = [
    ("session", "django.contrib.sessions.backends.cached_db:SessionStore.load"),
    ("user", "django.contrib.auth:get_user"),
    ("page cache", "core.cache:PageCacheMiddleware.process_view"),
    ("page cache", "core.cache:PageCacheMiddleware._store"),
    ("page cache", "core.personal:fill"),
    ("view code", "wagtail.models:Page.serve"),
    ("view code", "wagtail.contrib.routable_page.models:RoutablePageMixin.serve"),
    ("routing", "wagtail.models:Page.route_for_request"),
    ("view restrictions", "wagtail.models:Page.get_view_restrictions"),
    ("page context", "wagtail.models:Page.get_context"),
    ("navigation", "home.navigation:service_links"),
    ("template rendering", "django.template.base:Template.render"),
    ("CSP", "csp.middleware:CSPMiddleware.process_response"),
    ("queries", "django.db.backends.utils:CursorWrapper._execute"),
    ("cache reads/writes", "django.core.cache.backends.redis:RedisCache.get"),
    ("cache reads/writes", "django.core.cache.backends.redis:RedisCache.get_many"),
    ("cache reads/writes", "django.core.cache.backends.redis:RedisCache.set"),
    ("cache reads/writes", "django.core.cache.backends.locmem:LocMemCache.get"),
    ("cache reads/writes", "django.core.cache.backends.locmem:LocMemCache.get_many"),
    ("cache reads/writes", "django.core.cache.backends.locmem:LocMemCache.set"),
]


class StageTimer:
    def __init__(self):
        self.totals = defaultdict(float)
        self.stack = []
        self.patched = []

    def _wrap(self, stage, function):
        timer = self

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            timer.stack.append([stage, 0.0])
            try:
                return function(*args, **kwargs)
            finally:
                _stage, children = timer.stack.pop()
                elapsed = time.perf_counter() - started
                timer.totals[stage] += elapsed - children
                if timer.stack:
                    timer.stack[-1][1] += elapsed

        wrapper.__wrapped__ = function
        return wrapper

    def install(self, targets=TARGETS):
        for stage, target in targets:
            module_name, path = target.split(":")
            try:
                owner = importlib.import_module(module_name)
            except ImportError:
                continue
            *parents, name = path.split(".")
            for parent in parents:
                owner = getattr(owner, parent, None)
            original = getattr(owner, name, None)
            if original is None:  # not in this version of the code
                continue
            raw = vars(owner).get(name, original)
            if isinstance(raw, staticmethod):
                wrapped = staticmethod(self._wrap(stage, raw.__func__))
            elif isinstance(raw, classmethod):
                wrapped = classmethod(self._wrap(stage, raw.__func__))
            else:
                wrapped = self._wrap(stage, original)
            setattr(owner, name, wrapped)
            self.patched.append((owner, name, raw))
        return self

    def uninstall(self):
        for owner, name, raw in reversed(self.patched):
            setattr(owner, name, raw)
        self.patched.clear()

    def measure(self, function):
        """Run function() with the timer on; returns (result, {stage: seconds}) including
        "other" for the time no stage claimed."""
        self.totals.clear()
        started = time.perf_counter()
        self.stack.append(["other", 0.0])
        try:
            result = function()
        finally:
            _stage, children = self.stack.pop()
        total = time.perf_counter() - started
        self.totals["other"] += total - children
        return result, dict(self.totals), total


def project_targets():
    """The targets that depend on the project: every context processor, and get_context and
    serve of every page model that defines its own (they call the base class's, which the
    timer already covers)."""
    from django.conf import settings
    from wagtail.models import get_page_models

    targets = []
    for processor in settings.TEMPLATES[0]["OPTIONS"]["context_processors"]:
        module, name = processor.rsplit(".", 1)
        targets.append(("context processors", f"{module}:{name}"))
    for model in get_page_models():
        for method in ("get_context",):
            if method in vars(model):
                targets.append(("page context", f"{model.__module__}:{model.__name__}.{method}"))
    return targets
