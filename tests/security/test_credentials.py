"""Issue 15, item 1: every way in is known, rate limited, and ends before the admin without
the second factor.

The tests walk every URL pattern of the site (tests/security/urls.py), so a view added later
cannot slip past: each pattern is either under the admin (where StaffMFAMiddleware wants the
second factor of this very session), or named in settings.CREDENTIAL_VIEWS (every POST counted
by the "credentials" limit before the view runs), or listed below as accepting no credential,
which the page itself must bear out (no password or code field that posts anywhere else).
"""

import base64
import re
from urllib.parse import quote, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core import mail
from django.urls import Resolver404, resolve
from wagtail.models import PageViewRestriction

from demo.factories.accounts import login_with_mfa, with_mfa, with_verified_email
from units.models import NoticePage, UnitPage

from .urls import all_patterns

pytestmark = pytest.mark.django_db

PASSWORD = "pw-静海-security-42"

# Views that accept no credential of any kind (by view name; "route:…" for unnamed patterns).
NO_CREDENTIALS = {
    "wagtaildocs_serve",
    "wagtailapi:pages:listing",
    "wagtailapi:pages:detail",
    "wagtailapi:pages:find",
    "healthz",
    "set_language",
    "route:sitemap.xml",
    "search",
    "elder_mode",
    "units:find",
    "units:suggest",
    "units:vcard",
    "units:poster",
    "account_profile",
    "account_data",
    "account_logout",
    "account_inactive",
    "account_email_verification_sent",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "ratings:index",
    "ratings:rate",
    "ratings:department",
    "ratings:unit",
    "ratings:ranking",
    "ratings:open_data_csv",
    "ratings:open_data_json",
    "feedback:report",
    "feedback:status",
    "feedback:confirm",
    "feedback:reopen",
    "feedback:photo",
    "feedback:cases",
    "feedback:photo_thumb",
    "feedback:station_preview",
    # A signed capability link (unguessable); broken ones count against the lookup limit.
    "feedback:status_link",
    "units:share_card",
    "mfa_continue",
    "favicon",
    "apple_touch_icon",
    "manifest",
    "robots_txt",
    "sitemap",
    # Wagtail's login for private pages, replaced by a redirect to the site's login.
    "wagtailcore_login",
    "wagtail_serve",
}

SECRET_FIELD = re.compile(
    r'<input[^>]*(type="password"|autocomplete="one-time-code"|name="(password\d?|code)")',
    re.IGNORECASE,
)
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.IGNORECASE | re.DOTALL)


def _key(pattern):
    return pattern.name or f"route:{pattern.route}"


PUBLIC = [p for p in all_patterns() if not p.admin]


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.test", PASSWORD)
    return with_mfa(with_verified_email(user))


def test_every_url_pattern_is_classified():
    unknown = sorted(
        _key(p)
        for p in PUBLIC
        if _key(p) not in NO_CREDENTIALS and p.name not in settings.CREDENTIAL_VIEWS
    )
    assert unknown == [], (
        "New URL patterns: add each to settings.CREDENTIAL_VIEWS if it accepts a password, "
        "code or secret link, or to NO_CREDENTIALS here if it does not"
    )
    names = {p.name for p in PUBLIC}
    assert settings.CREDENTIAL_VIEWS <= names, "a credential view that no longer exists"
    assert not settings.CREDENTIAL_VIEWS & NO_CREDENTIALS


@pytest.mark.parametrize(
    "pattern", [p for p in PUBLIC if p.name in settings.CREDENTIAL_VIEWS], ids=_key
)
def test_every_credential_view_is_rate_limited(client, settings, pattern):
    settings.RATE_LIMITS = {"credentials": "3/1m/ip"}
    statuses = [
        client.post(pattern.sample, {"password": "x", "code": "123456"}).status_code
        for _attempt in range(4)
    ]
    assert statuses[-1] == 429, statuses
    assert 429 not in statuses[:3]
    # Another client is not affected.
    assert client.post(pattern.sample, {}, REMOTE_ADDR="10.0.0.9").status_code != 429


