"""Who must use two-factor authentication, and whether they have set it up."""

from allauth.mfa.models import Authenticator


def needs_mfa(user):
    """Anyone who can open the Wagtail or Django admin."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def has_mfa(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
