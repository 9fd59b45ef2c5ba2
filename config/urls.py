from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from home import views as home_views
from home.sitemaps import LocalizedSitemap
from search import views as search_views
from units import urls as units_urls

from .api import api_router

urlpatterns = [
    path("admin/login/", account_views.admin_login),
    path("django-admin/login/", account_views.admin_login),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
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
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
