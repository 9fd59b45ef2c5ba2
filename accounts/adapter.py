"""allauth adapter: a locked-out login answers 429 instead of a form error, and phone numbers
live on accounts.PhoneNumber with codes sent through accounts.sms (at most so many per number
and per client: core.ratelimit's sms_code limits)."""

import time
from http import HTTPStatus

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render

from core.ratelimit import allow

from . import sms
from .models import PhoneNumber
from .phones import INVALID, MobileField, normalise_mobile


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            # Even the right password is refused until the window has passed.
            raise ImmediateHttpResponse(
                render(request, "account/429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
            ) from None

    def is_reauthentication_required(self, *, app, **kwargs):
        """No second password prompt straight after logging in (a new member of staff enrols
        TOTP right after their first login): a sign-in in this session within
        ACCOUNT_REAUTHENTICATION_TIMEOUT counts as a fresh reauthentication."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        if request is None or not request.user.is_authenticated:
            return True
        records = get_authentication_records(request, request.user)
        newest = max((record.get("at", 0) for record in records), default=0)
        return time.time() - newest >= account_settings.REAUTHENTICATION_TIMEOUT

    # Phone login. allauth hands over numbers as typed on the login form (derive_login_method
    # only checks they are valid), so every lookup normalises first.

    def phone_form_field(self, **kwargs):
        return MobileField(**kwargs)

    def clean_phone(self, phone):
        number = normalise_mobile(phone)
        if number is None:
            raise ValidationError(INVALID, code="invalid_phone")
        return number

    def get_phone(self, user):
        record = PhoneNumber.objects.filter(user=user).first()
        return (record.phone, record.verified) if record else None

    @transaction.atomic
    def set_phone(self, user, phone, verified):
        PhoneNumber.objects.update_or_create(
            user=user, defaults={"phone": normalise_mobile(phone) or phone, "verified": verified}
        )

    @transaction.atomic
    def set_phone_verified(self, user, phone):
        # Also used when a signed-in resident changes the number: the new one is stored here.
        number = normalise_mobile(phone) or phone
        PhoneNumber.objects.filter(phone=number, verified=False).exclude(user=user).delete()
        self.set_phone(user, number, True)

    def get_user_by_phone(self, phone):
        """Only a verified number identifies an account (see PhoneNumber's constraint)."""
        number = normalise_mobile(phone)
        if number is None:
            return None
        record = (
            PhoneNumber.objects.filter(phone=number, verified=True, user__is_active=True)
            .select_related("user")
            .first()
        )
        return record.user if record else None

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        request = context.request
        if not (allow(request, "sms_code", key=phone) and allow(request, "sms_code_ip")):
            # Over the limit: send nothing, and answer exactly as if it had been sent, so the
            # page says nothing about whether the number has an account.
            return
        purpose = "login" if kwargs.get("reauthentication") is not None else "verify"
        sms.send_code(phone, code, purpose=purpose)
