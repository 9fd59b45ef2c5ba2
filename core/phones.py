"""Phone numbers: the one normal form, validation, masking and tel: links.

`normalise_phone` is the only place that decides how a typed number is stored and compared:
every form (report, sign-up, account, status lookup, roster import) goes through it.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Only ASCII digits count ([0-9], never \d, which also matches ٣ or ३): full-width digits are
# translated to ASCII first, digits of other scripts are left alone and so fail every check.
# Mobile (11 digits starting 1[3-9]) or a landline with optional area code and extension,
# e.g. 022-68123456, 68123456, 022-68123456-801, and service numbers such as 12345.
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_LANDLINE = re.compile(r"^(0[0-9]{2,3}-?)?[0-9]{7,8}(-[0-9]{1,6})?$")
_SERVICE = re.compile(r"^(1[0-9]{2,4}|400-?[0-9]{3}-?[0-9]{4})$")
# What people type around and between the digits: full-width forms, dashes of every width,
# ideographic space.
_TYPED = str.maketrans(
    "０１２３４５６７８９＋（）－—–‐―．　",
    "0123456789+()-----. ",
)
_DROPPED = re.compile(r"[\s().]")
_COUNTRY_CODES = ("+86", "0086", "86")


def normalise_phone(value):
    """The normal form of a phone number as people write it.

    A mainland mobile becomes its 11 digits, whatever surrounds them: '139-1234-5678',
    '139 1234 5678', '+86 139…', '86-139…', '(+86)139…', full-width '１３９…' all give
    '13912345678'. Any other number keeps its digits and the hyphens between groups
    ('022-68123456-801'), without a leading +86. Digits of other scripts are kept as typed, so
    that the result is not a valid number."""
    text = _DROPPED.sub("", (value or "").strip().translate(_TYPED))
    text = re.sub(r"-{2,}", "-", text).strip("-")
    compact = text.replace("-", "")
    if _MOBILE.match(compact):
        return compact
    for prefix in _COUNTRY_CODES:
        if compact.startswith(prefix) and _MOBILE.match(compact[len(prefix) :]):
            return compact[len(prefix) :]
    if text.startswith("+86"):
        text = text[3:].lstrip("-")
    return text


def is_valid_phone(value):
    value = normalise_phone(value)
    return bool(_MOBILE.match(value) or _LANDLINE.match(value) or _SERVICE.match(value))


def validate_phone(value):
    if value and not is_valid_phone(value):
        raise ValidationError(
            _("电话号码格式不正确：请填写11位手机号或座机号（如 022-68123456）。"),
            code="invalid_phone",
        )


def is_mobile(value):
    return bool(_MOBILE.match(normalise_phone(value)))


def clean_mobile(value, message=None):
    """The normal form of a mainland mobile number typed in a form, or ValidationError.
    Empty input gives ''."""
    number = normalise_phone(value)
    if number and not _MOBILE.match(number):
        raise ValidationError(
            message or _("请填写11位手机号，例如 139 1234 5678。"), code="invalid_phone"
        )
    return number


def mask_phone(value):
    """138****1234 for mobiles; landlines keep area code and last four digits."""
    value = normalise_phone(value)
    if not value:
        return ""
    if _MOBILE.match(value):
        return f"{value[:3]}****{value[-4:]}"
    if len(value) <= 5:
        return value
    return value[:-8] + "****" + value[-4:] if len(value) > 8 else "****" + value[-4:]


def tel_href(value):
    """The href of a one-tap call link: digits only, extension as a pause."""
    value = normalise_phone(value)
    parts = value.split("-")
    if len(parts) == 3 and len(parts[0]) <= 4 and parts[0].startswith("0"):
        return f"tel:{parts[0]}{parts[1]},{parts[2]}"
    return "tel:" + value.replace("-", "")


# Phone-like numbers inside free text (a report's description, a reply, a comment), as people
# type them: 138 1234 5678, 138-1234-5678, +86 13812345678, (022) 6812-3456, full-width digits.
# Also any other run of seven or more digits (an ID card or bank number is no less personal).
# Matched on a copy where full-width digits and separators are ASCII (the same length, so the
# spans fit the original); a number glued to letters or a hyphen before it (JH-2026-000123, a
# tracking number) is left alone.
_WIDE = str.maketrans("０１２３４５６７８９－＋（）　", "0123456789-+() ")
_SEP = r"[ \-]?"
_PHONE_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z\-])"
    r"(?:(?:\+?86|\(\+?86\))" + _SEP + r")?"
    r"(?:"
    r"1[3-9][0-9]" + _SEP + r"[0-9]{4}" + _SEP + r"[0-9]{4}"  # mobile
    r"|\(?0[0-9]{2,3}\)?" + _SEP + r"[0-9]{3,4}" + _SEP + r"[0-9]{4}"  # landline with area code
    r"|[0-9]{7,}"  # anything else that long
    r")"
    r"(?![0-9])"
)


def mask_phones_in_text(text):
    """`text` with every phone-like number masked (138****5678)."""
    if not text:
        return text or ""
    plain = text.translate(_WIDE)
    out, last = [], 0
    for match in _PHONE_IN_TEXT.finditer(plain):
        digits = re.sub(r"[^0-9]", "", match.group())
        if digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        out.append(text[last : match.start()])
        out.append(mask_phone(digits) if len(digits) <= 12 else "****" + digits[-4:])
        last = match.end()
    out.append(text[last:])
    return "".join(out)
