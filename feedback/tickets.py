"""The report form's ticket: one form, one report, within a day.

Every report form carries a ticket the server signed: a random key and the moment the form was
shown. When the form comes back:

- a ticket with a bad signature, or older than REPORT_FORM_MAX_AGE_SECONDS, is refused: the form
  comes back with everything typed kept, a fresh ticket and a request to submit again;
- a ticket younger than REPORT_MIN_FILL_SECONDS is refused the same way (nobody reads and fills
  in the form that fast; a person who did just clicks once more), with the same ticket;
- otherwise its key becomes the stored report's idempotency token, which is unique: a ticket
  makes at most one report, and sending it again shows that report's receipt (a double click,
  a retry after a lost answer). That row is the server-side record of the ticket's use, kept in
  the same transaction as the report, on every app server, through a cache outage.

Only the honeypot field earns the silent fake receipt (feedback.views).
"""

import time
import uuid

from django.core import signing

from . import conf

SALT = "feedback.report-ticket"
OK, TOO_FAST, EXPIRED = "ok", "too_fast", "expired"


def issue(now=None):
    moment = time.time() if now is None else now
    return signing.dumps({"k": uuid.uuid4().hex, "t": round(moment, 3)}, salt=SALT)


def check(value, now=None):
    """(verdict, key): the key is the ticket's own unless the verdict is EXPIRED."""
    try:
        data = signing.loads(value or "", salt=SALT)
        key, issued = str(data["k"]), float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return EXPIRED, None
    if not key.isalnum() or len(key) > 64:
        return EXPIRED, None
    age = (time.time() if now is None else now) - issued
    if not -60 <= age <= conf.get("REPORT_FORM_MAX_AGE_SECONDS"):
        return EXPIRED, None
    if age < conf.get("REPORT_MIN_FILL_SECONDS"):
        return TOO_FAST, key
    return OK, key
