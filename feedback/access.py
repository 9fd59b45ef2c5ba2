"""What a visitor of the public status pages may see of a report.

- FULL (the verified owner): description, place, photos and the whole timeline, and the
  confirm/reopen controls. Whoever typed the tracking number with the last four digits of the
  phone given with it, opened a status link (feedback.links: valid until it expires or staff
  revoke it), or is signed in to the account that submitted the report.
- STATUS: the status only, for a report submitted without a phone number.

Grants live in the session, keyed by tracking number.
"""

SESSION_KEY = "feedback_verified"
FULL = "full"
STATUS = "status"
_LINK = "link:"


def grant(request, report, level):
    _store(request, report, level)


def grant_link(request, report):
    """Through a status link: FULL for as long as the report's links are not revoked."""
    _store(request, report, f"{_LINK}{report.link_version}")


def _store(request, report, value):
    verified = dict(request.session.get(SESSION_KEY, {}))
    verified[report.tracking_number] = value
    request.session[SESSION_KEY] = verified


def level(request, report):
    """FULL, STATUS or None."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and report.user_id == user.pk:
        return FULL
    value = request.session.get(SESSION_KEY, {}).get(report.tracking_number)
    if value in (FULL, STATUS):
        return value
    if isinstance(value, str) and value.startswith(_LINK):
        return FULL if value[len(_LINK) :] == str(report.link_version) else None
    return None


def has_full(request, report):
    return level(request, report) == FULL
