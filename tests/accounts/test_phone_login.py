"""Phone login on allauth's phone support: SMS codes through the console sender, mainland
numbers only, masked everywhere, never logged (RELIABILITY items 9 and 25)."""

import importlib
import logging
import re
import sys

import pytest
from allauth.account import app_settings as allauth_settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

from accounts.models import PhoneNumber
from accounts.phones import MobileField
from demo.factories.accounts import with_verified_email

pytestmark = pytest.mark.django_db

PASSWORD = "静海 correct horse 42"
PHONE = "13812345678"
E164 = "+8613812345678"
OTHER = "13912340000"
CODE = re.compile(r"验证码：(\d{6})")


@pytest.fixture(autouse=True)
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.fixture
def resident(django_user_model):
    user = with_verified_email(
        django_user_model.objects.create_user("phoner", "phoner@example.test", PASSWORD)
    )
    PhoneNumber.objects.create(user=user, phone=E164, verified=True)
    return user


def _sent_code(capsys):
    out = capsys.readouterr().out
    codes = CODE.findall(out)
    assert PHONE not in out and "138****5678" in out  # the console masks the number too
    return codes[-1]


def _assert_nothing_logged(logs, *secrets):
    for record in logs.records:
        text = record.getMessage() + repr(record.args) + str(record.__dict__.get("request", ""))
        for secret in secrets:
            assert secret not in text, record


def _wrong(code):
    return "000000" if code != "000000" else "111111"


def _logged_in(client):
    return "_auth_user_id" in client.session


def _request_login_code(client, phone=PHONE):
    response = client.post("/accounts/login/code/", {"phone": phone})
    assert response.status_code == 302
    return response["Location"]


def _age_stage(client, stage, seconds):
    """Move a pending code's creation time into the past (the process reads time.time())."""
    session = client.session
    login = session["account_login"]
    state = login["state"]["stages"][stage]
    state.get("data", state)["at"] -= seconds
    session["account_login"] = login
    session.save()


def test_mainland_mobiles_only_with_a_chinese_message():
    field = MobileField()
    for typed in (PHONE, "+86 138 1234 5678", "8613812345678", "138-1234-5678"):
        assert field.clean(typed) == E164
    for typed in ("12812345678", "1381234567", "+1 415 555 0100", "02268123456"):
        with pytest.raises(ValidationError) as error:
            field.clean(typed)
        assert "中国大陆手机号码" in error.value.messages[0]


def test_invalid_number_error_is_beside_the_field(client):
    html = client.post("/accounts/login/code/", {"phone": "12812345678"}).content.decode()
    assert 'id="id_phone_error"' in html and "中国大陆手机号码" in html
    assert re.search(r'aria-describedby="[^"]*id_phone_error', html)
    assert '<label for="id_phone">' in html


def test_sms_login_code_works_once_and_is_never_logged(client, resident, capsys, logs):
    url = _request_login_code(client, "+86 138 1234 5678")
    code = _sent_code(capsys)
    page = client.get(url).content.decode()
    assert "138****5678" in page and PHONE not in page
    response = client.post(url, {"code": code})
    assert response.status_code == 302 and _logged_in(client)
    assert PhoneNumber.objects.get(user=resident).verified

    client.logout()
    client.post(url, {"code": code})
    assert not _logged_in(client)
    _assert_nothing_logged(logs, PHONE, E164, code)


def test_code_after_the_timeout_is_refused(client, resident, capsys):
    url = _request_login_code(client)
    code = _sent_code(capsys)
    _age_stage(client, "login_by_code", allauth_settings.LOGIN_BY_CODE_TIMEOUT + 1)
    client.post(url, {"code": code})
    assert not _logged_in(client)


def test_after_three_wrong_codes_even_the_right_one_is_refused(client, resident, capsys):
    url = _request_login_code(client)
    code = _sent_code(capsys)
    wrong = _wrong(code)
    assert allauth_settings.LOGIN_BY_CODE_MAX_ATTEMPTS == 3
    for _attempt in range(3):
        client.post(url, {"code": wrong})
    client.post(url, {"code": code})
    assert not _logged_in(client)


def _normalised(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r"1[3-9]\d\*{4}\d{4}", "MASKED", html)


def test_unknown_and_known_numbers_get_identical_responses(client, resident, capsys, logs):
    answers = []
    for phone in (PHONE, OTHER):
        client.cookies.clear()
        response = client.post("/accounts/login/code/", {"phone": phone}, follow=True)
        answers.append(
            (response.status_code, response.redirect_chain, _normalised(response.content.decode()))
        )
    assert answers[0] == answers[1]
    assert "138****5678" in capsys.readouterr().out  # only the known number gets a text
    # Wrong password: the same answer for a registered and an unknown number.
    pages = [
        _normalised(
            client.post("/accounts/login/", {"login": phone, "password": "wrong"}).content.decode()
        )
        for phone in (PHONE, OTHER)
    ]
    assert pages[0] == pages[1]
    _assert_nothing_logged(logs, PHONE, OTHER, E164)


