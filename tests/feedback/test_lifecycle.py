import datetime

import pytest
from django.utils import timezone

from feedback.deadlines import add_working_days, add_working_minutes, deadlines
from feedback.models import ImmutableError, Report, ReportEvent, Status
from feedback.services import TransitionError, escalate, submit_report, transition

from .conftest import PHONE

URL = "/feedback/"


def _lookup(client, number, last4):
    return client.post("/feedback/status/", {"tracking_number": number, "last4": last4})


def test_whole_lifecycle_from_report_to_confirmation(client, form_data, users, department):
    client.post(URL, form_data())
    report = Report.objects.get()
    admin, staff, dept = users["admin"], users["staff_x"], users["dept"]

    transition(report, Status.ACCEPTED, actor=staff, public_reply="已受理，马上安排。")
    transition(report, Status.DISPATCHED, actor=staff, private_note="水务报到")
    report.refresh_from_db()
    assert report.department == department
    transition(report, Status.IN_PROGRESS, actor=dept)
    transition(report, Status.RESOLVED, actor=dept, public_reply="管道已更换，积水已清理。")
    with pytest.raises(TransitionError):
        transition(report, Status.ACCEPTED, actor=admin)

    # Wrong proof: no access.
    assert b"status/JH" not in _lookup(client, report.tracking_number, "0000").content
    assert client.get(f"/feedback/status/{report.tracking_number}/").status_code == 302

    response = _lookup(client, report.tracking_number.lower(), PHONE[-4:])
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    for label in ("已提交", "已受理", "已派单", "处理中", "已办结"):
        assert label in html
    assert department.title in html
    assert "管道已更换" in html and "水务报到" not in html  # private note stays private
    assert PHONE not in html and "王先生" not in html

    client.post(f"/feedback/status/{report.tracking_number}/reopen/", {"reason": "还在漏"})
    report.refresh_from_db()
    assert report.status == Status.REOPENED
    transition(report, Status.RESOLVED, actor=dept, public_reply="再次维修完毕。")
    client.post(
        f"/feedback/status/{report.tracking_number}/confirm/", {"satisfaction": "satisfied"}
    )
    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.satisfaction == "satisfied"
    assert report.closed_at is not None
    steps = list(report.events.values_list("from_status", "to_status"))
    assert steps[0] == ("", "submitted") and steps[-1] == ("resolved", "closed")
    actors = list(report.events.values_list("actor__username", flat=True))
    assert actors[1:5] == ["staff_x", "staff_x", "dept", "dept"]


def test_confirm_needs_the_phone_proof_in_the_session(client, form_data, users):
    client.post(URL, form_data())
    report = Report.objects.get()
    transition(report, Status.ACCEPTED)
    transition(report, Status.RESOLVED, public_reply="好了")
    other = client.__class__()
    other.post(f"/feedback/status/{report.tracking_number}/confirm/", {"satisfaction": "satisfied"})
    report.refresh_from_db()
    assert report.status == Status.RESOLVED


def test_report_without_phone_shows_status_only(client, form_data):
    client.post(URL, form_data(phone="", name=""))
    report = Report.objects.get()
    transition(report, Status.ACCEPTED, public_reply="已受理")
    response = _lookup(client, report.tracking_number, "")
    html = client.get(response["Location"]).content.decode()
    assert "已受理" in html and "只能查看办理状态" in html
    assert "确认办结" not in html
    # Numbers run in sequence: someone trying them learns nothing of what a report is about.
    assert report.category.name not in html and report.unit.title not in html


def test_lookup_is_rate_limited(db, client, settings):
    settings.RATE_LIMITS = {"report_lookup": "3/1h/ip"}
    for _ in range(3):
        assert _lookup(client, "JH-2026-999999", "1234").status_code == 200
    assert _lookup(client, "JH-2026-999999", "1234").status_code == 429


