"""Response and resolution deadlines in working days. Weekends are skipped; public holidays
and adjusted working weekends (调休) are out of scope for now."""

import datetime

from django.utils import timezone

from . import conf


def _is_working_day(day):
    return day.weekday() < 5


def add_working_days(moment, days):
    """The same local time `days` working days later (a weekend start counts from Monday)."""
    local = timezone.localtime(moment)
    day = local.date()
    while not _is_working_day(day):
        day += datetime.timedelta(days=1)
        local = local.replace(hour=0, minute=0, second=0, microsecond=0)
    added = 0
    while added < days:
        day += datetime.timedelta(days=1)
        if _is_working_day(day):
            added += 1
    return local.replace(year=day.year, month=day.month, day=day.day)


def add_working_minutes(moment, minutes):
    """Counts only minutes inside working hours on working days."""
    (open_h, open_m), (close_h, close_m) = conf.get("REPORT_WORKING_HOURS")
    local = timezone.localtime(moment)
    remaining = datetime.timedelta(minutes=minutes)
    while True:
        opens = local.replace(hour=open_h, minute=open_m, second=0, microsecond=0)
        closes = local.replace(hour=close_h, minute=close_m, second=0, microsecond=0)
        if not _is_working_day(local.date()) or local >= closes:
            local = opens + datetime.timedelta(days=1)
            continue
        local = max(local, opens)
        if local + remaining <= closes:
            return local + remaining
        remaining -= closes - local
        local = opens + datetime.timedelta(days=1)


def deadlines(urgency, start):
    """(respond_by, resolve_by) for a report of this urgency submitted at `start`."""
    limits = conf.get("REPORT_DEADLINES")[urgency]
    if "respond_minutes" in limits:
        respond_by = add_working_minutes(start, limits["respond_minutes"])
    else:
        respond_by = add_working_days(start, limits["respond_days"])
    return respond_by, add_working_days(start, limits["resolve_days"])
