"""Test and demo helpers for accounts."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import RequestFactory


def with_mfa(user):
    """Give a staff user a TOTP authenticator, as if they had enrolled; returns the user."""
    TOTP.activate(user, generate_totp_secret())
    return user


def with_verified_email(user, email=None):
    EmailAddress.objects.create(user=user, email=email or user.email, verified=True, primary=True)
    return user


def login_with_mfa(client, user):
    """Sign `user` in on a test client as a full login does for staff: a password, then the
    TOTP code, both recorded in the session (accounts.middleware checks the second). Enrols a
    TOTP authenticator first if the user has none. Returns the user."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        with_mfa(user)
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "password")
    record_authentication(request, user, "mfa", type="totp")
    request.session.save()
    return user
