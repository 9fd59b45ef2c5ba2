"""The app's settings with their defaults; each can be overridden in the settings module."""

from django.conf import settings

DEFAULTS = {
    "REPORT_RETENTION_DAYS": 180,
    # A report left "resolved" this many days without the resident confirming is closed by
    # the daily job (and its personal data purged REPORT_RETENTION_DAYS later).
    "REPORT_AUTO_CLOSE_DAYS": 15,
    # The report form's ticket (feedback/tickets.py). Rate limits: core.ratelimit.RATES.
    "REPORT_MIN_FILL_SECONDS": 3,
    "REPORT_FORM_MAX_AGE_SECONDS": 24 * 3600,
    # Phone photos as they come (12 MB is common); stored downscaled to MAX_EDGE pixels.
    "REPORT_PHOTO_MAX_BYTES": 20 * 1024 * 1024,
    "REPORT_PHOTO_MAX_PIXELS": 40_000_000,
    "REPORT_PHOTO_MAX_COUNT": 3,
    "REPORT_PHOTO_MAX_EDGE": 2560,
    "REPORT_PHOTO_THUMB_EDGE": 320,
    # How long a status link (feedback.links) works; each notification sends a fresh one.
    "REPORT_STATUS_LINK_MAX_AGE": 90 * 24 * 3600,
    # Working hours: deadlines end at the close of a working day; the urgent 30-minute
    # response clock counts only these hours (feedback.deadlines).
    "REPORT_WORKING_HOURS": ((8, 30), (17, 30)),
    # Per urgency: response limit (minutes of working time, or working days) and resolution
    # limit in working days.
    "REPORT_DEADLINES": {
        "urgent": {"respond_minutes": 30, "resolve_days": 1},
        "priority": {"respond_days": 1, "resolve_days": 2},
        "normal": {"respond_days": 1, "resolve_days": 7},
    },
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
