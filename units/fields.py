"""Weekly hours kept as data (so that pages show them in the reader's language) and edited in
the admin as the Chinese text staff write anyway: "周二、周四 09:00-11:30"."""

from django import forms
from django.db import models

from .hours import HoursError, format_hours, parse_hours, rows_from_json, rows_to_json


class HoursFormField(forms.CharField):
    def __init__(self, *, encoder=None, decoder=None, **kwargs):
        kwargs.setdefault("help_text", "例如：周一至周五 08:30-17:30；周六 09:00-12:00")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return format_hours(rows_from_json(value))
        return value

    def to_python(self, value):
        text = super().to_python(value)
        try:
            return rows_to_json(parse_hours(text))
        except HoursError as error:
            raise forms.ValidationError(str(error), code="hours") from error

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (initial or [])
        except forms.ValidationError:
            return True


class HoursField(models.JSONField):
    """[[weekday (0 = Monday), "HH:MM", "HH:MM"], …], sorted by day."""

    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "form_class": HoursFormField})
