"""Opening and duty hours. Stored as rows (weekday, opens, closes); written in rosters and the
admin as Chinese text, e.g. "周一至周五 08:30-17:30；周六 09:00-12:00" or "每周二、周四 09:00-11:30",
and shown on pages in the reader's language ("Monday–Friday 08:30-17:30; Saturday 09:00-12:00")."""

import datetime
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import punctuation

DAY_NAMES = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
# The same messages as OpeningHours.Weekday's labels.
DAY_LABELS = [
    gettext_lazy("周一"),
    gettext_lazy("周二"),
    gettext_lazy("周三"),
    gettext_lazy("周四"),
    gettext_lazy("周五"),
    gettext_lazy("周六"),
    gettext_lazy("周日"),
]
_DAY_INDEX = {name: i for i, name in enumerate(DAY_NAMES)}
_DAY_INDEX.update({"星期" + n[1]: i for i, n in enumerate(DAY_NAMES)})
_DAY_INDEX["周天"] = 6
_DAY_INDEX["星期天"] = 6
_DAY_INDEX["星期日"] = 6
_DAY = r"(?:周.|星期.)"
_SPAN = rf"{_DAY}(?:\s*(?:至|到|-|~|－|—)\s*{_DAY})?"
_TIME = r"\d{1,2}[:：]\d{2}"
# One group: days (a day, a span, or several joined by 、), then one time range.
_GROUP = re.compile(
    rf"每?(?P<days>{_SPAN}(?:\s*[、，,和及]\s*每?{_SPAN})*)\s*"
    rf"(?P<opens>{_TIME})\s*(?:-|~|－|—|至|到)\s*(?P<closes>{_TIME})"
)
_SEPARATORS = " \t\n,，、;；"


class HoursError(ValueError):
    pass


def _time(text):
    hours, minutes = re.split(r"[:：]", text)
    try:
        return datetime.time(int(hours), int(minutes))
    except ValueError as exc:
        raise HoursError(f"时间“{text}”不正确") from exc


def _days(text, group):
    days = []
    for span in re.split(r"\s*[、，,和及]\s*", text):
        ends = re.findall(_DAY, span.replace("每", ""))
        try:
            first, last = _DAY_INDEX[ends[0]], _DAY_INDEX[ends[-1]]
        except KeyError as exc:
            raise HoursError(f"开放时间“{group}”中的星期无法识别") from exc
        if last < first:
            raise HoursError(f"开放时间“{group}”的起止顺序不正确")
        days.extend(range(first, last + 1))
    return days


def _unclear(text):
    if text.strip(_SEPARATORS):
        raise HoursError(
            f"开放时间“{text.strip(_SEPARATORS)}”无法识别，请写成“周一至周五 08:30-17:30”"
        )


def parse_hours(text):
    """Return [(weekday, opens, closes)] sorted by day; raise HoursError on anything unclear."""
    text = (text or "").strip()
    rows, position = [], 0
    for match in _GROUP.finditer(text):
        _unclear(text[position : match.start()])
        position = match.end()
        group = match.group(0)
        opens, closes = _time(match["opens"]), _time(match["closes"])
        if closes <= opens:
            raise HoursError(f"开放时间“{group}”的起止顺序不正确")
        rows.extend((day, opens, closes) for day in _days(match["days"], group))
    _unclear(text[position:])
    return sorted(rows)


def hour_groups(rows):
    """[(day runs, opens, closes)]: days with equal hours share a group (Tuesday and Thursday
    09:00-11:30), consecutive days in it make a run (Monday to Friday); groups in the order of
    their first day."""
    rows = sorted(
        (r.weekday, r.opens, r.closes) if hasattr(r, "weekday") else tuple(r) for r in rows
    )
    days_by_hours = {}
    for day, opens, closes in rows:
        days_by_hours.setdefault((opens, closes), []).append(day)
    groups = []
    for (opens, closes), days in days_by_hours.items():
        runs = []
        for day in days:
            if runs and runs[-1][1] == day - 1:
                runs[-1][1] = day
            else:
                runs.append([day, day])
        groups.append([[tuple(run) for run in runs], opens, closes])
    return groups


def _format(rows, day_names, span, list_sep, clause_sep):
    parts = []
    for runs, opens, closes in hour_groups(rows):
        days = list_sep.join(
            str(day_names[a]) if a == b else span % {"first": day_names[a], "last": day_names[b]}
            for a, b in runs
        )
        parts.append(f"{days} {opens:%H:%M}-{closes:%H:%M}")
    return clause_sep.join(parts)


def format_hours(rows):
    """The Chinese text form of rosters and the admin: the inverse of parse_hours."""
    return _format(rows, DAY_NAMES, "%(first)s至%(last)s", "、", "；")


def display_hours(rows):
    """The same in the active language, for pages."""
    return _format(
        rows,
        DAY_LABELS,
        _("%(first)s至%(last)s"),
        punctuation.list_separator(),
        punctuation.clause_separator(),
    )


def rows_to_json(rows):
    """Rows as DispatchedStaff.duty_hours keeps them: [[weekday, "HH:MM", "HH:MM"], …]."""
    return [[day, f"{opens:%H:%M}", f"{closes:%H:%M}"] for day, opens, closes in rows]


def rows_from_json(value):
    return [
        (day, datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes))
        for day, opens, closes in value or []
    ]


def split_hours(text):
    """(rows, note) from free text: the clauses that read as hours become rows, the rest (such
    as "节假日除外") stays a note, so that nothing a roster says is lost."""
    try:
        return parse_hours(text), ""
    except HoursError:
        pass
    rows, notes = [], []
    for clause in re.split(r"[;；\n]+", text or ""):
        try:
            rows.extend(parse_hours(clause))
        except HoursError:
            if clause.strip():
                notes.append(clause.strip())
    return sorted(rows), "；".join(notes)


def hours_text(rows, note=""):
    """The roster's text for rows and a note: "周二、周四 09:00-11:30；节假日除外"."""
    return "；".join(part for part in (format_hours(rows), note) if part)


def normalise_hours_text(text):
    """Free text as it reads once stored (split_hours) and written back (hours_text)."""
    return hours_text(*split_hours(text))


def next_change(rows, moment):
    """The first opening or closing time after `moment` (an aware local datetime) in a week
    of `rows` (objects with weekday, opens, closes), or None if the station has no hours."""
    changes = []
    for row in rows:
        days_ahead = (row.weekday - moment.weekday()) % 7
        for at in (row.opens, row.closes):
            for week in (0, 7):
                day = moment.date() + datetime.timedelta(days=days_ahead + week)
                when = moment.replace(
                    year=day.year,
                    month=day.month,
                    day=day.day,
                    hour=at.hour,
                    minute=at.minute,
                    second=0,
                    microsecond=0,
                )
                if when > moment:
                    changes.append(when)
                    break
    return min(changes, default=None)
