"""Status links: a signed, expiring address of one report's status page that works on any
device, with no login and no phone digits (the one in the receipt and in every notification).

The token signs "<report id>.<link version>" with a salt of its own; it expires after
REPORT_STATUS_LINK_MAX_AGE seconds, and staff revoke every link sent so far by raising the
report's `link_version` (feedback.services.revoke_links).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from . import conf
from .models import Report

SALT = "feedback.status-link"


def _signer():
    return signing.TimestampSigner(salt=SALT)


def make_token(report):
    return _signer().sign(f"{report.pk}.{report.link_version}")


def path_for(report):
    return reverse("feedback:status_link", args=[make_token(report)])


def absolute_url(report, base=None):
    """The link as sent in a text message or e-mail: the site's public address."""
    return (base or settings.WAGTAILADMIN_BASE_URL).rstrip("/") + path_for(report)


class LinkError(Exception):
    """`expired` says whether the link was good but is too old (or revoked)."""

    def __init__(self, expired):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def report_for(token):
    """The report a token opens, or LinkError."""
    try:
        value = _signer().unsign(token, max_age=conf.get("REPORT_STATUS_LINK_MAX_AGE"))
    except signing.SignatureExpired:
        raise LinkError(expired=True) from None
    except signing.BadSignature:
        raise LinkError(expired=False) from None
    pk, _dot, version = value.partition(".")
    report = Report.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
    if report is None:
        raise LinkError(expired=False)
    if not version.isdigit() or int(version) != report.link_version:
        raise LinkError(expired=True)
    return report
