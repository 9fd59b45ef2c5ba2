"""Mainland mobile numbers for phone login: validation, normalisation to E.164 (+86…), which
is the form allauth passes around and the one stored."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.phones import is_mobile, normalise_phone

INVALID = _("请输入有效的中国大陆手机号码（11位，以1开头，例如 13812345678）。")


def normalise_mobile(value):
    """'+86 138-1234-5678' → '+8613812345678'; None when it is not a mainland mobile.
    The number is read by core.phones.normalise_phone, like every phone field of the site."""
    number = normalise_phone(value)
    return f"+86{number}" if is_mobile(number) else None


class MobileField(forms.CharField):
    """allauth's phone field for mainland numbers: 11 digits with or without +86."""

    def __init__(self, **kwargs):
        kwargs["label"] = _("手机号码")  # allauth passes its own ("Phone") on the sign-up form
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"},
            ),
        )
        super().__init__(**kwargs)
        if not self.help_text:
            self.help_text = _("中国大陆手机号码，11位。")

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        number = normalise_mobile(value)
        if number is None:
            raise ValidationError(INVALID, code="invalid_phone")
        return number