def _secret_forms(html, path):
    """The targets (view names) of the forms in `html` that ask for a password or a code."""
    targets = []
    for attributes, body in FORM.findall(html):
        if SECRET_FIELD.search(body):
            action = re.search(r'action="([^"]*)"', attributes)
            target = urlsplit(action.group(1) if action and action.group(1) else path).path
            try:
                targets.append(resolve(target).view_name)
            except Resolver404:
                targets.append(target)
    return targets


@pytest.fixture
def restricted_notice(demo):
    notice = NoticePage.objects.live().filter(locale__language_code="zh-hans").first()
    PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.PASSWORD, password="密码1234"
    )
    return notice


def test_only_credential_views_take_secrets(client, django_user_model, restricted_notice):
    """Every page that is not a credential view, anonymous and signed in, and some pages of
    the tree (one behind a page password): any form asking for a password or a code posts to
    a credential view."""
    resident = with_verified_email(
        django_user_model.objects.create_user("resident", "r@example.test", PASSWORD)
    )
    unit = UnitPage.objects.live().first()
    paths = [p.sample for p in PUBLIC if p.name not in settings.CREDENTIAL_VIEWS]
    paths += ["/", unit.url, restricted_notice.url, "/en/", "/accounts/login/"]
    offenders = []
    for signed_in in (False, True):
        if signed_in:
            client.force_login(resident)
        for path in paths:
            response = client.get(path)
            if response.get("Content-Type", "").startswith("text/html"):
                for target in _secret_forms(response.content.decode(), path):
                    if target not in settings.CREDENTIAL_VIEWS:
                        offenders.append((path, target))
    assert offenders == []


def test_every_admin_url_needs_the_second_factor_in_this_session(client, staff):
    """A staff session that checked only a password (whichever view did it) is asked for the
    TOTP code before any admin URL, Wagtail's or Django's, answers."""
    client.force_login(staff)
    admin = [p for p in all_patterns() if p.admin and not p.route.endswith("login/")]
    assert len(admin) > 200
    for pattern in admin:
        response = client.get(pattern.sample)
        assert response.status_code == 302, pattern.route
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next="), pattern.route


def _totp(user):
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )
    from allauth.mfa.utils import decrypt

    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_the_totp_code_then_opens_the_admin_where_the_staff_member_was_going(client, staff):
    client.force_login(staff)
    response = client.get("/admin/pages/")
    target = f"/accounts/2fa/reauthenticate/?next={quote('/admin/pages/', safe='')}"
    assert response["Location"] == target
    assert client.post(response["Location"], {"code": "000000"}).status_code == 200  # wrong
    assert client.get("/admin/").status_code == 302
    response = client.post(response["Location"], {"code": _totp(staff)})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_wagtails_private_page_login_checks_no_password(client, staff):
    for url in ("/_util/login/", "/en/_util/login/", "/admin/login/", "/django-admin/login/"):
        response = client.post(
            url + "?next=/admin/", {"username": "chief", "password": PASSWORD}, follow=False
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/") or response[
            "Location"
        ].startswith("/en/accounts/login/")
        assert "_auth_user_id" not in client.session
        assert client.get("/admin/")["Location"].startswith("/accounts/login/")


def test_password_login_stops_at_the_second_factor(client, staff):
    response = client.post(
        "/accounts/login/", {"login": "chief@example.test", "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")


def test_login_by_code_stops_at_the_second_factor(client, staff):
    client.post("/accounts/login/code/", {"email": "chief@example.test"})
    code = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]+)*)\s*$", mail.outbox[-1].body, re.M).group(1)
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")
    client.post("/accounts/2fa/authenticate/", {"code": _totp(staff)})
    assert client.get("/admin/").status_code == 200


def test_a_password_reset_does_not_sign_in(client, staff):
    client.post("/accounts/password/reset/", {"email": "chief@example.test"})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)
    form = client.get(link.group(1), follow=True)
    new = "新的-password-77"
    client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")


def test_the_api_accepts_no_credentials(client, staff):
    """DRF's basic authentication would check any password sent to the API, unthrottled."""
    for password in (PASSWORD, "wrong"):
        token = base64.b64encode(f"chief:{password}".encode()).decode()
        response = client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Basic {token}")
        assert response.status_code == 200


def test_wagtails_own_password_reset_is_off(client):
    assert client.get("/admin/password_reset/").status_code == 404


def test_a_full_staff_login_opens_the_admin(client, staff):
    login_with_mfa(client, staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200
