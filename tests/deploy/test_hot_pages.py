"""Query counts of the hot pages, pinned for a signed-in resident on both paths: the render
(the page's first view after a publish, or after its cache entry expired) and the shared copy
that every later view reads (core/cache.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from core import cache as page_cache
from demo.factories.ratings import make_resident
from home.models import DistrictSettings
from units.models import DepartmentPage, DirectoryPage, NoticeIndexPage, UnitPage

pytestmark = pytest.mark.django_db

# The session and the user (the test settings keep sessions in the database; production
# reads them from Redis, one query less).
SHARED_COPY_MAX_QUERIES = 2


def _station():
    return UnitPage.objects.source().get(title="海馨园邻里之家")


def _department():
    return DepartmentPage.objects.source().live().order_by("path").first()


# (name, path, most queries to render it), as measured. Each count includes the session and
# the user (2), Wagtail's routing (site, locale, the page: 3-4 on the one-query route, more on
# sub-routes), the site settings, and the navigation (6), which is computed again after a
# publish once per process, and after a publish the restricted subtrees no list may show
# (core.visibility, 1); pages of the directory also read the view restrictions of their
# ancestors in both languages (units/models/restrictions.py, 2); the rest is the page's own.
# Scorecards are never kept by the page cache (their figures move with every rating).
PAGES = [
    ("home", lambda: "/", 14),
    ("station", lambda: _station().url, 24),
    ("station notices", lambda: _station().notices_url, 29),
    ("notice list", lambda: NoticeIndexPage.objects.source().get().url, 24),
    ("notice list p5", lambda: NoticeIndexPage.objects.source().get().url + "?page=5", 23),
    ("directory", lambda: DirectoryPage.objects.source().get().url, 21),
    ("department", lambda: _department().url, 22),
    ("station scorecard", lambda: _station().url + "scorecard/", 27),
    ("department scorecard", lambda: _department().url + "scorecard/", 23),
    ("ranking", lambda: "/ratings/ranking/", 13),
]


@pytest.fixture
def resident_client(client, demo, django_user_model):
    # Made now rather than by the first page view: that save would move the generation on.
    DistrictSettings.for_site(Site.objects.get(is_default_site=True))
    client.force_login(make_resident(django_user_model, "hot-pages@example.test"))
    return client


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return response, captured.captured_queries


@pytest.mark.parametrize(("name", "path", "most"), PAGES, ids=[p[0] for p in PAGES])
def test_hot_page_queries_are_pinned(resident_client, name, path, most):
    path = path()
    resident_client.get(path)  # warm what every process loads once (URL resolvers, locales)
    page_cache.bump_generation()  # as a publish does: the next view renders the page
    response, queries = _queries(resident_client, path)
    assert response["X-Cache"] == "miss", name
    assert len(queries) <= most, "\n".join(q["sql"] for q in queries)
    assert "我的账户" in response.content.decode()

    # Then everyone gets the shared copy (scorecards too, until a rating changes).
    response, queries = _queries(resident_client, path)
    assert response["X-Cache"] == "hit", name
    assert len(queries) <= SHARED_COPY_MAX_QUERIES, "\n".join(q["sql"] for q in queries)


def test_report_form_queries_are_pinned(resident_client):
    station = _station()
    resident_client.get("/feedback/")
    page_cache.bump_generation()
    # Session and user, categories, the chosen station, the stations grouped by community (two
    # queries, however many stations), the restricted subtrees, the site settings, and the
    # navigation after the publish (one query per section).
    response, queries = _queries(resident_client, f"/feedback/?unit={station.pk}")
    assert len(queries) <= 17, "\n".join(q["sql"] for q in queries)
    # Everyone then gets the shared copy; a signed-in resident's offer of progress mails to
    # their own address is a personal slot (one query: tests/feedback/test_report_form.py).
    response, queries = _queries(resident_client, f"/feedback/?unit={station.pk}")
    assert response["X-Cache"] == "hit"
    assert len(queries) <= SHARED_COPY_MAX_QUERIES + 1, "\n".join(q["sql"] for q in queries)
    assert "h***@example.test" in response.content.decode()


# Staff pages (issue 19): the report admin as a district report admin sees it, as measured.
# Wagtail's admin chrome (session, user, authenticator, permissions, menu, locales) takes about
# ten; the list adds its bounded count, one page of reports and their overdue marks (the
# station chosen, when filtered by one); the inspect view the report, its history, photos and
# the choices of its action forms. None of it grows with the number of reports
# (bench/page_times.py --preset staff times them at 500,000).
STAFF_PAGES = [
    ("report list", "", 13),
    ("report list p3", "?p=3", 13),
    ("report list by status", "?status=in_progress", 13),
    ("report list by station", "?unit={unit}", 16),
    ("report list station+status", "?unit={unit}&status=resolved", 16),
    ("overdue queue", "?queue=overdue", 13),
]
INSPECT_MAX_QUERIES = 12


@pytest.fixture
def staff_client(client, demo, django_user_model):
    from django.utils import timezone

    from demo.factories.accounts import login_with_mfa, with_mfa
    from feedback.models import Category, Report, Status

    category = Category.objects.active().first()
    station = _station()
    now = timezone.now()
    statuses = [Status.SUBMITTED, Status.IN_PROGRESS, Status.RESOLVED]
    Report.objects.bulk_create(
        Report(
            category=category,
            unit=station,
            department=category.department,
            description=f"热点页面工单 {i}",
            status=statuses[i % 3],
            urgency=category.urgency,
            respond_by=now - timezone.timedelta(days=i % 2),
            resolve_by=now - timezone.timedelta(days=i % 2),
            created_at=now - timezone.timedelta(minutes=i),
        )
        for i in range(120)
    )
    admin = with_mfa(
        django_user_model.objects.create_user(
            "hot-pages-admin", password="pw-test-123", is_staff=True, is_superuser=True
        )
    )
    login_with_mfa(client, admin)
    return client


@pytest.mark.parametrize(("name", "query", "most"), STAFF_PAGES, ids=[p[0] for p in STAFF_PAGES])
def test_staff_report_list_queries_are_pinned(staff_client, name, query, most):
    path = "/admin/reports/" + query.format(unit=_station().pk)
    staff_client.get(path)  # what every admin process loads once
    response, queries = _queries(staff_client, path)
    assert len(queries) <= most, "\n".join(q["sql"] for q in queries)
    assert 'href="/admin/reports/inspect/' in response.content.decode()


def test_staff_report_inspect_queries_are_pinned(staff_client):
    from feedback.models import Report

    path = f"/admin/reports/inspect/{Report.objects.latest('pk').pk}/"
    staff_client.get(path)
    response, queries = _queries(staff_client, path)
    assert len(queries) <= INSPECT_MAX_QUERIES, "\n".join(q["sql"] for q in queries)
