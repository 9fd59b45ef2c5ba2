"""Every report lands at its station: the compound typed finds it when no station was chosen;
what fits several stations or none waits in a triage queue district staff see; staff move a
report to another station with an event in its timeline."""

import json

import pytest
from django.urls import reverse

from core.groups import role_group
from demo.factories.accounts import login_with_mfa
from feedback.models import EventKind, Report, StationMatch
from feedback.permissions import DISTRICT_ADMIN_PERMISSION

from .conftest import _user

URL = "/feedback/"


@pytest.fixture
def district(users):
    person = _user("district")
    person.groups.add(role_group(DISTRICT_ADMIN_PERMISSION))
    person.email = "district@example.test"
    person.save()
    return person


def _listed(client, user, **params):
    login_with_mfa(client, user)
    html = client.get(reverse("reports:index"), params).content.decode()
    return {r.tracking_number for r in Report.objects.all() if r.tracking_number in html}


def test_a_compound_only_report_reaches_its_stations_staff(client, form_data, users):
    client.post(URL, form_data(unit="", compound="海馨園3号楼"))  # Traditional, with building
    report = Report.objects.get()
    assert report.unit.title == "海馨园邻里之家"
    assert report.station_match == StationMatch.MATCHED
    assert report.proposed_department == report.category.department
    assert _listed(client, users["staff_x"]) == {report.tracking_number}
    assert _listed(client, users["staff_y"]) == set()


def test_a_chosen_station_wins_over_the_compound(client, form_data, unit_y):
    client.post(URL, form_data(unit=str(unit_y.pk), compound="海馨园"))
    report = Report.objects.get()
    assert report.unit == unit_y and report.station_match == StationMatch.CHOSEN


def test_an_ambiguous_compound_waits_in_the_district_queue(
    client, form_data, users, district, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data(unit="", compound="裕华"))
    report = Report.objects.get()
    assert report.unit is None and report.station_match == StationMatch.AMBIGUOUS
    assert {u.title for u in report.candidate_units.all()} == {"裕华园邻里之家", "裕华里邻里之家"}
    assert report.town.title == "静海镇"
    # Never to nobody: the district's report admins are told and see it in their queue.
    assert any(
        "district@example.test" in m.to and report.tracking_number in m.body for m in mailoutbox
    )
    assert _listed(client, district, queue="triage") == {report.tracking_number}
    assert _listed(client, users["staff_x"]) == set()
    login_with_mfa(client, district)
    html = client.get(reverse("reports:index")).content.decode()
    assert "待分派（1）" in html


def test_an_unknown_compound_is_unmatched_and_queued(client, form_data, district):
    client.post(URL, form_data(unit="", compound="北京路某小区"))
    report = Report.objects.get()
    assert report.unit is None and report.station_match == StationMatch.UNMATCHED
    assert _listed(client, district, queue="triage") == {report.tracking_number}


def test_district_staff_assign_a_queued_report_with_one_tap(client, form_data, users, district):
    client.post(URL, form_data(unit="", compound="裕华"))
    report = Report.objects.get()
    login_with_mfa(client, district)
    html = client.get(reverse("reports:inspect", args=[report.pk])).content.decode()
    target = report.candidate_units.get(title="裕华园邻里之家")
    assert "分派给裕华园邻里之家" in html
    response = client.post(reverse("reports:reassign", args=[report.pk]), {"unit": target.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.unit == target and report.station_match == StationMatch.ASSIGNED
    assert not report.candidate_units.exists()
    event = report.events.get(kind=EventKind.REASSIGN)
    assert event.actor == district and event.from_unit is None and event.unit == target
    assert _listed(client, users["staff_y"]) == {report.tracking_number}
    assert _listed(client, district, queue="triage") == set()


def test_station_staff_pass_a_report_on_department_staff_cannot(
    client, form_data, users, unit_x, unit_y, department
):
    from feedback.models import Status
    from feedback.services import transition

    client.post(URL, form_data())
    report = Report.objects.get()
    transition(report, Status.DISPATCHED, department=department)
    login_with_mfa(client, users["dept"])
    refused = client.post(reverse("reports:reassign", args=[report.pk]), {"unit": unit_y.pk})
    assert refused.status_code in (302, 403) and refused.get("Location", "/admin/") == "/admin/"
    assert Report.objects.get(pk=report.pk).unit == unit_x
    login_with_mfa(client, users["staff_x"])
    inspect = client.get(reverse("reports:inspect", args=[report.pk])).content.decode()
    assert "page-chooser" in inspect  # the chooser's script, or the picker does nothing
    passed = client.post(
        reverse("reports:reassign", args=[report.pk]),
        {"unit": unit_y.pk, "note": "不在本站服务范围"},
    )
    report.refresh_from_db()
    assert report.unit == unit_y
    # The station no longer sees it: back to its list, not to a page it may not open.
    assert passed["Location"] == reverse("reports:index")
    # The resident's timeline says so; the internal note stays internal.
    client.logout()
    client.post("/feedback/status/", {"tracking_number": report.tracking_number, "last4": "5678"})
    html = client.get(f"/feedback/status/{report.tracking_number}/").content.decode()
    assert "转交其他邻里之家" in html and unit_y.title in html
    assert "不在本站服务范围" not in html


@pytest.mark.parametrize(
    "compound,status,titles",
    [
        ("海馨园", "matched", ["海馨园邻里之家"]),
        ("玉华园", "matched", ["裕华园邻里之家"]),
        ("裕华", "ambiguous", ["裕华园邻里之家", "裕华里邻里之家"]),
        ("北京路", "unmatched", []),
    ],
)
def test_the_form_shows_where_the_report_will_go(client, demo, compound, status, titles):
    data = json.loads(
        client.get(reverse("feedback:station_preview"), {"compound": compound}).content
    )
    assert data["status"] == status
    found = [data["unit"]["title"]] if data["unit"] else [c["title"] for c in data["candidates"]]
    assert sorted(found) == sorted(titles)


def test_a_form_sent_back_says_where_it_would_go(client, form_data):
    html = client.post(URL, form_data(unit="", compound="玉华园", consent=None)).content.decode()
    assert "将提交给：裕华园邻里之家" in html
    assert "js/report-station.js" in html and 'id="station-preview"' in html


@pytest.mark.parametrize("garbled", ["abc", "1.5", "²", "99999999999999999999"])
def test_a_garbled_station_id_asks_for_a_choice(client, form_data, district, garbled):
    client.post(URL, form_data(unit="", compound="裕华"))
    report = Report.objects.get()
    login_with_mfa(client, district)
    response = client.post(reverse("reports:reassign", args=[report.pk]), {"unit": garbled})
    assert response.status_code == 200 and "请选择要转派的邻里之家" in response.content.decode()
    assert Report.objects.get(pk=report.pk).unit is None
