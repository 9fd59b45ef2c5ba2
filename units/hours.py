"""Opening hours: the text form used in rosters and on pages, e.g. "周一至周五 08:30-17:30；周六 09:00-12:00"."""

import datetime
import re

DAY_NAMES = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
_DAY_INDEX = {name: i for i, name in enumerate(DAY_NAMES)}
_DAY_INDEX.update({"星期" + n[1]: i for i, n in enumerate(DAY_NAMES)})
_DAY_INDEX["周天"] = 6
_DAY_INDEX["星期天"] = 6
_DAY_INDEX["星期日"] = 6
_GROUP = re.compile(
    r"^(?P<first>周.|星期.)(?:(?:至|到|-|~|－)(?P<last>周.|星期.))?\s*"
    r"(?P<opens>\d{1,2}[:：]\d{2})\s*(?:-|~|－|至|到)\s*(?P<closes>\d{1,2}[:：]\d{2})$"
)


class HoursError(ValueError):
    pass


def _time(text):
    hours, minutes = re.split(r"[:：]", text)
    try:
        return datetime.time(int(hours), int(minutes))
    except ValueError as exc:
        raise HoursError(f"时间“{text}”不正确") from exc


def parse_hours(text):
    """Return [(weekday, opens, closes)] sorted by day; raise HoursError on anything unclear."""
    rows = []
    for group in re.split(r"[;；,，、\n]+", (text or "").strip()):
        group = group.strip()
        if not group:
            continue
        match = _GROUP.match(group)
        if not match:
            raise HoursError(f"开放时间“{group}”无法识别，请写成“周一至周五 08:30-17:30”")
        try:
            first = _DAY_INDEX[match["first"]]
            last = _DAY_INDEX[match["last"]] if match["last"] else first
        except KeyError as exc:
            raise HoursError(f"开放时间“{group}”中的星期无法识别") from exc
        opens, closes = _time(match["opens"]), _time(match["closes"])
        if closes <= opens or last < first:
            raise HoursError(f"开放时间“{group}”的起止顺序不正确")
        rows.extend((day, opens, closes) for day in range(first, last + 1))
    return sorted(rows)


def format_hours(rows):
    """Group consecutive days with equal hours: the inverse of parse_hours."""
    rows = sorted((r.weekday, r.opens, r.closes) if hasattr(r, "weekday") else r for r in rows)
    groups = []
    for day, opens, closes in rows:
        if groups and groups[-1][1] == day - 1 and tuple(groups[-1][2:]) == (opens, closes):
            groups[-1][1] = day
        else:
            groups.append([day, day, opens, closes])
    parts = []
    for first, last, opens, closes in groups:
        days = DAY_NAMES[first] if first == last else f"{DAY_NAMES[first]}至{DAY_NAMES[last]}"
        parts.append(f"{days} {opens:%H:%M}-{closes:%H:%M}")
    return "；".join(parts)


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
