"""Settings shared by every environment. Values come from the environment (see .env.example)."""

from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from .env import (
    cache_from_url,
    database_from_url,
    env,
    env_bool,
    env_list,
    search_backends_from_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env("VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "demo",
    "home",
    "units",
    "feedback",
    "handbook",
    "search",
    "wagtail.contrib.search_promotions",
    "accounts",
    "ratings",
    "core",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.errors.RejectUnreadableForms",
    "core.csp.PathCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMFAMiddleware",
    "core.ratelimit.CredentialRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "search.middleware.SearchFallbackNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.cache.PageCacheMiddleware",
]

# Content Security Policy (django-csp 4): strict for the public site, as core/csp.py explains;
# the Wagtail admin gets CONTENT_SECURITY_POLICY_ADMIN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
    "base-uri": [SELF],
}
# No external requests from the admin either (and the CSP would block them): no Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Public pages are kept this long at most (core/cache.py); publishing makes them stale at once.
# This bounds how old figures that change without a publish (report figures) may be.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", 300))
# …and nginx may keep those same responses this long (core/cache.py); 0 turns that off.
PROXY_CACHE_SECONDS = int(env("PROXY_CACHE_SECONDS", 10))
# Saving or deleting any object of these apps or models (besides pages, snippets and site
# settings) makes every cached page stale. Keep high-volume models (reports, ratings) out.
PAGE_CACHE_CONTENT_MODELS = [
    "home",
    "units",
    "handbook",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
    "wagtailimages.Image",
    "wagtailsearchpromotions.SearchPromotion",  # editors' picks on the (cached) search page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

# Database: SQLite file in var/ unless DATABASE_URL says otherwise.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, local memory otherwise.
REDIS_URL = env("REDIS_URL")
CACHES = {"default": cache_from_url(REDIS_URL)}

# Search: Wagtail's database backend unless ELASTICSEARCH_URL is set; then Elasticsearch, and
# the database backend kept beside it to answer while Elasticsearch is away (search/fallback.py).
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
WAGTAILSEARCH_BACKENDS = search_backends_from_url(ELASTICSEARCH_URL)
# Seconds a request waits for Elasticsearch before answering from the database, and seconds
# Elasticsearch is then left alone (search/breaker.py).
SEARCH_ENGINE_TIMEOUT = float(env("SEARCH_ENGINE_TIMEOUT", "0.5"))
SEARCH_ENGINE_PAUSE = float(env("SEARCH_ENGINE_PAUSE", "30"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Simplified Chinese is the source and default (no URL prefix), English under /en/.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
# Residents' report photos: outside MEDIA_ROOT, served only through a permission-checking view.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Days after closure when a report's phone number, name and photos are erased.
REPORT_RETENTION_DAYS = int(env("REPORT_RETENTION_DAYS", 180))
# A report photo as a phone takes it (12 MB is common); stored downscaled (feedback.photos).
# site/nginx/linli.conf lets three of them through on the report form (client_max_body_size).
REPORT_PHOTO_MAX_BYTES = int(env("REPORT_PHOTO_MAX_BYTES", 20 * 1024 * 1024))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", 25))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # the file backend only
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@linli.jinghai.example")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# A station's "在地图中查看" link: a map website's search address ({query}: the address, with
# MAP_REGION in front unless it starts with it). An ordinary link: no map is loaded on the page.
MAP_SEARCH_URL = env("MAP_SEARCH_URL", "https://uri.amap.com/search?keyword={query}")
MAP_REGION = env("MAP_REGION", "天津市静海区")
# Share previews (core/seo.py, units/share_cards.py): a station's card is drawn with the first
# of these fonts that exists (a CJK font: Debian's fonts-wqy-microhei); without one the card
# shows the duty phone and the emblem only, never boxes in place of characters.
SHARE_CARD_FONTS = env_list(
    "SHARE_CARD_FONTS",
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ],
)
# Static scripts added to every public page, e.g. a district's WeChat JS-SDK share script
# (README "Sharing"); none by default.
SHARE_SCRIPTS = env_list("SHARE_SCRIPTS", [])
# The postal address parts that station addresses leave out, for structured data (JSON-LD).
DISTRICT_ADDRESS = {"addressRegion": "天津市", "addressLocality": "静海区", "addressCountry": "CN"}

# Station notices need approval by a community or district reviewer (manage.py setup_notice_workflow).
NOTICE_APPROVAL_REQUIRED = env_bool("NOTICE_APPROVAL_REQUIRED", False)

# Wagtail
WAGTAIL_SITE_NAME = _("静海区邻里之家")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 200  # a client can list all ~126 stations in one request
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_COMMENTS_ENABLED = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None

# Accounts (django-allauth): residents sign up with an e-mail address, which must be verified
# before they can log in (and so before they can rate); staff must enrol TOTP before the admin opens.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
MFA_ADAPTER = "accounts.mfa.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
# A mainland mobile is optional: once verified by SMS it also signs in (password or code).
ACCOUNT_SIGNUP_FIELDS = ["email*", "phone", "password1*", "password2*"]
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 600
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
}
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
# Who sends the SMS codes (accounts/sms.py); the console sender is refused in production.
SMS_SENDER = env("SMS_SENDER", "accounts.sms.ConsoleSender")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[静海区邻里之家] "
ACCOUNT_RATE_LIMITS = {}  # allauth's defaults, kept in the default cache (Redis in production)
# The site's own limits (core.ratelimit.RATES), in allauth's format; override any of them here.
RATE_LIMITS = {}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_profile"
# Every sign-in goes through allauth (rate limited, then the second factor for staff): the
# Wagtail admin's and the private pages' logins redirect there, Wagtail's own password reset
# is off (allauth's is the one), and the API accepts no credentials at all (REST_FRAMEWORK).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Views that accept a password, a code or a secret link: each POST to them also counts against
# the "credentials" limit of core.ratelimit (CredentialRateLimitMiddleware).
# tests/security/test_credentials.py fails for any URL that accepts credentials and is missing.
CREDENTIAL_VIEWS = frozenset(
    {
        "account_login",
        "account_signup",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "account_email",
        "account_change_password",
        "account_set_password",
        "account_reset_password",
        "account_reset_password_from_key",
        "account_request_login_code",
        "account_confirm_login_code",
        "account_confirm_email",
        "account_verify_phone",
        "account_change_phone",
        "account_delete",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_generate_recovery_codes",
        "wagtailcore_authenticate_with_password",
        "wagtaildocs_authenticate_with_password",
        "feedback:lookup",
    }
)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {"activate_totp": "accounts.forms.ActivateTOTPForm"}
MFA_TOTP_ISSUER = "静海区邻里之家"
# A new account must wait this many hours before rating (0 in development and the demo).
RATING_MIN_ACCOUNT_AGE_HOURS = int(env("RATING_MIN_ACCOUNT_AGE_HOURS", 24))

# The API is public and read-only: it authenticates nobody (DRF's default basic authentication
# would check any password sent to it, without a rate limit).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# Never write personal data to logs: only warnings and errors, from Django itself.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
