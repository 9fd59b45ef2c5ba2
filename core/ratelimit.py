"""One rate limiter for the whole site, keyed on the real client.

Every limit goes through allauth's limiter (a sliding window kept in the default cache):
allauth's own (logins, login codes, sign-up, password reset, MFA) and the site's, which are
named in RATES below (reports, status lookups, page passwords, ratings, SMS codes, and every
view that accepts a credential, see CredentialRateLimitMiddleware). So there is one client
address, one store and one behaviour during an outage for all of them:

- **The client** is allauth's `get_client_ip`: the last ALLAUTH_TRUSTED_PROXY_COUNT-th entry
  of X-Forwarded-For (production: 1, the address nginx saw, which nginx writes over whatever
  the client sent), or REMOTE_ADDR without a proxy. A spoofed X-Forwarded-For changes nothing.
- **Rates** are allauth's strings, "amount/duration/per" with per = ip, key or user, e.g.
  "5/1h/ip" or "5/1h/key,20/1d/key"; settings.RATE_LIMITS overrides any of RATES.
- **Cache outage**: the counters move to each app server process while Redis is away
  (core.cache_backend.ResilientRedisCache), so every limit still holds, at most multiplied by
  the number of processes; nothing fails open entirely and nothing locks everyone out.
"""

from http import HTTPStatus

from allauth.account.adapter import get_adapter
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.template.response import TemplateResponse

APP = "linli"
RETRY_AFTER_SECONDS = 600

RATES = {
    # Any POST to a view that accepts a password, code or token (settings.CREDENTIAL_VIEWS),
    # on top of the view's own limit.
    "credentials": "20/1m/ip,200/1h/ip",
    # Whistle reports: every POST (cheap, before any work), then each stored report.
    "report_attempt": "30/1h/ip",
    "report": "5/1h/ip",
    "report_phone": "5/1h/key",
    # Status lookups, and wrong last-four-digit guesses per tracking number (any address).
    "report_lookup": "20/1h/ip",
    "report_lookup_failed": "5/1h/key",
    # Wagtail's page and document passwords: per client, and per restriction (any address).
    "page_password": "10/10m/ip,100/1h/key",
    # Ratings by signed-in residents.
    "rating": "20/1h/user,60/1h/ip",
    # Text messages with codes: per number (cost, and SMS bombing) and per client.
    "sms_code": "5/1h/key,10/1d/key",
    "sms_code_ip": "20/1h/ip",
}


def rates():
    return {**RATES, **getattr(settings, "RATE_LIMITS", {})}


def client_ip(request):
    """The real client's address, as every limit on the site sees it."""
    return get_adapter(request).get_client_ip(request)


def _consume(request, action, key, user, dry_run=False):
    return allauth_ratelimit.consume(
        request,
        app=APP,
        action=action,
        config=rates(),
        key=key,
        user=user,
        dry_run=dry_run,
        limit_get=True,
    )


def allow(request, action, *, key=None, user=None):
    """Count one attempt at `action`; False once its limit is used up."""
    return _consume(request, action, key, user) is not None


def exhausted(request, action, *, key=None, user=None):
    """Whether `action` is used up, without counting an attempt."""
    return _consume(request, action, key, user, dry_run=True) is None


def reset(request, action, *, key=None, user=None):
    allauth_ratelimit.clear(request, app=APP, action=action, config=rates(), key=key, user=user)


def too_many_requests(request, template="429.html", context=None):
    """The site's 429 page (also allauth's, through config.urls.handler429)."""
    response = TemplateResponse(
        request, template, context or {}, status=HTTPStatus.TOO_MANY_REQUESTS
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "private, no-store"
    return response


class CredentialRateLimitMiddleware:
    """Every POST to a view named in settings.CREDENTIAL_VIEWS (a password, code or token
    form: allauth's, Wagtail's page and document passwords, the report status lookup) is
    counted against the "credentials" limit of its client before the view runs. Each view
    has its own, usually stricter, limit too; this one makes sure none is left without."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        match = request.resolver_match
        if match is None or match.view_name not in settings.CREDENTIAL_VIEWS:
            return None
        if not allow(request, "credentials"):
            return too_many_requests(request)
        return None


def handler429(request):
    """config.urls' handler429, which allauth uses for its own limits."""
    return too_many_requests(request)
