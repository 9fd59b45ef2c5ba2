import re

import pytest
from django.urls import reverse

from demo.factories.accounts import login_with_mfa
from feedback.models import AccessLog, PhoneReveal, Report, Status
from feedback.services import submit_report, transition

from .conftest import PHONE

PHONE_PATTERN = re.compile(r"1[3-9]\d{9}")


@pytest.fixture
def report(users, category, unit_x, department):
    report, _ = submit_report(
        category=category,
        description="楼上漏水，请联系我 13900001111",
        unit=unit_x,
        name="王先生",
        phone=PHONE,
    )
    transition(report, Status.ACCEPTED, actor=users["staff_x"])
    transition(report, Status.DISPATCHED, actor=users["staff_x"], department=department)
    report.refresh_from_db()
    return report


ROLES = ["anonymous", "staff_x", "staff_y", "dept", "other_dept", "admin"]
ALLOWED = {"staff_x", "dept", "admin"}


def _export(client, kind="csv"):
    return client.get(reverse("reports:index"), {"export": kind})


def _text(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _login(client, users, role):
    if role != "anonymous":
        login_with_mfa(client, users[role])


def _expected(role, ok):
    if role == "anonymous":
        return 302  # to the login page
    return ok if role in ALLOWED else 404


@pytest.mark.parametrize("role", ROLES)
def test_view(client, users, report, role):
    _login(client, users, role)
    response = client.get(reverse("reports:inspect", args=[report.pk]))
    assert response.status_code == _expected(role, 200)
    if role not in ALLOWED and role != "anonymous":
        assert AccessLog.objects.filter(
            user=users[role], report=report, action="view", granted=False
        ).exists()


@pytest.mark.parametrize("role", ROLES)
def test_transition(client, users, report, role):
    _login(client, users, role)
    response = client.post(
        reverse("reports:transition", args=[report.pk]),
        {"to_status": "in_progress", "private_note": "到场"},
    )
    assert response.status_code == _expected(role, 302)
    report.refresh_from_db()
    assert (report.status == Status.IN_PROGRESS) == (role in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_reveal_phone(client, users, report, role):
    _login(client, users, role)
    response = client.post(reverse("reports:reveal_phone", args=[report.pk]))
    assert response.status_code == _expected(role, 200)
    if role in ALLOWED:
        assert PHONE in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        assert (
            PhoneReveal.objects.filter(user=users[role], report=report, granted=True).count() == 1
        )
        # Shown once: the next view is masked again.
        assert (
            PHONE not in client.get(reverse("reports:inspect", args=[report.pk])).content.decode()
        )
    elif role != "anonymous":
        assert PhoneReveal.objects.filter(user=users[role], granted=False).count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_list_and_export(client, users, report, role):
    _login(client, users, role)
    listing = client.get(reverse("reports:index"))
    export = _export(client)
    if role == "anonymous":
        assert listing.status_code == 302 and export.status_code == 302
        return
    assert listing.status_code == 200 and export.status_code == 200
    csv_text = _text(export)
    visible = role in ALLOWED
    assert (report.tracking_number in listing.content.decode()) == visible
    assert (report.tracking_number in csv_text) == visible


def test_user_without_a_role_cannot_open_reports(client, report):
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user("nobody", password="x-123456789")
    login_with_mfa(client, nobody)
    assert client.get(reverse("reports:index")).status_code in (302, 403)


def test_phones_are_masked_in_list_detail_and_csv(client, users, report):
    login_with_mfa(client, users["admin"])
    listing = client.get(reverse("reports:index")).content.decode()
    csv_text = _text(_export(client))
    detail = client.get(reverse("reports:inspect", args=[report.pk])).content.decode()
    assert not PHONE_PATTERN.search(listing)
    assert not PHONE_PATTERN.search(csv_text)
    assert "138****5678" in listing and "138****5678" in csv_text and "138****5678" in detail
    assert PHONE not in detail


def test_filters_and_search(client, users, report, category, unit_y):
    other, _ = submit_report(category=category, description="路灯不亮", unit=unit_y)
    login_with_mfa(client, users["admin"])
    url = reverse("reports:index")

    def numbers(**params):
        html = client.get(url, params).content.decode()
        return {r.tracking_number for r in Report.objects.all() if r.tracking_number in html}

    assert numbers() == {report.tracking_number, other.tracking_number}
    assert numbers(status="dispatched") == {report.tracking_number}
    assert numbers(unit=unit_y.pk) == {other.tracking_number}
    assert numbers(department=report.department_id) == {report.tracking_number}
    assert numbers(q="路灯") == {other.tracking_number}
    assert numbers(q=report.tracking_number) == {report.tracking_number}
    assert numbers(queue="overdue") == set()


def test_detail_offers_canned_replies_and_records_the_reply(client, users, report):
    login_with_mfa(client, users["dept"])
    html = client.get(reverse("reports:inspect", args=[report.pk])).content.decode()
    assert "已安排维修人员上门处理" in html
    client.post(
        reverse("reports:transition", args=[report.pk]),
        {"to_status": "resolved", "public_reply": "已安排维修人员上门处理。"},
    )
    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    assert report.events.last().actor == users["dept"]


def test_department_staff_cannot_redispatch(client, users, report, other_department):
    login_with_mfa(client, users["dept"])
    client.post(
        reverse("reports:transition", args=[report.pk]),
        {"to_status": "accepted"},
    )
    report.refresh_from_db()
    assert report.status == Status.DISPATCHED


def test_csv_cells_cannot_run_as_formulas(client, users, category, unit_x):
    submit_report(category=category, description='=HYPERLINK("http://x")', unit=unit_x)
    login_with_mfa(client, users["admin"])
    csv_text = _text(_export(client))
    assert "'=HYPERLINK" in csv_text


def test_district_admin_group_sees_every_report_and_edits_categories(client, report, unit_y):
    from django.contrib.auth.models import Group

    from core.groups import role_group
    from feedback.permissions import DISTRICT_ADMIN_PERMISSION
    from units.teams import DEPARTMENT_GROUP_PREFIX

    from .conftest import _user

    assert Group.objects.filter(name__startswith=DEPARTMENT_GROUP_PREFIX).count() >= 13
    district = _user("district")
    district.groups.add(role_group(DISTRICT_ADMIN_PERMISSION))
    login_with_mfa(client, district)
    assert client.get(reverse("reports:inspect", args=[report.pk])).status_code == 200
    assert report.tracking_number in client.get(reverse("reports:index")).content.decode()
    assert client.get("/admin/snippets/feedback/category/").status_code == 200


def _bulk_reports(category, unit, count):
    """`count` reports written in one go (the admin's speed does not depend on how)."""
    from django.utils import timezone

    now = timezone.now()
    made = Report.objects.bulk_create(
        Report(category=category, unit=unit, description=f"批量工单 {n}", created_at=now)
        for n in range(count)
    )
    for item in made:
        item.tracking_number = f"JH-2026-{item.pk:06d}"
    Report.objects.bulk_update(made, ["tracking_number"])
    return made


@pytest.mark.parametrize("role", ["admin", "staff_x", "dept"])
def test_listing_queries_are_few_and_never_count_the_whole_table(
    client, users, report, category, unit_x, role, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _bulk_reports(category, unit_x, 60)
    login_with_mfa(client, users[role])
    client.get(reverse("reports:index"))  # warm: sessions, permissions, site
    with CaptureQueriesContext(connection) as captured:
        with django_assert_max_num_queries(20):
            response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT" in sql.upper() for sql in counts), counts


@pytest.mark.parametrize("role", ["admin", "staff_x", "dept"])
def test_detail_queries_are_few(client, users, report, role, django_assert_max_num_queries):
    login_with_mfa(client, users[role])
    client.get(reverse("reports:inspect", args=[report.pk]))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("reports:inspect", args=[report.pk])).status_code == 200


def test_a_long_list_pages_on_without_a_total(client, users, category, unit_x, monkeypatch):
    from core.pagination import BoundedCountPaginator

    monkeypatch.setattr(BoundedCountPaginator, "count_bound", 40)
    made = _bulk_reports(category, unit_x, 130)  # 6 pages of 25
    login_with_mfa(client, users["admin"])
    first = client.get(reverse("reports:index")).content.decode()
    assert "超过 50 条" in first  # counted as far as the page after this one
    third = client.get(reverse("reports:index"), {"p": 3}).content.decode()
    newest_first = sorted(made, key=lambda r: -r.pk)
    assert newest_first[50].tracking_number in third and newest_first[74].tracking_number in third
    assert newest_first[49].tracking_number not in third
    assert newest_first[75].tracking_number not in third
    # Beyond the last page: the last page, as Django's paginator does.
    assert client.get(reverse("reports:index"), {"p": 9}).status_code == 200


def test_spreadsheet_exports_are_masked_in_both_formats(client, users, report):
    import io

    from openpyxl import load_workbook

    login_with_mfa(client, users["admin"])
    text = _text(_export(client))
    assert text.splitlines()[0].startswith("工单编号,提交时间,状态")
    assert "138****5678" in text and PHONE not in text
    workbook = load_workbook(io.BytesIO(b"".join(_export(client, "xlsx").streaming_content)))
    cells = [str(c.value) for row in workbook.active.iter_rows() for c in row if c.value]
    assert report.tracking_number in cells and "138****5678" in cells
    assert not any(PHONE_PATTERN.search(cell) for cell in cells)


def test_sloppy_tracking_number_search(client, users, report):
    login_with_mfa(client, users["admin"])
    year, number = report.tracking_number.split("-")[1:]
    html = client.get(reverse("reports:index"), {"q": f"jh{year}{int(number)}"}).content.decode()
    assert report.tracking_number in html


def test_canned_replies_are_one_tap_buttons_from_a_static_script(client, users, report):
    login_with_mfa(client, users["dept"])
    html = client.get(reverse("reports:inspect", args=[report.pk])).content.decode()
    assert 'data-canned-reply="已安排维修人员上门处理。"' in html
    assert "js/canned-replies.js" in html


def test_staff_revoke_the_residents_links(client, users, report):
    from feedback import links

    token = links.make_token(report)
    login_with_mfa(client, users["dept"])
    client.post(reverse("reports:revoke_links", args=[report.pk]))
    assert links.report_for(token) == report  # department staff may not
    login_with_mfa(client, users["staff_x"])
    client.post(reverse("reports:revoke_links", args=[report.pk]))
    with pytest.raises(links.LinkError):
        links.report_for(token)
    assert report.events.filter(kind="revoke_link", actor=users["staff_x"]).exists()
