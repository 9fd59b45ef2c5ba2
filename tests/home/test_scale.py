"""generate_scale_data: bulk-built pages that Wagtail, the site and search treat as real ones."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from demo import scale
from feedback.models import Report, ReportEvent
from ratings.models import Rating
from units.models import NoticePage, TownPage, UnitPage

pytestmark = pytest.mark.django_db

SIZES = {"stations": 12, "notices": 120, "reports": 300, "ratings": 250}


@pytest.fixture
def built(demo):
    before = {
        "units": UnitPage.objects.count(),
        "notices": NoticePage.objects.count(),
        "reports": Report.objects.count(),
        "ratings": Rating.objects.count(),
    }
    out = io.StringIO()
    call_command(
        "generate_scale_data",
        *(f"--{name}={value}" for name, value in SIZES.items()),
        stdout=out,
        stderr=io.StringIO(),
    )
    return before, out.getvalue()


def test_counts_and_a_sound_tree(built):
    before, out = built
    assert UnitPage.objects.count() - before["units"] == 12
    assert NoticePage.objects.count() - before["notices"] == 120
    assert Report.objects.count() - before["reports"] == 300
    assert Rating.objects.count() - before["ratings"] == 250
    assert "12 stations, 120 notices, 300 reports, 250 ratings" in out
    # treebeard's own consistency check: paths, depths and child counts all agree.
    assert Page.find_problems() == ([], [], [], [], [])
    for unit in UnitPage.objects.filter(slug__startswith="s0"):
        assert unit.get_children().count() == unit.numchild == 10


def test_pages_are_served_and_found(built, client):
    unit = UnitPage.objects.get(slug="s0003")
    response = client.get(unit.url)
    assert response.status_code == 200
    assert unit.title in response.content.decode()
    notice = NoticePage.objects.child_of(unit).first()
    assert client.get(notice.url).status_code == 200
    # Indexed like any page: the station and its notices are found by the compound's name.
    found = list(UnitPage.objects.live().search(unit.title.removesuffix("邻里之家")))
    assert unit in found
    assert notice in NoticePage.objects.live().search(notice.title)
    assert all(
        t.title.endswith(scale.MARK) for t in TownPage.objects.filter(slug__startswith="scale-")
    )


def test_reports_and_ratings_keep_the_sites_rules(built):
    report = Report.objects.order_by("-pk").first()  # the last one generated
    assert report.unit.slug.startswith("s0")
    assert re.fullmatch(r"JH-\d{4}-\d{6,}", report.tracking_number)
    assert report.tracking_number.endswith(f"{report.pk:06d}")
    assert ReportEvent.objects.filter(report=report).exists()
    # The primary-key sequence continues after the explicit ids (PostgreSQL needs a reset).
    created = Report.objects.create(category=report.category, description="序列检查")
    assert created.pk > report.pk
    # The one-per-quarter rule holds for the generated ratings too.
    assert Rating.objects.values("user", "department", "unit", "period").distinct().count() == (
        Rating.objects.count()
    )


def test_a_second_run_changes_nothing(built):
    pages = Page.objects.count()
    out = io.StringIO()
    call_command("generate_scale_data", "--stations=5", stdout=out, stderr=io.StringIO())
    assert "already present" in out.getvalue()
    assert Page.objects.count() == pages
