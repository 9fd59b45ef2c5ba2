import datetime
import logging
import re

import pytest
from django.core import mail
from django.utils import timezone

from units.models import DispatchedStaff

pytestmark = pytest.mark.django_db

PASSWORD = "静海 correct horse 42"


def _signup(client, email="newbie@example.test"):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_signup_sends_a_verification_mail_and_confirming_logs_in(demo, client, settings):
    settings.RATING_MIN_ACCOUNT_AGE_HOURS = 0
    response = _signup(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    # Not yet verified: the account cannot log in, so it cannot rate.
    staff = DispatchedStaff.objects.order_by("pk").first()
    rate_url = f"/ratings/rate/{staff.page_id}/{staff.department_id}/"
    assert client.get(rate_url).status_code == 302

    assert client.get(link.group(1)).status_code == 200
    response = client.post(link.group(1))
    assert response.status_code == 302
    assert client.get(rate_url).status_code == 200


def test_allauth_pages_use_the_site_frame_in_chinese(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in html
    assert "登录" in html
    assert "Sign In" not in html
    html = client.get("/accounts/signup/").content.decode()
    assert "注册" in html and 'class="site-footer"' in html


@pytest.fixture
def coder(django_user_model):
    from demo.factories.accounts import with_verified_email

    return with_verified_email(
        django_user_model.objects.create_user("coder", "coder@example.test", PASSWORD)
    )


def _request_code(client):
    response = client.post("/accounts/login/code/", {"email": "coder@example.test"})
    assert response.status_code == 302
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M).group(1)
    return response["Location"], code


def test_login_by_code_works_once_and_logs_no_code(client, coder, caplog):
    caplog.set_level(logging.DEBUG)
    url, code = _request_code(client)
    response = client.post(url, {"code": code})
    assert response.status_code == 302
    coder.refresh_from_db()
    assert coder.last_login > timezone.now() - datetime.timedelta(minutes=1)
    assert all(code not in record.getMessage() for record in caplog.records)

    client.logout()
    assert (
        client.post(url, {"code": code}).status_code != 302 or "_auth_user_id" not in client.session
    )


def test_wrong_codes_end_the_flow(client, coder):
    url, code = _request_code(client)
    for _attempt in range(3):
        client.post(url, {"code": "AAAA-AAAA"})
    client.post(url, {"code": code})
    assert "_auth_user_id" not in client.session
