"""Deadlines in real working time: the official calendar (public holidays off, adjusted working
weekends 调休 on), the district's overrides for a year chinese-calendar does not know, and a
missing year as a visible warning rather than an error. A deadline ends at the close of a
working day."""

import datetime
import logging

import pytest
from django.utils import timezone

from demo.factories.accounts import login_with_mfa
from feedback.deadlines import (
    add_working_days,
    add_working_minutes,
    deadlines,
    missing_years,
    package_knows,
)
from feedback.models import DayKind, HolidayDay, HolidayYear
from feedback.services import submit_report

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


def at(*args):
    return datetime.datetime(*args, tzinfo=TZ)


def test_national_day_holiday_is_skipped_and_the_adjusted_saturday_worked():
    # 2026: 1–7 October off; Saturday 10 October is a working day (调休).
    before = at(2026, 9, 30, 15, 0)
    assert add_working_days(before, 1) == at(2026, 10, 8, 17, 30)
    # 8, 9, 10 (Saturday, worked), 12, 13, 14, 15 October.
    assert add_working_days(before, 7) == at(2026, 10, 15, 17, 30)
    assert add_working_days(at(2026, 10, 9, 16, 0), 1) == at(2026, 10, 10, 17, 30)
    # On the Sunday before Mid-Autumn, 20 September 2026, the offices work too.
    assert add_working_minutes(at(2026, 9, 20, 10, 0), 30) == at(2026, 9, 20, 10, 30)
    # The urgent clock stops at 17:30 on 30 September and runs again on 8 October.
    assert add_working_minutes(at(2026, 9, 30, 17, 20), 30) == at(2026, 10, 8, 8, 50)


def test_a_report_in_the_holiday_waits_for_the_first_working_day():
    respond_by, resolve_by = deadlines("normal", at(2026, 10, 3, 10, 0))
    assert respond_by == at(2026, 10, 8, 17, 30)
    assert resolve_by == at(2026, 10, 15, 17, 30)  # 8, 9, 10 (Saturday), 12, 13, 14, 15


@pytest.mark.parametrize(
    "submitted",
    [
        at(2026, 11, 27, 1, 42),
        at(2026, 11, 27, 23, 59),
        at(2026, 11, 28, 1, 42),
        at(2026, 11, 30, 0, 5),
    ],
)
def test_a_resolve_by_is_always_the_close_of_a_working_day(submitted):
    for urgency in ("urgent", "priority", "normal"):
        respond_by, resolve_by = deadlines(urgency, submitted)
        assert resolve_by.timetz() == datetime.time(17, 30, tzinfo=TZ)
        assert resolve_by.weekday() < 5
        assert datetime.time(8, 30) <= respond_by.time() <= datetime.time(17, 30)


def test_a_year_the_package_does_not_know_is_counted_by_weekday_and_warned_about(caplog):
    assert not package_knows(2027) and package_knows(2026)
    caplog.set_level(logging.WARNING, logger="feedback.deadlines")
    # New Year's Day 2027 is a Friday; without the year's calendar it counts as a working day.
    assert add_working_days(at(2026, 12, 31, 10, 0), 1) == at(2027, 1, 1, 17, 30)
    assert missing_years(datetime.date(2026, 11, 29)) == [2027]
    assert missing_years(datetime.date(2026, 9, 1)) == []  # 2027 not yet within reach


def test_the_districts_holiday_list_covers_the_unknown_year():
    year = HolidayYear.objects.create(year=2027, note="某年节假日安排（测试）")
    for day in (1, 2, 3):
        HolidayDay.objects.create(calendar=year, date=datetime.date(2027, 1, day), name="元旦")
    HolidayDay.objects.create(calendar=year, date=datetime.date(2027, 1, 9), kind=DayKind.WORK)
    # 31 December 2026 then 4 January 2027 (Monday), 1–3 January off.
    assert add_working_days(at(2026, 12, 31, 10, 0), 1) == at(2027, 1, 4, 17, 30)
    # Saturday 9 January worked.
    assert add_working_days(at(2027, 1, 8, 10, 0), 1) == at(2027, 1, 9, 17, 30)
    assert missing_years(datetime.date(2026, 11, 29)) == []


def test_an_override_corrects_a_known_year():
    year = HolidayYear.objects.create(year=2026)
    HolidayDay.objects.create(calendar=year, date=datetime.date(2026, 12, 1), name="临时调整")
    assert add_working_days(at(2026, 11, 30, 10, 0), 1) == at(2026, 12, 2, 17, 30)


def test_submitting_across_new_year_never_fails(category, unit_x, caplog):
    caplog.set_level(logging.WARNING)
    report, _ = submit_report(
        category=category, description="楼道漏水（跨年）", unit=unit_x, phone="13912345678"
    )
    assert report.resolve_by is not None
    for record in caplog.records:
        assert "13912345678" not in record.getMessage()


def test_the_admin_dashboard_warns_about_a_missing_year(client, users):
    # Today (2026-11-29) deadlines reach into 2027, which chinese-calendar 1.11 does not know.
    years = missing_years()
    if timezone.localdate() < datetime.date(2027, 1, 1):
        assert years == [2027]
    login_with_mfa(client, users["admin"])
    html = client.get("/admin/").content.decode()
    for year in years:
        assert f"{year} 年的法定节假日和调休安排尚未录入" in html
        HolidayYear.objects.create(year=year)
    html = client.get("/admin/").content.decode()
    assert "尚未录入" not in html


def test_district_admins_can_enter_a_year(client):
    from django.contrib.auth import get_user_model

    from core.groups import role_group
    from feedback.permissions import DISTRICT_ADMIN_PERMISSION

    from .conftest import _user

    district = _user("district-holidays")
    district.groups.add(role_group(DISTRICT_ADMIN_PERMISSION))
    district = get_user_model().objects.get(pk=district.pk)
    assert district.has_perm("feedback.add_holidayyear")
    login_with_mfa(client, district)
    assert client.get("/admin/snippets/feedback/holidayyear/add/").status_code == 200
