"""Test and demo helpers for accounts."""

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret


def with_mfa(user):
    """Give a staff user a TOTP authenticator, as if they had enrolled; returns the user."""
    TOTP.activate(user, generate_totp_secret())
    return user


def with_verified_email(user, email=None):
    EmailAddress.objects.create(user=user, email=email or user.email, verified=True, primary=True)
    return user
