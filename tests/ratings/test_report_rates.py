"""The whistle-report rates (响应率, 解决率, 满意率) per quarter on the scorecards."""

import csv
import datetime
import io
import json
import re

import pytest
from django.apps import apps
from django.utils import timezone

from core import periods
from demo.factories.accounts import login_with_mfa
from ratings import stats

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("feedback"), reason="needs the feedback app"),
]

# 2025Q4 began at 2025-10-01 00:00 Beijing time, which is 2025-09-30 16:00 UTC.
NOW = timezone.make_aware(datetime.datetime(2025, 10, 15, 12, 0))


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def category(demo):
    from feedback.models import Category

    return Category.objects.exclude(department=None).order_by("pk").first()


def _report(category, unit, created, *, responded=None, status="submitted", satisfaction=""):
    """responded: hours after creation; the response deadline is 24 hours."""
    from feedback.models import Report

    return Report.objects.create(
        category=category,
        department=category.department,
        unit=unit,
        description="测试工单",
        created_at=created,
        respond_by=created + datetime.timedelta(hours=24),
        resolve_by=created + datetime.timedelta(days=7),
        responded_at=created + datetime.timedelta(hours=responded) if responded else None,
        status=status,
        satisfaction=satisfaction,
    )


@pytest.fixture
def reports(category, post):
    _department, unit = post
    add = lambda *a, **k: _report(category, unit, *a, **k)  # noqa: E731
    add(at(2025, 6, 30, 23, 59, 59), responded=1, status="closed", satisfaction="satisfied")  # Q2
    # 2025Q3: 4 received; 2 answered in time; 3 resolved or closed; 2 rated, 1 satisfied.
    add(at(2025, 7, 1, 0, 0), responded=1, status="closed", satisfaction="satisfied")
    add(at(2025, 8, 10, 9, 0), responded=30, status="resolved")  # answered late
    add(at(2025, 9, 15, 9, 0), responded=2, status="closed", satisfaction="dissatisfied")
    add(at(2025, 9, 30, 23, 59, 59))  # never answered
    # 2025Q4 up to NOW: 2 received; both answered in time; 1 closed, rated 基本满意.
    # The first is still 30 September in UTC.
    add(at(2025, 10, 1, 0, 0), responded=3, status="closed", satisfaction="basically")
    add(at(2025, 10, 14, 9, 0), responded=1, status="in_progress")
    add(at(2025, 10, 16, 9, 0))  # after NOW: not yet received
    return category.department, unit


def test_quarter_bounds_follow_beijing_time():
    start, end = periods.datetime_bounds("2025Q4")
    assert start == at(2025, 10, 1) and end == at(2026, 1, 1)
    assert start.astimezone(datetime.UTC) == datetime.datetime(2025, 9, 30, 16, tzinfo=datetime.UTC)
    assert periods.current_period(NOW) == "2025Q4"
    assert periods.current_period(at(2025, 9, 30, 23, 59)) == "2025Q3"


def test_hand_computed_rates_at_the_quarter_boundary(reports):
    from feedback.stats import department_quarter_stats, unit_quarter_stats

    department, unit = reports
    q3 = department_quarter_stats(department, "2025Q3", now=NOW)
    assert (q3["received"], q3["responded"], q3["resolved"]) == (4, 2, 3)
    assert (q3["rated"], q3["satisfied"]) == (2, 1)
    assert (q3["response_rate"], q3["resolution_rate"], q3["satisfaction_rate"]) == (50, 75, 50)
    q4 = department_quarter_stats(department, "2025Q4", now=NOW)
    assert (q4["received"], q4["responded"], q4["resolved"], q4["rated"]) == (2, 2, 1, 1)
    assert (q4["response_rate"], q4["resolution_rate"], q4["satisfaction_rate"]) == (100, 50, 100)
    assert unit_quarter_stats(unit, "2025Q3", now=NOW)["received"] == 4


def test_two_quarters_in_one_query_equal_each_counted_alone(reports):
    from feedback.stats import department_quarter_stats, department_quarters_stats

    department, _unit = reports
    both = department_quarters_stats(department, ["2025Q3", "2025Q4"], now=NOW)
    for figures, period in zip(both, ["2025Q3", "2025Q4"], strict=True):
        alone = department_quarter_stats(department, period, now=NOW)
        alone.pop("overdue")
        assert figures == alone


def test_nothing_to_divide_gives_none_and_the_page_says_insufficient(client, reports, category):
    from feedback.stats import department_quarter_stats

    department, unit = reports
    empty = department_quarter_stats(department, "2024Q1", now=NOW)
    assert empty["received"] == 0
    assert empty["response_rate"] is None and empty["resolution_rate"] is None
    assert empty["satisfaction_rate"] is None
    # Received but nobody has rated yet: only the satisfaction rate is missing.
    _report(category, unit, at(2024, 8, 1, 9, 0))
    unrated = department_quarter_stats(department, "2024Q3", now=NOW)
    assert (unrated["received"], unrated["response_rate"], unrated["resolution_rate"]) == (1, 0, 0)
    assert unrated["satisfaction_rate"] is None
    html = client.get(f"{department.url}scorecard/", {"period": "2024Q2"}).content
    section = html.decode().split('id="report-rates-heading"')[1].split("</section>")[0]
    assert "2024Q1" in section and "2024Q2" in section
    cells = re.findall(r"<td data-label=\"\d{4}Q\d\">\s*样本不足\s*</td>", section)
    assert len(cells) == 6  # three rates, two quarters


