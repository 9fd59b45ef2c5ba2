import datetime

import pytest
from django.utils import timezone

from demo.factories.units import OpeningHoursFactory, UnitPageFactory
from units.hours import HoursError, format_hours, parse_hours

T = datetime.time


def test_parse_and_format_round_trip():
    text = "周一至周五 08:30-17:30；周六 09:00-12:00"
    rows = parse_hours(text)
    assert rows[0] == (0, T(8, 30), T(17, 30))
    assert rows[-1] == (5, T(9), T(12))
    assert len(rows) == 6
    assert format_hours(rows) == text


def test_parse_accepts_common_variants():
    assert parse_hours("星期一到星期三 8:00~11:30") == [(d, T(8), T(11, 30)) for d in range(3)]


@pytest.mark.parametrize(
    "bad", ["每天上午", "周一至周五 18:00-08:00", "周八 08:00-09:00", "周一 25:00-26:00"]
)
def test_parse_rejects_unclear_text(bad):
    with pytest.raises(HoursError):
        parse_hours(bad)


@pytest.mark.django_db
def test_open_now_logic():
    unit = UnitPageFactory()
    OpeningHoursFactory(page=unit, weekday=0, opens=T(8, 30), closes=T(17, 30))
    tz = timezone.get_current_timezone()
    monday = datetime.datetime(2026, 11, 23, tzinfo=tz)  # a Monday
    assert unit.is_open_at(monday.replace(hour=9))
    assert unit.is_open_at(monday.replace(hour=8, minute=30))
    assert not unit.is_open_at(monday.replace(hour=17, minute=30))
    assert not unit.is_open_at(monday.replace(hour=8, minute=29))
    assert not unit.is_open_at((monday + datetime.timedelta(days=1)).replace(hour=9))
    # Time zone: 02:00 UTC on Monday is 10:00 in Tianjin.
    utc_monday = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
    assert unit.is_open_at(utc_monday)


def test_days_joined_by_commas_share_one_time_range():
    rows = parse_hours("每周二、周四 09:00-11:30，周六 09:00-12:00")
    assert rows == [(1, T(9), T(11, 30)), (3, T(9), T(11, 30)), (5, T(9), T(12))]
    assert format_hours(rows) == "周二、周四 09:00-11:30；周六 09:00-12:00"
    assert parse_hours(format_hours(rows)) == rows


def test_hours_read_in_the_reader_s_language():
    from django.utils import translation

    from units.hours import display_hours

    rows = parse_hours("周一至周五 08:30-17:30；周二、周四 18:00-20:00")
    with translation.override("en"):
        assert display_hours(rows) == (
            "Monday to Friday 08:30-17:30; Tuesday, Thursday 18:00-20:00"
        )
    with translation.override("zh-hans"):
        assert display_hours(rows) == "周一至周五 08:30-17:30；周二、周四 18:00-20:00"


def test_text_that_is_not_hours_is_kept_as_a_note():
    from units.hours import split_hours

    assert split_hours("周一 09:00-12:00；节假日除外") == ([(0, T(9), T(12))], "节假日除外")
    assert split_hours("请电话预约") == ([], "请电话预约")
