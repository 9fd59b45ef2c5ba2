"""Staff pages stay cheap with many reports: pinned queries, and no COUNT of every report."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.pagination import BoundedCountPaginator
from demo.factories.accounts import login_with_mfa
from feedback.models import Report, Status

REPORTS = 1200
# As measured: the Wagtail admin's own chrome (session, user, profile, permissions, menu)
# takes most of these; the list adds its bounded count, one page of reports and their
# overdue marks (and the chosen station, when filtered by one); the detail the report, its
# history, photos and the forms' choices. None of it grows with the number of reports.
REPORT_LIST_MAX_QUERIES = 16
REPORT_DETAIL_MAX_QUERIES = 14


@pytest.fixture
def many_reports(users, category, unit_x, unit_y):
    now = timezone.now()
    statuses = [Status.SUBMITTED, Status.IN_PROGRESS, Status.RESOLVED]
    Report.objects.bulk_create(
        [
            Report(
                category=category,
                unit=unit_x if i % 3 else unit_y,
                description=f"批量工单 {i}",
                status=statuses[i % 3],
                urgency=category.urgency,
                respond_by=now,
                resolve_by=now,
                created_at=now - timezone.timedelta(minutes=i),
            )
            for i in range(REPORTS)
        ],
        batch_size=500,
    )
    return Report.objects.order_by("pk")


def _unbounded_counts(queries):
    """COUNT queries over the reports that have no LIMIT: a count of every matching row."""
    return [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"].upper()
        and "feedback_report" in q["sql"]
        and "LIMIT" not in q["sql"].upper()
    ]


@pytest.mark.parametrize(
    "params",
    [{}, {"p": "3"}, {"status": "in_progress"}, {"unit": "x"}, {"unit": "x", "status": "resolved"}],
)
def test_report_list_queries_are_pinned_and_never_count_every_report(
    client, users, many_reports, unit_x, params
):
    login_with_mfa(client, users["admin"])
    url = reverse("reports:index")
    params = {k: (unit_x.pk if v == "x" else v) for k, v in params.items()}
    client.get(url, params)  # warm what every admin page loads once per process
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    assert len(captured) <= REPORT_LIST_MAX_QUERIES, "\n".join(q["sql"] for q in captured)
    assert not _unbounded_counts(captured.captured_queries)
    assert response.content.decode().count('href="/admin/reports/inspect/') >= 25  # a page


def test_report_detail_queries_are_pinned(client, users, many_reports):
    login_with_mfa(client, users["admin"])
    report = many_reports.last()
    url = reverse("reports:inspect", args=[report.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) <= REPORT_DETAIL_MAX_QUERIES, "\n".join(q["sql"] for q in captured)


def test_bounded_paginator_counts_no_further_than_it_needs(many_reports):
    paginator = BoundedCountPaginator(Report.objects.order_by("-pk"), 50)
    paginator.count_bound = 100
    page = paginator.get_page(1)
    assert (paginator.count, paginator.count_is_bounded, paginator.num_pages) == (100, True, 2)
    assert page.has_next()
    paginator = BoundedCountPaginator(Report.objects.order_by("-pk"), 50)
    paginator.count_bound = 100
    page = paginator.get_page(10)
    assert page.number == 10 and page.has_next() and paginator.count_is_bounded
    paginator = BoundedCountPaginator(Report.objects.order_by("-pk"), 50)
    page = paginator.get_page(99)  # past the end: the last page, as Django's Paginator does
    assert page.number == 24 and not paginator.count_is_bounded
