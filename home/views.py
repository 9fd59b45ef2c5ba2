import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import connection
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import cache_control, never_cache
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from core.seo import default_description
from core.templatetags.site_tags import html_lang
from search.breaker import engine_timeout
from search.index_queue import pending_count

ELDER_COOKIE = "elder"


def elder_mode(request):
    """Switch the elder-friendly mode on or off and go back where the person was.

    A plain link (GET) so that it works without JavaScript; it only sets a display preference.
    """
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(
            ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
        )
    else:
        response.delete_cookie(ELDER_COOKIE)
    return response


def _check_search():
    """Elasticsearch reports a cluster that can serve every index (green, or yellow: replicas
    missing, as on a single node) within SEARCH_ENGINE_TIMEOUT; the database backend answers a
    one-row query."""
    backend = get_search_backend()
    client = getattr(backend, "es", None)
    if client is not None:
        client = client.options(request_timeout=engine_timeout(), max_retries=0)
        status = client.cluster.health()["status"]
        return "ok" if status in ("green", "yellow") else f"cluster {status}"
    list(backend.search("healthz", Page.objects.live())[:1])
    return "ok"


def _check_cache():
    """The shared cache answers (core.cache_backend asks Redis for a PING); a local-memory
    cache (development) is always there."""
    if hasattr(cache, "is_available"):
        return "ok" if cache.is_available() else "unavailable"
    cache.set("healthz", "1", 5)
    return "ok" if cache.get("healthz") == "1" else "miss"


# Without the database the site cannot serve: 503 takes the server out of the load balancer.
# Without the cache it still can (pages come from the database, see core/cache_backend.py), and
# without Elasticsearch too (searches answer from the database backend, index changes wait in
# the database: search/fallback.py), so those are 200 with "degraded": the server keeps its
# share of the traffic while someone fixes Redis or Elasticsearch.
ESSENTIAL = ("database",)


@never_cache
def healthz(request):
    """Liveness of the database, cache and search, for the load balancer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - report any failure as unhealthy
        checks["database"] = type(exc).__name__
    try:
        checks["cache"] = _check_cache()
    except Exception as exc:  # noqa: BLE001
        checks["cache"] = type(exc).__name__
    try:
        checks["search"] = _check_search()
    except Exception as exc:  # noqa: BLE001
        checks["search"] = type(exc).__name__
    if any(checks[name] != "ok" for name in ESSENTIAL):
        status, code = "fail", 503
    elif any(value != "ok" for value in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse(
        {"status": status, **checks, "search_pending": _search_pending(checks)}, status=code
    )


def _search_pending(checks):
    """Index changes waiting for the search engine (search/index_queue.py); None when the
    database cannot say."""
    if checks["database"] != "ok":
        return None
    try:
        return pending_count()
    except Exception:  # noqa: BLE001 - a health check reports, it does not fail
        return None


ICON_CACHE = "public, max-age=604800"


def home_path(language):
    """The home page's path in `language`: "/" for the default language (no prefix, as
    config/urls.py sets up i18n_patterns), "/en/" for English."""
    return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"


def _static_file(path, content_type):
    """A file of static/ at a fixed address outside STATIC_URL (browsers ask for /favicon.ico
    whatever the page says). nginx serves the same files itself in production."""
    found = finders.find(path) or staticfiles_storage.path(path)
    response = FileResponse(open(found, "rb"), content_type=content_type)  # noqa: SIM115
    response["Cache-Control"] = ICON_CACHE
    return response


def favicon(request):
    return _static_file("img/favicon.ico", "image/vnd.microsoft.icon")


def apple_touch_icon(request):
    return _static_file("img/apple-touch-icon.png", "image/png")


ROBOTS_DISALLOW = [
    "/admin/",
    "/django-admin/",
    "/api/",
    "/accounts/",
    "/search/",
    "/feedback/status/",
    "/feedback/photos/",
    "/ratings/rate/",
    "/elder-mode/",
]


@cache_control(public=True, max_age=3600)
def robots_txt(request):
    """Keep crawlers out of personal and endless pages, and point them at both sitemaps."""
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        prefix = home_path(code).rstrip("/")
        lines += [f"Disallow: {prefix}{path}" for path in ROBOTS_DISALLOW]
    lines.append("")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@cache_control(public=True, max_age=86400)
def manifest(request):
    """The web app manifest: name, icons and colours for "添加到主屏幕". display "browser":
    a home-screen icon opens the page it was added from (a resident's own station) in the
    browser, not the home page as an installed app would."""
    data = {
        "name": gettext("静海区邻里之家"),
        "short_name": gettext("邻里之家"),
        "description": default_description(),
        "lang": html_lang(get_language()),
        "start_url": home_path(get_language()),
        "scope": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#a61b1b",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )
