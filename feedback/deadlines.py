"""Response and resolution deadlines in working time.

Working days are those of the official calendar: Chinese public holidays are days off and the
adjusted working weekends (调休) are working days. The `chinese-calendar` package knows the
years published when it was released; `HolidayYear` rows, edited by the district in the admin,
add a year it does not know yet (or correct one). A year that neither knows is counted as
Monday to Friday, and said so: a warning in the admin (`missing_years`) and in the log, never
an error for the resident submitting a report.

Time counts only inside working hours (REPORT_WORKING_HOURS, 08:30–17:30) on working days; a
report that arrives outside them arrives at the next opening. A deadline of N working days ends
at the close of the day on which N days' working time has run out (never at 01:42); the urgent
30-minute response clock ends exactly 30 working minutes later.
"""

import datetime
import logging

import chinese_calendar
from django.utils import timezone

from . import conf
from .models import DayKind, HolidayDay, HolidayYear

logger = logging.getLogger(__name__)
_warned = set()
# Years a deadline may reach: the start's and the next (a deadline is at most a few weeks).
LOOKAHEAD_DAYS = 61


def package_knows(year):
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkCalendar:
    """Which days are working days, for the years given, with the district's overrides."""

    def __init__(self, years):
        self.years = set(years)
        self.covered = set(
            HolidayYear.objects.filter(year__in=self.years).values_list("year", flat=True)
        )
        self.overrides = {
            day: kind == DayKind.WORK
            for day, kind in HolidayDay.objects.filter(calendar__year__in=self.covered).values_list(
                "date", "kind"
            )
        }

    def is_working_day(self, day):
        if day in self.overrides:
            return self.overrides[day]
        if day.year in self.covered:
            return day.weekday() < 5
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            _warn_missing(day.year)
            return day.weekday() < 5


def _warn_missing(year):
    if year not in _warned:
        _warned.add(year)
        logger.warning(
            "No holiday calendar for %s: deadlines count Monday to Friday only. Enter the "
            "year's holidays in the admin (节假日安排).",
            year,
        )


def calendar_from(start):
    year = timezone.localtime(start).year
    return WorkCalendar({year, year + 1})


def missing_years(today=None):
    """Years that deadlines computed now may reach and that no calendar covers: the admin
    shows a warning for each."""
    today = today or timezone.localdate()
    years = {today.year, (today + datetime.timedelta(days=LOOKAHEAD_DAYS)).year}
    covered = set(HolidayYear.objects.filter(year__in=years).values_list("year", flat=True))
    return sorted(y for y in years if y not in covered and not package_knows(y))


def _hours(local):
    (open_h, open_m), (close_h, close_m) = conf.get("REPORT_WORKING_HOURS")
    opens = local.replace(hour=open_h, minute=open_m, second=0, microsecond=0)
    closes = local.replace(hour=close_h, minute=close_m, second=0, microsecond=0)
    return opens, closes


def _next_day(local):
    """The same wall-clock time on the next calendar day (Asia/Shanghai has no DST)."""
    day = local.date() + datetime.timedelta(days=1)
    return local.replace(year=day.year, month=day.month, day=day.day)


def arrival(moment, calendar):
    """When the report counts as arrived: `moment` if inside working hours, otherwise the
    next opening."""
    local = timezone.localtime(moment)
    while True:
        opens, closes = _hours(local)
        if calendar.is_working_day(local.date()) and local < closes:
            return max(local, opens)
        local = _hours(_next_day(local))[0]


def add_working_days(moment, days, calendar=None):
    """`days` working days of working time after `moment`, to the close of the day on which
    that time runs out: from Monday 10:00, one day ends on Tuesday at 17:30; from Saturday (or
    Monday before opening), on Monday at 17:30."""
    calendar = calendar or calendar_from(moment)
    opens, closes = _hours(timezone.localtime(moment))
    day_minutes = (closes - opens).total_seconds() // 60
    end = add_working_minutes(moment, days * day_minutes, calendar)
    return _hours(end)[1]


def add_working_minutes(moment, minutes, calendar=None):
    """Counts only minutes inside working hours on working days."""
    calendar = calendar or calendar_from(moment)
    local = arrival(moment, calendar)
    remaining = datetime.timedelta(minutes=minutes)
    while True:
        _opens, closes = _hours(local)
        if local + remaining <= closes:
            return local + remaining
        remaining -= closes - local
        local = arrival(_hours(_next_day(local))[0], calendar)


def deadlines(urgency, start):
    """(respond_by, resolve_by) for a report of this urgency submitted at `start`."""
    limits = conf.get("REPORT_DEADLINES")[urgency]
    calendar = calendar_from(start)
    if "respond_minutes" in limits:
        respond_by = add_working_minutes(start, limits["respond_minutes"], calendar)
    else:
        respond_by = add_working_days(start, limits["respond_days"], calendar)
    return respond_by, add_working_days(start, limits["resolve_days"], calendar)
