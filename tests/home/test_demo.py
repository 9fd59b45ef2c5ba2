import re

import pytest
from wagtail.models import Locale, Page, Revision

from demo.data import load_demo
from units.models import Contact, DepartmentPage, DispatchedStaff, NoticePage, UnitPage

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "title", "path", "live")),
        "contacts": list(Contact.objects.order_by("pk").values_list("pk", "name", "phone")),
        "staff": list(
            DispatchedStaff.objects.order_by("pk").values_list("pk", "department_id", "phone")
        ),
        "revisions": Revision.objects.count(),
    }


def test_demo_builds_a_believable_district(demo):
    assert demo.count() >= 30
    titles = set(demo.values_list("title", flat=True))
    assert {"东方小区邻里之家", "裕华园邻里之家", "海馨园邻里之家"} <= titles
    haixin = demo.get(title="海馨园邻里之家")
    assert haixin.get_parent().title == "众泰欣苑社区"
    chinese = Locale.get_default()
    assert DepartmentPage.objects.live().filter(locale=chinese).count() == 13
    assert NoticePage.objects.live().filter(locale=chinese).count() >= 60
    for unit in demo:
        assert unit.contacts.count() >= 5
        assert unit.staff.count() >= 1
        assert unit.compounds.exists()


def test_demo_is_idempotent(demo):
    before = _snapshot()
    assert load_demo() == 0
    assert _snapshot() == before


def test_demo_people_are_marked_as_samples(demo):
    names = list(Contact.objects.values_list("name", flat=True))
    names += list(DispatchedStaff.objects.values_list("name", flat=True))
    assert names and all(name.endswith("（示例）") for name in names)


def test_every_live_page_answers_200(demo, client):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert pages.count() > 150
    failures = []
    for page in pages:
        response = client.get(page.url)
        if response.status_code != 200:
            failures.append((page.url, response.status_code))
    assert failures == []


def test_station_urls_are_readable_pinyin(demo):
    unit = UnitPage.objects.get(title="海馨园邻里之家", locale=Locale.get_default())
    assert unit.url == "/stations/jinghaizhen/zhongtaixinyuanshequ/haixinyuan/"
    assert re.fullmatch(r"[a-z0-9/-]+", unit.url)


def test_demo_history_gives_every_figure_real_numbers(demo):
    """A few hundred sample reports over two quarters, in every state, and ratings: the
    station panel, department scorecards and the ranking show figures, not 样本不足."""
    from django.db.models import Count

    from core.periods import current_period, previous
    from demo.history import load_demo_history
    from feedback import stats
    from feedback.models import Report, ReportEvent, Status
    from ratings import stats as rating_stats
    from ratings.models import Rating

    added = load_demo_history()
    reports = Report.objects.filter(idempotency_token__startswith="demo-history-")
    assert 300 <= added == reports.count() <= 500
    assert all(r.description.endswith("（示例）") for r in reports.only("description"))
    assert all(
        p.startswith("1990") for p in reports.exclude(phone="").values_list("phone", flat=True)
    )
    statuses = dict(reports.values_list("status").annotate(n=Count("pk")))
    assert {Status.CLOSED, Status.RESOLVED, Status.SUBMITTED} <= set(statuses)
    events = ReportEvent.objects.filter(report__in=reports)
    for kind in ("reopened",):
        assert events.filter(to_status=kind).exists()
    assert events.filter(kind="escalate").exists() and events.filter(kind="reassign").exists()
    assert events.exclude(public_reply="").exists()
    assert reports.triage().exists()  # the triage queue is not empty on day one

    unit = demo.get(title="海馨园邻里之家")
    assert stats.unit_stats(unit, now=None)["received"] > 0
    for period in (previous(current_period()), current_period()):
        ranking = rating_stats.ranking(period)
        assert all(row["count"] >= rating_stats.MIN_SAMPLE for row in ranking), period
        assert all(row["overall"] is not None for row in ranking)
        assert len(ranking) == 13
        for row in ranking:
            figures = stats.department_quarter_stats(row["department"], period, now=None)
            assert figures["received"] > 0 and figures["response_rate"] is not None
    assert Rating.objects.filter(user__username__startswith="demo-resident-").count() >= 200

    # Idempotent: a second run adds nothing.
    before = (Report.objects.count(), ReportEvent.objects.count(), Rating.objects.count())
    assert load_demo_history() == 0
    assert load_demo() == 0
    assert (Report.objects.count(), ReportEvent.objects.count(), Rating.objects.count()) == before


def test_dev_admin_has_a_verified_address_and_can_log_in(db, client, settings, tmp_path):
    from io import StringIO

    from allauth.account.models import EmailAddress
    from django.core.management import call_command

    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("create_dev_admin", stdout=out)
    password = (tmp_path / "dev-admin.txt").read_text().split()[1]
    address = EmailAddress.objects.get(user__username="admin")
    assert address.verified and address.primary
    assert address.email in out.getvalue() and password in out.getvalue()
    response = client.post("/accounts/login/", {"login": address.email, "password": password})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    call_command("create_dev_admin", stdout=StringIO())  # again: the same account
    assert EmailAddress.objects.filter(user__username="admin").count() == 1
