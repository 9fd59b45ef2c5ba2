"""One normal form for phone numbers (core.phones.normalise_phone), used by every form that
takes one: the report form, sign-up and the account page (allauth's phone field), and the
status lookup (the report form's part: tests/feedback/test_report_form.py). Numbers are
written as people write them; only ASCII and full-width digits count."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import PhoneNumber
from accounts.phones import MobileField, normalise_mobile
from core.phones import clean_mobile, is_mobile, is_valid_phone, mask_phone, normalise_phone
from feedback.forms import LookupForm

AS_TYPED = [
    "13912345678",
    "139-1234-5678",
    "139 1234 5678",
    " 139 1234 5678 ",
    "+86 139 1234 5678",
    "+86-139-1234-5678",
    "86-139-1234-5678",
    "86 13912345678",
    "(+86)13912345678",
    "(+86) 139 1234 5678",
    "0086 139 1234 5678",
    "１３９１２３４５６７８",  # full-width digits
    "１３９－１２３４－５６７８",
    "（＋８６）１３９　１２３４　５６７８",  # full-width brackets, plus and ideographic spaces
    "139—1234—5678",  # a long dash from a Chinese input method
    "139.1234.5678",
]
OTHER_SCRIPTS = [
    "١٣٩١٢٣٤٥٦٧٨",  # Arabic-Indic
    "۱۳۹۱۲۳۴۵۶۷۸",  # Extended Arabic-Indic (Persian)
    "१३९१२३४५६७८",  # Devanagari
    "13٩12345678",  # one Arabic-Indic digit among ASCII ones
    "１３९１２３４５６７８",  # one Devanagari digit among full-width ones
]


@pytest.mark.parametrize("typed", AS_TYPED)
def test_every_way_of_writing_a_mobile_gives_one_normal_form(typed):
    assert normalise_phone(typed) == "13912345678"
    assert is_mobile(typed)
    assert clean_mobile(typed) == "13912345678"
    assert normalise_mobile(typed) == "+8613912345678"
    assert mask_phone(typed) == "139****5678"


@pytest.mark.parametrize("typed", OTHER_SCRIPTS)
def test_digits_of_other_scripts_do_not_count(typed):
    assert not is_mobile(typed)
    assert not is_valid_phone(typed)
    assert normalise_mobile(typed) is None
    with pytest.raises(ValidationError):
        clean_mobile(typed)


@pytest.mark.parametrize("typed", ["1391234567", "23912345678", "+1 415 555 0100", "abc"])
def test_what_is_not_a_mainland_mobile_is_refused(typed):
    with pytest.raises(ValidationError) as error:
        clean_mobile(typed)
    assert "11位手机号" in error.value.messages[0]


def test_landlines_keep_their_groups():
    assert normalise_phone("022-68123456") == "022-68123456"
    assert normalise_phone("０２２－６８１２３４５６－８０１") == "022-68123456-801"
    assert normalise_phone("+86 022-68123456") == "022-68123456"
    assert not is_valid_phone("０٢٢-68123456")


@pytest.mark.django_db
def test_sign_up_stores_the_normal_form(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "fullwidth@example.test",
            "phone": "８６－１３９－１２３４－５６７８",
            "password1": "静海 correct horse 42",
            "password2": "静海 correct horse 42",
        },
    )
    assert PhoneNumber.objects.get(user__email="fullwidth@example.test").phone == "+8613912345678"


@pytest.mark.django_db
def test_sign_up_refuses_other_scripts(client, django_user_model):
    html = client.post(
        "/accounts/signup/",
        {
            "email": "arabic@example.test",
            "phone": "١٣٩١٢٣٤٥٦٧٨",
            "password1": "静海 correct horse 42",
            "password2": "静海 correct horse 42",
        },
    ).content.decode()
    assert "中国大陆手机号码" in html
    assert not django_user_model.objects.filter(email="arabic@example.test").exists()


def test_account_page_phone_field_is_the_same_field():
    field = MobileField()
    assert field.clean("(+86) 139 1234 5678") == "+8613912345678"
    with pytest.raises(ValidationError):
        field.clean("१३९१२३४५६७८")


@pytest.mark.parametrize(
    "typed,last4",
    [
        ("5678", "5678"),
        ("５６７８", "5678"),
        ("139 1234 5678", "5678"),
        ("+86 139-1234-5678", "5678"),
    ],
)
def test_lookup_takes_the_last_four_digits_or_the_whole_number(typed, last4):
    form = LookupForm({"tracking_number": "JH-2026-000001", "last4": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["last4"] == last4


@pytest.mark.parametrize("typed", ["٥٦٧٨", "56", "1391234567"])
def test_lookup_refuses_other_digits(typed):
    form = LookupForm({"tracking_number": "JH-2026-000001", "last4": typed})
    assert not form.is_valid() and "后4位" in form.errors["last4"][0]
