import csv
import io
import json

import pytest

from core.periods import current_period, previous
from demo.factories.accounts import login_with_mfa
from ratings import stats
from ratings.models import Rating
from units.models import DepartmentPage, DispatchedStaff

pytestmark = pytest.mark.django_db


def _add(department, unit, period, *scores):
    for a, b, c in scores:
        Rating.objects.create(
            department=department,
            unit=unit,
            period=period,
            attitude=a,
            efficiency=b,
            effectiveness=c,
        )


@pytest.fixture
def figures(post):
    """Hand-computed: this quarter 5 ratings, last quarter 3 (too few)."""
    department, unit = post
    now = current_period()
    _add(department, unit, now, (5, 4, 3), (4, 4, 2), (3, 5, 4), (5, 3, 1), (1, 2, 5))
    _add(department, unit, previous(now), (5, 5, 5), (4, 4, 4), (3, 3, 3))
    return department, unit


def test_scorecard_arithmetic(figures):
    department, _unit = figures
    trend = stats.scorecard(department=department)
    current, last = trend[-1], trend[-2]
    # attitude (5+4+3+5+1)/5 = 3.6; efficiency (4+4+5+3+2)/5 = 3.6; effectiveness 15/5 = 3.0
    assert current.count == 5
    assert current.averages == {"attitude": 3.6, "efficiency": 3.6, "effectiveness": 3.0}
    assert current.overall == 3.4
    assert current.distribution["attitude"] == [1, 0, 1, 1, 2]
    assert current.distribution["effectiveness"] == [1, 1, 1, 1, 1]
    # Below the minimum sample: counted, distributed, but no average.
    assert last.count == 3 and not last.enough
    assert last.averages == {} and last.overall is None
    assert last.distribution["attitude"] == [0, 0, 1, 1, 1]
    assert [s.period for s in trend][-2:] == [previous(current_period()), current_period()]


def test_flagged_ratings_are_left_out(figures):
    department, _unit = figures
    Rating.objects.filter(period=current_period(), attitude=1).update(flagged=True)
    current = stats.scorecard(department=department)[-1]
    assert current.count == 4 and not current.enough


def test_department_page_shows_figures_chart_and_insufficient_sample(client, figures):
    department, _unit = figures
    response = client.get(f"{department.url}scorecard/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "3.4" in html and "3.6" in html
    assert "样本不足" in html  # last quarter
    assert "<svg" in html and "<title id=" in html and "<desc id=" in html
    assert "stroke-dasharray" in html  # series differ without colour


def test_station_page(client, figures):
    department, unit = figures
    response = client.get(f"{unit.url}scorecard/")
    assert response.status_code == 200
    assert "3.4" in response.content.decode()


def test_previous_quarter_can_be_chosen(client, figures):
    department, _unit = figures
    html = client.get(
        f"{department.url}scorecard/", {"period": previous(current_period())}
    ).content.decode()
    assert previous(current_period(), 2) in html


def test_ranking_puts_insufficient_samples_last(client, figures):
    department, unit = figures
    other = (
        DepartmentPage.objects.exclude(pk=department.pk)
        .filter(pk__in=DispatchedStaff.objects.values("department_id"))
        .first()
    )
    _add(other, unit, current_period(), *[(5, 5, 4)] * 6)
    rows = stats.ranking(current_period())
    assert rows[0]["department"] == other and rows[0]["rank"] == 1
    assert rows[0]["overall"] == round((5 + 5 + 4) / 3, 2)
    assert rows[1]["department"] == department and rows[1]["rank"] == 2
    assert all(r["overall"] is None for r in rows[2:])
    html = client.get("/ratings/ranking/").content.decode()
    assert html.index(other.title) < html.index(department.title)


def test_the_kept_ranking_follows_a_new_rating_at_once(client, figures):
    department, unit = figures
    client.get("/ratings/ranking/")  # the caches' first use starts their generations
    client.get("/ratings/ranking/")
    assert client.get("/ratings/ranking/")["X-Cache"] == "hit"
    # Six top marks for a department without a ranking yet put it first, at once.
    other = (
        DepartmentPage.objects.exclude(pk=department.pk)
        .filter(pk__in=DispatchedStaff.objects.values("department_id"))
        .first()
    )
    _add(other, unit, current_period(), *[(5, 5, 5)] * 6)
    response = client.get("/ratings/ranking/")
    html = response.content.decode()
    assert response["X-Cache"] == "miss" and html.index(other.title) < html.index(department.title)


def test_open_data_csv_and_json(client, figures):
    department, _unit = figures
    response = client.get("/ratings/open-data/ratings.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r["department_id"] == str(department.pk))
    assert row["count"] == "5" and row["attitude"] == "3.6" and row["overall"] == "3.4"
    assert "user" not in rows[0] and "comment" not in rows[0]

    data = json.loads(client.get("/ratings/open-data/ratings.json").content)
    entry = next(d for d in data["departments"] if d["department_id"] == department.pk)
    assert entry["effectiveness"] == 3.0 and data["period"] == current_period()
    last = json.loads(
        client.get(
            "/ratings/open-data/ratings.json", {"period": previous(current_period())}
        ).content
    )
    entry = next(d for d in last["departments"] if d["department_id"] == department.pk)
    assert entry["count"] == 3 and entry["overall"] is None


def test_admin_scorecards_with_drill_down_and_export(client, figures, django_user_model):
    from demo.factories.accounts import with_mfa

    department, unit = figures
    admin = with_mfa(django_user_model.objects.create_superuser("chief", "c@example.test", "x"))
    login_with_mfa(client, admin)
    html = client.get("/admin/ratings/scorecards/").content.decode()
    assert f"/admin/ratings/scorecards/{department.pk}/" in html and "3.4" in html
    html = client.get(f"/admin/ratings/scorecards/{department.pk}/").content.decode()
    assert unit.title in html and "3.6" in html
    response = client.get("/admin/ratings/scorecards/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:4] == [current_period(), department.title, unit.title, "5"]
    assert rows[1][4:] == ["3.6", "3.6", "3.0"]


def test_scorecard_pages_have_bounded_queries(client, figures, django_assert_max_num_queries):
    department, unit = figures
    client.get("/")  # warm the navigation cache
    with django_assert_max_num_queries(25):
        assert client.get(f"{department.url}scorecard/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(f"{unit.url}scorecard/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get("/ratings/ranking/").status_code == 200


def test_whistle_report_rates_appear_when_the_feedback_app_is_installed(client, figures):
    from django.apps import apps

    department, _unit = figures
    html = client.get(f"{department.url}scorecard/").content.decode()
    assert ("响应率" in html and "满意率" in html) == apps.is_installed("feedback")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_station_links_are_wagtails_own_addresses(post, rf, language):
    """The department scorecard's station links are built from columns, not page objects:
    each equals the address Wagtail gives the station's copy in the reader's language."""
    from django.utils import translation

    from core.locale import localized
    from ratings import services
    from ratings.links import scorecard_links
    from ratings.views import scorecard_url

    department, _unit = post
    with translation.override(language):
        links = scorecard_links(services.units_for(department), rf.get("/"))
        units = list(services.units_for(department))
        copies = localized(units)
        expected = [(u.pk, copies[u.pk].title, scorecard_url(copies[u.pk])) for u in units]
    assert links and [(link.pk, link.title, link.scorecard_link) for link in links] == expected
    if language == "en":
        assert all(link.scorecard_link.startswith("/en/") for link in links)
