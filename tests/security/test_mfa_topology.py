"""Issue 15, item 1, through the shipped topology: Wagtail's private-page login checks no
password, a password alone does not open the admin, the second factor does, and page
passwords are rate limited per resident."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from wagtail.models import PageViewRestriction

from units.models import NoticePage

from .helpers import password_login

pytestmark = pytest.mark.slow

PASSWORD = "静海-staff-password-9"


@pytest.fixture
def staff(committed):
    hasher = PBKDF2PasswordHasher()  # what the app server checks with
    user = get_user_model()(username="mfa-staff", email="mfa-staff@example.test")
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.is_staff = user.is_superuser = True
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    user.totp_secret = secret
    return user


def _code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_wagtails_private_page_login_opens_nothing(fresh_site, staff):
    visitor = fresh_site.client("127.0.0.80")
    token = visitor.csrf_token("/feedback/")
    answer = visitor.post(
        "/_util/login/?next=/admin/",
        {"csrfmiddlewaretoken": token, "username": staff.username, "password": PASSWORD},
    )
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/accounts/login/")
    admin = visitor.get("/admin/")
    assert admin.status_code == 302 and admin.headers["Location"].startswith("/accounts/login/")


def test_the_admin_opens_only_after_the_totp_code(fresh_site, staff):
    visitor = fresh_site.client("127.0.0.81")
    login = password_login(visitor, staff.email, PASSWORD)
    assert login.headers["Location"] == "/accounts/2fa/authenticate/"
    assert visitor.get("/admin/").status_code == 302
    form = visitor.get("/accounts/2fa/authenticate/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    answer = visitor.post(
        "/accounts/2fa/authenticate/",
        {"csrfmiddlewaretoken": token, "code": _code(staff.totp_secret)},
    )
    assert answer.status_code == 302
    assert visitor.get("/admin/").status_code == 200
    assert Authenticator.objects.filter(user=staff).exists()


def test_page_passwords_are_rate_limited_per_resident(fresh_site, committed):
    notice = NoticePage.objects.live().filter(locale__language_code="zh-hans").first()
    restriction = PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.PASSWORD, password="楼栋密码7"
    )
    fresh_site.redis.flush()
    url = f"/_util/authenticate_with_password/{restriction.pk}/{notice.pk}/"
    guesser, neighbour = fresh_site.client("127.0.0.82"), fresh_site.client("127.0.0.83")

    def guess(client, password):
        token = client.csrf_token(notice.url + "?p=1")
        data = {"csrfmiddlewaretoken": token, "password": password, "return_url": notice.url}
        return client.post(url, data)

    statuses = [guess(guesser, f"猜{n}").status_code for n in range(11)]
    assert statuses == [200] * 10 + [429]
    right = guess(neighbour, "楼栋密码7")
    assert right.status_code == 302 and right.headers["Location"] == notice.url
