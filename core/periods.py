"""Reporting periods, always computed on the server in local (Beijing) time: quarters as
strings such as "2026Q4" (ratings, scorecards) and calendar months (the station page's figures)."""

import datetime

from django.utils import timezone


def period_of(day):
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def current_period(now=None):
    return period_of(timezone.localdate(now))


def parse(period):
    year, quarter = period.split("Q")
    return int(year), int(quarter)


def previous(period, steps=1):
    year, quarter = parse(period)
    index = year * 4 + quarter - 1 - steps
    return f"{index // 4}Q{index % 4 + 1}"


def last_periods(period, count):
    """The `count` quarters ending with `period`, oldest first."""
    return [previous(period, steps) for steps in range(count - 1, -1, -1)]


def bounds(period):
    """The first day of the quarter and the first day of the next one."""
    year, quarter = parse(period)
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + quarter // 4, 3 * quarter % 12 + 1, 1)
    return start, end


def datetime_bounds(period):
    """bounds() as aware datetimes at local midnight: quarters follow Beijing time, not UTC."""
    return tuple(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        for day in bounds(period)
    )


def is_valid(period):
    try:
        year, quarter = parse(period)
    except ValueError:
        return False
    return 2000 <= year <= 2100 and 1 <= quarter <= 4 and period == f"{year}Q{quarter}"


def month_start(now=None):
    local = timezone.localtime(now or timezone.now())
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month_start(now=None):
    return month_start(month_start(now) + datetime.timedelta(days=32))