def test_timeouts_are_at_most_ten_minutes():
    assert allauth_settings.PHONE_VERIFICATION_TIMEOUT <= 600
    assert allauth_settings.LOGIN_BY_CODE_TIMEOUT <= 600
    assert allauth_settings.PHONE_VERIFICATION_MAX_ATTEMPTS == 3


def test_signup_with_a_phone_verifies_it_then_the_phone_signs_in(client, capsys, logs):
    from django.core import mail

    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.test", "phone": PHONE, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/phone/verify/"
    code = _sent_code(capsys)
    page = client.get("/accounts/phone/verify/").content.decode()
    assert "138****5678" in page and PHONE not in page
    html = client.post("/accounts/phone/verify/", {"code": _wrong(code)}).content.decode()
    assert 'aria-invalid="true"' in html and not PhoneNumber.objects.filter(verified=True)
    response = client.post("/accounts/phone/verify/", {"code": code})
    assert response["Location"] == "/accounts/confirm-email/"  # then the e-mail, as before
    record = PhoneNumber.objects.get(phone=E164)
    assert record.verified
    link = re.search(r"(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    client.post(link)

    client.logout()
    response = client.post("/accounts/login/", {"login": "138 1234 5678", "password": PASSWORD})
    assert response.status_code == 302 and _logged_in(client)
    _assert_nothing_logged(logs, PHONE, E164, code)


def test_signup_phone_code_after_the_timeout_is_refused(client, capsys):
    client.post(
        "/accounts/signup/",
        {
            "email": "late@example.test",
            "phone": PHONE,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    code = _sent_code(capsys)
    _age_stage(client, "verify_phone", allauth_settings.PHONE_VERIFICATION_TIMEOUT + 1)
    client.post("/accounts/phone/verify/", {"code": code})
    assert not PhoneNumber.objects.filter(phone=E164, verified=True).exists()


def test_account_page_adds_a_phone_shown_masked(client, django_user_model, capsys, settings):
    settings.ACCOUNT_RATE_LIMITS = {"change_phone": "5/m/user"}  # allauth allows 1 a minute
    user = with_verified_email(
        django_user_model.objects.create_user("adder", "adder@example.test", PASSWORD)
    )
    # Someone else typed this number at sign-up but never verified it: no lock-out.
    squatter = django_user_model.objects.create_user("squat", "squat@example.test", PASSWORD)
    PhoneNumber.objects.create(user=squatter, phone=E164, verified=False)
    client.post("/accounts/login/", {"login": "adder@example.test", "password": PASSWORD})
    assert "尚未绑定手机号码" in client.get("/accounts/profile/").content.decode()

    html = client.post("/accounts/phone/change/", {"phone": "12345"}).content.decode()
    assert "中国大陆手机号码" in html and 'aria-invalid="true"' in html
    response = client.post("/accounts/phone/change/", {"phone": PHONE})
    assert response["Location"] == "/accounts/phone/verify/"
    code = _sent_code(capsys)
    client.post("/accounts/phone/verify/", {"code": code})
    assert PhoneNumber.objects.get(user=user).verified
    assert not PhoneNumber.objects.filter(user=squatter).exists()
    html = client.get("/accounts/profile/").content.decode()
    assert "138****5678" in html and PHONE not in html
    assert E164 in client.get("/accounts/profile/data.json").content.decode()


@pytest.fixture
def production_env(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "linli.example.cn")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    monkeypatch.delenv("ALLOW_CONSOLE_SMS", raising=False)
    monkeypatch.delenv("SMS_SENDER", raising=False)

    def load():
        sys.modules.pop("config.settings.production", None)
        return importlib.import_module("config.settings.production")

    yield monkeypatch, load
    sys.modules.pop("config.settings.production", None)


def test_production_refuses_the_console_sender_unless_allowed(production_env):
    monkeypatch, load = production_env
    assert load().ACCOUNT_LOGIN_METHODS == {"email"}  # no SMS provider, no phone login
    monkeypatch.setenv("SMS_SENDER", "accounts.sms.ConsoleSender")
    with pytest.raises(ImproperlyConfigured, match="console sender"):
        load()
    monkeypatch.setenv("ALLOW_CONSOLE_SMS", "true")
    assert "phone" in load().ACCOUNT_LOGIN_METHODS
