"""Who must use two-factor authentication, whether they have set it up, and whether this
session has used it."""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator


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
