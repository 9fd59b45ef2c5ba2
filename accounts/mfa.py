"""Who must use two-factor authentication, whether they have set it up, whether this
session has used it, and where a member of staff goes once they have enrolled."""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _

# Where a member of staff was going when they were sent to enrol TOTP (kept in the session
# across the enrolment and the recovery codes page: accounts.views.activate_totp).
NEXT_KEY = "mfa_enrol_next"


def needs_mfa(user):
    """Anyone who can open the Wagtail or Django admin."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def has_mfa(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def passed_mfa(request):
    """Whether this session, for its current user, passed the second factor."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_totp_passed(request, user):
    record_authentication(request, user, "mfa", type="totp")


def safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return ""


def enrol_then_continue(request):
    """To TOTP enrolment, remembering the page asked for."""
    target = request.get_full_path()
    request.session[NEXT_KEY] = target
    return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': target})}")


class MFAAdapter(DefaultMFAAdapter):
    """allauth's second factor, in words a member of staff understands ("错误代码" reads as
    "an error code"): what was wrong and what to do instead."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "验证码不对：请打开手机上的身份验证器，输入本站当前显示的 6 位数字。"
            "手机丢了可以输入一个恢复码，或请区级管理员帮您重置。"
        ),
    }