def test_resolving_needs_a_public_reply_and_dispatch_needs_a_department(category, unit_x):
    report, _ = submit_report(category=category, description="路灯坏了", unit=unit_x)
    with pytest.raises(TransitionError):
        transition(report, Status.RESOLVED)
    transition(report, Status.ACCEPTED)
    with pytest.raises(TransitionError):
        transition(report, Status.RESOLVED, public_reply="  ")
    category.department = None  # a category no department answers: nothing is proposed
    category.save()
    report, _ = submit_report(category=category, description="路灯坏了", unit=unit_x)
    assert report.proposed_department is None
    with pytest.raises(TransitionError):
        transition(report, Status.DISPATCHED)


def test_escalation_goes_up_the_four_levels_with_reasons(category, unit_x):
    report, _ = submit_report(category=category, description="邻里纠纷", unit=unit_x)
    with pytest.raises(TransitionError):
        escalate(report, "")
    for level in ("town", "district", "city"):
        report = escalate(report, f"升到{level}")
        assert report.mediation_level == level
    with pytest.raises(TransitionError):
        escalate(report, "再升")
    reasons = list(
        report.events.exclude(escalation_level="").values_list("escalation_reason", flat=True)
    )
    assert reasons == ["升到town", "升到district", "升到city"]


def test_audit_trail_cannot_be_changed_or_deleted(category, unit_x):
    report, _ = submit_report(category=category, description="漏水", unit=unit_x)
    event = report.events.get()
    event.public_reply = "改写历史"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()
    assert ReportEvent.objects.get(pk=event.pk).public_reply == ""


def test_tracking_numbers_and_idempotency_in_the_service(category, unit_x):
    first, created = submit_report(category=category, description="a" * 10, idempotency_token="t1")
    again, created_again = submit_report(
        category=category, description="b" * 10, idempotency_token="t1"
    )
    assert created and not created_again and first.pk == again.pk
    year = timezone.localtime(first.created_at).year
    assert first.tracking_number == f"JH-{year}-{first.pk:06d}"


def test_working_day_deadlines_skip_weekends(db):
    tz = timezone.get_current_timezone()
    friday = datetime.datetime(2026, 11, 27, 16, 0, tzinfo=tz)
    assert add_working_days(friday, 1).date() == datetime.date(2026, 11, 30)
    assert add_working_days(friday, 7).date() == datetime.date(2026, 12, 8)
    # 30 working minutes from Friday 17:15 end on Monday 08:45.
    late = datetime.datetime(2026, 11, 27, 17, 15, tzinfo=tz)
    assert add_working_minutes(late, 30) == datetime.datetime(2026, 11, 30, 8, 45, tzinfo=tz)
    saturday = datetime.datetime(2026, 11, 28, 10, 0, tzinfo=tz)
    assert add_working_minutes(saturday, 30) == datetime.datetime(2026, 11, 30, 9, 0, tzinfo=tz)
    respond, resolve = deadlines("normal", friday)
    assert respond.date() == datetime.date(2026, 11, 30) and resolve.date() == datetime.date(
        2026, 12, 8
    )


def test_overdue_marks_late_open_reports_only(category, unit_x):
    report, _ = submit_report(category=category, description="漏水漏水", unit=unit_x)
    later = report.resolve_by + datetime.timedelta(minutes=1)
    assert Report.objects.overdue(report.created_at).count() == 0
    assert list(Report.objects.overdue(later)) == [report]
    transition(report, Status.ACCEPTED)
    transition(report, Status.RESOLVED, public_reply="修好了")
    assert Report.objects.overdue(later).count() == 0


def test_station_staff_are_mailed_once_after_commit_and_never_on_rollback(
    category, unit_x, users, django_capture_on_commit_callbacks, mailoutbox
):
    from django.db import transaction

    users["staff_x"].email = "staff-x@example.test"
    users["staff_x"].save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                submit_report(category=category, description="回滚测试", unit=unit_x, phone=PHONE)
                raise RuntimeError("forced rollback")
        except RuntimeError:
            pass
    assert callbacks == [] and mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report, _ = submit_report(
            category=category, description="提交测试", unit=unit_x, phone=PHONE
        )
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["staff-x@example.test"]
    assert report.tracking_number in mailoutbox[0].body and PHONE not in mailoutbox[0].body
