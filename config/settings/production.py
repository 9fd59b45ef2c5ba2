"""Production: refuses to start without its secrets; HTTPS everywhere; shared stores only."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import REDIS_URL
from .env import cache_from_url, env, env_bool, env_list, require

DEBUG = False
SECRET_KEY = require("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [require("ALLOWED_HOSTS")]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://{h}" for h in ALLOWED_HOSTS])

# nginx terminates TLS and sets X-Forwarded-Proto; it is the only proxy in front of gunicorn.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
# allauth reads the client address from X-Forwarded-For behind exactly this many proxies (nginx).
ALLAUTH_TRUSTED_PROXY_COUNT = 1

# Several app servers share one cache (page cache, rate limits, sessions). A per-process
# cache would serve stale pages after a publish on another server, so Redis is required;
# ALLOW_LOCAL_CACHE=true is for a single-process trial only.
if env_bool("ALLOW_LOCAL_CACHE", False):
    CACHES = {"default": cache_from_url(REDIS_URL)}
else:
    CACHES = {"default": cache_from_url(require("REDIS_URL"))}
# Sessions live in the database and are read through the shared cache.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

LOGGING["root"]["level"] = env("LOG_LEVEL", "WARNING")  # noqa: F405

# E-mail carries login codes and password-reset links, so it is sent, never printed: the
# default is SMTP (EMAIL_HOST …), and a backend that prints or keeps mail (console, file,
# local memory) needs ALLOW_CONSOLE_EMAIL=true, for a trial only.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
PRINTING_EMAIL_BACKENDS = tuple(
    f"django.core.mail.backends.{name}.EmailBackend" for name in ("console", "filebased", "locmem")
)
if EMAIL_BACKEND in PRINTING_EMAIL_BACKENDS and not env_bool("ALLOW_CONSOLE_EMAIL", False):
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND is {EMAIL_BACKEND}, which prints or keeps login codes and password-"
        "reset links instead of sending them; configure SMTP (EMAIL_HOST …), or set "
        "ALLOW_CONSOLE_EMAIL=true for a trial."
    )

# The site's public address goes into every link sent out (a report's status link by SMS or
# e-mail, admin mail, the API): the development default would send residents nowhere. Unless
# set, it is the first of ALLOWED_HOSTS over https.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL") or f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
if not WAGTAILADMIN_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be the site's public https:// address, e.g. "
        "https://linli.example.cn: it is the start of every link sent to residents."
    )
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

# Phone login needs a real SMS provider (accounts/sms.py). Without SMS_SENDER residents sign
# in by e-mail only; the console sender, which prints codes, needs ALLOW_CONSOLE_SMS=true.
SMS_SENDER = env("SMS_SENDER")
if SMS_SENDER is None:
    ACCOUNT_LOGIN_METHODS = {"email"}
    ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
elif SMS_SENDER.endswith(".ConsoleSender") and not env_bool("ALLOW_CONSOLE_SMS", False):
    raise ImproperlyConfigured(
        "SMS_SENDER is the console sender, which prints login codes instead of sending "
        "them; set a real provider, or ALLOW_CONSOLE_SMS=true for a trial."
    )
