"""The app's settings with their defaults; each can be overridden in the settings module."""

from django.conf import settings

DEFAULTS = {
    "REPORT_RETENTION_DAYS": 180,
    # (count, seconds): at most this many reports per IP address, and per phone number.
    "REPORT_RATE_LIMIT": (5, 3600),
    "REPORT_LOOKUP_RATE_LIMIT": (20, 3600),
    "REPORT_MIN_FILL_SECONDS": 3,
    "REPORT_PHOTO_MAX_BYTES": 5 * 1024 * 1024,
    "REPORT_PHOTO_MAX_PIXELS": 40_000_000,
    "REPORT_PHOTO_MAX_COUNT": 3,
    # Working hours used for the urgent 30-minute response clock (weekends skipped).
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
