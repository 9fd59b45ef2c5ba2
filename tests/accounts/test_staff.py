"""Staff log in through allauth and must enrol TOTP before the admin opens."""

from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from demo.factories.accounts import login_with_mfa, with_mfa, with_verified_email

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/login/", "/django-admin/login/"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_admin_login_pages_redirect_to_allauth(client, url, method):
    response = getattr(client, method)(url + "?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_admin_login_redirect_ignores_foreign_next(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_anonymous_admin_visit_goes_to_allauth_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _code(secret):
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter))


@pytest.mark.parametrize("url", ["/admin/", "/django-admin/"])
def test_staff_without_mfa_are_sent_to_totp_setup(client, django_user_model, url):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.test", "x")
    client.force_login(boss)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/2fa/totp/activate/?next={url.replace('/', '%2F')}"

    with_mfa(boss)
    # Enrolled, but this session has not used the second factor: it is asked for the code.
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/2fa/reauthenticate/?next={quote(url, safe='')}"

    login_with_mfa(client, boss)
    assert client.get(url).status_code == 200


def test_staff_enrol_totp_after_logging_in_then_land_where_they_were_going(
    client, django_user_model
):
    boss = with_verified_email(
        django_user_model.objects.create_superuser("boss", "boss@example.test", "pw-42-静海")
    )
    client.post(
        "/accounts/login/?next=/admin/reports/",
        {"login": "boss@example.test", "password": "pw-42-静海"},
    )
    response = client.get("/admin/reports/?queue=triage")
    target = response["Location"]
    assert target == "/accounts/2fa/totp/activate/?next=%2Fadmin%2Freports%2F%3Fqueue%3Dtriage"
    # No second password prompt straight after logging in.
    response = client.get(target)
    assert response.status_code == 200
    assert 'class="site-header"' in response.content.decode()
    secret = response.context["form"].secret
    response = client.post(target, {"code": _code(secret)})
    assert Authenticator.objects.filter(user=boss, type="totp").exists()
    assert Authenticator.objects.filter(user=boss, type="recovery_codes").exists()
    # allauth shows the recovery codes first; from there, on to where they were going.
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    html = client.get(response["Location"]).content.decode()
    assert "已保存恢复码，继续" in html
    response = client.get("/accounts/2fa/continue/")
    assert response["Location"] == "/admin/reports/?queue=triage"
    assert client.get(response["Location"]).status_code == 200


def test_enrolment_ignores_a_foreign_next(client, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.test", "pw-42-静海")
    client.force_login(boss)
    client.get("/accounts/2fa/totp/activate/?next=https://evil.example/")
    assert client.get("/accounts/2fa/continue/")["Location"] == "/admin/"


def test_a_security_change_long_after_login_asks_for_the_password_again(
    client, django_user_model, settings
):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    with_verified_email(
        django_user_model.objects.create_superuser("boss", "boss@example.test", "pw-42-静海")
    )
    client.post("/accounts/login/", {"login": "boss@example.test", "password": "pw-42-静海"})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_station_staff_need_mfa_too(client, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", "editor@example.test", "x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/?next=%2Fadmin%2F"


def test_residents_are_not_asked_for_mfa(client, django_user_model):
    resident = django_user_model.objects.create_user("r", "r@example.test", "x")
    client.force_login(resident)
    assert client.get("/accounts/profile/").status_code == 200


def test_staff_login_asks_for_the_totp_code(client, django_user_model):
    boss = with_verified_email(
        django_user_model.objects.create_superuser("boss", "boss@example.test", "pw-42-静海")
    )
    with_mfa(boss)
    response = client.post(
        "/accounts/login/", {"login": "boss@example.test", "password": "pw-42-静海"}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not logged in yet

    secret = Authenticator.objects.get(user=boss, type="totp").wrap().instance.data["secret"]
    from allauth.mfa.utils import decrypt

    response = client.post("/accounts/2fa/authenticate/", {"code": _code(decrypt(secret))})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
