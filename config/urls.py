from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents.views import serve as document_views

from accounts import passwords
from accounts import views as account_views
from home import views as home_views
from home.sitemaps import LocalizedSitemap
from search import views as search_views
from units import urls as units_urls

from .api import api_router

REPLACED = {"wagtailcore_login", "wagtailcore_authenticate_with_password"}
WAGTAIL_PAGES = [p for p in wagtail_urls.urlpatterns if p.name not in REPLACED]

urlpatterns = [
    path("admin/login/", account_views.admin_login),
    path("django-admin/login/", account_views.admin_login),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs, with bounded ids and a rate limit on the password form
    # (accounts/passwords.py).
    path(
        "documents/<id:document_id>/<path:document_filename>",
        document_views.serve,
        name="wagtaildocs_serve",
    ),
    path(
        "documents/authenticate_with_password/<id:restriction_id>/",
        passwords.document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("api/v2/", api_router.urls),
    path("healthz", home_views.healthz, name="healthz"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("apple-touch-icon.png", home_views.apple_touch_icon, name="apple_touch_icon"),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalizedSitemap}}, name="sitemap"),
    path("manifest.webmanifest", home_views.manifest, name="manifest"),
    path("search/", search_views.search, name="search"),
    path("elder-mode/", home_views.elder_mode, name="elder_mode"),
    path("units/", include(units_urls)),
    path("accounts/", include("accounts.urls")),
    path("ratings/", include("ratings.urls")),
    path("feedback/", include("feedback.urls", namespace="feedback")),
    # Wagtail's front-end login and page passwords, replaced (accounts/views.py,
    # accounts/passwords.py); then Wagtail's page serving.
    path("_util/login/", account_views.frontend_login, name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<id:page_view_restriction_id>/<id:page_id>/",
        passwords.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(WAGTAIL_PAGES)),
    prefix_default_language=False,
)

# Error pages that read nothing from the request and need no database (core/errors.py): a
# request that fails on the database gets a calm 503 page;
# rate-limited requests (ours and allauth's) the site's 429 page.
handler400 = "core.errors.handler400"
handler500 = "core.errors.handler500"
handler429 = "core.ratelimit.handler429"