def test_scorecards_show_both_quarters_with_definitions(client, reports):
    department, unit = reports
    html = client.get(f"{department.url}scorecard/", {"period": "2025Q4"}).content
    section = html.decode().split('id="report-rates-heading"')[1].split("</section>")[0]
    # Without a fixed clock the 16 October report counts too: Q4 is 3 received, 2 in time,
    # 1 resolved, 1 of 1 rated satisfied.
    assert section.index("2025Q3") < section.index("2025Q4")
    for figure in ("50%", "75%", "67%", "33%", "100%"):
        assert figure in section
    assert "按时限受理的工单数" in section and "居民确认办结时评价" in section
    html = client.get(f"{unit.url}scorecard/", {"period": "2025Q4"}).content.decode()
    assert 'id="report-rates-heading"' in html and "75%" in html


def test_satisfaction_that_closes_a_report_counts_for_the_department(category, post):
    from feedback.models import Status
    from feedback.services import confirm, submit_report, transition
    from feedback.stats import department_quarter_stats

    _department, unit = post
    department = category.department
    period = periods.current_period()
    before = department_quarter_stats(department, period, now=timezone.now())
    report, _created = submit_report(category=category, description="路灯不亮", unit=unit)
    transition(report, Status.ACCEPTED)
    transition(report, Status.DISPATCHED)
    transition(report, Status.RESOLVED, public_reply="已修复")
    confirm(report, "basically")
    after = department_quarter_stats(department, period, now=timezone.now())
    assert after["rated"] == before["rated"] + 1
    assert after["satisfied"] == before["satisfied"] + 1
    assert stats.report_rates(department=department)["quarters"][1]["satisfied"] == 1


def test_a_scorecard_is_kept_until_a_rating_changes(client, reports, category):
    """A scorecard is kept by the page cache under the `ratings` generation: every rating
    written, re-rated, moderated or deleted shows at once, on every app server. Its report
    rates, like a station page's report figures, are at most PAGE_CACHE_SECONDS old."""
    from ratings.models import Rating

    department, unit = reports
    url = f"{department.url}scorecard/?period=2025Q3"
    client.get(url)  # the caches' first use starts their generations
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    # A new report does not make the kept page stale (reports move no generation on).
    _report(category, unit, at(2025, 8, 1, 9, 0))
    assert client.get(url)["X-Cache"] == "hit"
    # A rating does, at once.
    rating = Rating.objects.create(
        department=department,
        unit=unit,
        period="2025Q3",
        attitude=5,
        efficiency=5,
        effectiveness=5,
        comment="窗口服务很耐心",
        comment_status=Rating.CommentStatus.APPROVED,
    )
    fresh = client.get(url)
    assert fresh["X-Cache"] == "miss" and "窗口服务很耐心" in fresh.content.decode()
    # The new report is counted in that render: 5 received in 2025Q3.
    received = re.compile(r"收到工单</th>\s*<td[^>]*>\d+</td>\s*<td[^>]*>(\d+)</td>")
    assert received.search(fresh.content.decode()).group(1) == "5"
    assert client.get(url)["X-Cache"] == "hit"
    # Moderation (a queryset update) and deletion too.
    Rating.objects.filter(pk=rating.pk).update(comment_status=Rating.CommentStatus.REJECTED)
    hidden = client.get(url)
    assert hidden["X-Cache"] == "miss" and "窗口服务很耐心" not in hidden.content.decode()
    client.get(url)
    rating.delete()
    assert client.get(url)["X-Cache"] == "miss"


def test_ranking_and_open_data_include_the_quarter_report_rates(client, reports):
    department, _unit = reports
    data = json.loads(client.get("/ratings/open-data/ratings.json", {"period": "2025Q3"}).content)
    entry = next(d for d in data["departments"] if d["department_id"] == department.pk)
    assert entry["reports_received"] == 4
    assert (entry["response_rate"], entry["resolution_rate"], entry["satisfaction_rate"]) == (
        50,
        75,
        50,
    )
    other = next(d for d in data["departments"] if d["department_id"] != department.pk)
    assert other["reports_received"] == 0 and other["satisfaction_rate"] is None

    response = client.get("/ratings/open-data/ratings.csv", {"period": "2025Q3"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r["department_id"] == str(department.pk))
    assert (row["reports_received"], row["resolution_rate"]) == ("4", "75")

    html = client.get("/ratings/ranking/", {"period": "2025Q3"}).content.decode()
    assert "响应率" in html and "75%" in html


def test_admin_scorecards_show_the_report_rates(client, reports, django_user_model):
    from demo.factories.accounts import with_mfa

    admin = with_mfa(django_user_model.objects.create_superuser("chief", "c@example.test", "x"))
    login_with_mfa(client, admin)
    html = client.get("/admin/ratings/scorecards/", {"period": "2025Q3"}).content.decode()
    assert "满意率" in html and "75%" in html
