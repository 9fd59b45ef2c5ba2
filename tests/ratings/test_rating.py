import datetime

import pytest
from django.utils import timezone

from core.periods import current_period, last_periods, period_of, previous
from demo.factories.ratings import make_resident
from ratings.models import Rating
from units.models import DepartmentPage, DispatchedStaff

pytestmark = pytest.mark.django_db

SCORES = {"attitude": "5", "efficiency": "4", "effectiveness": "3"}


def _url(department, unit):
    return f"/ratings/rate/{unit.pk}/{department.pk}/"


def test_periods_are_quarters():
    assert period_of(datetime.date(2026, 11, 27)) == "2026Q4"
    assert period_of(datetime.date(2026, 1, 1)) == "2026Q1"
    assert previous("2026Q1") == "2025Q4"
    assert last_periods("2026Q2", 4) == ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]


def test_a_verified_resident_rates_and_may_change_it_within_the_quarter(client, post, resident):
    department, unit = post
    client.force_login(resident)
    assert client.get(_url(department, unit)).status_code == 200
    response = client.post(_url(department, unit), {**SCORES, "period": "2019Q1"})
    assert response.status_code == 302
    rating = Rating.objects.get(user=resident)
    assert rating.period == current_period()  # the client's period is ignored
    assert (rating.attitude, rating.efficiency, rating.effectiveness) == (5, 4, 3)

    client.post(_url(department, unit), {**SCORES, "attitude": "2", "comment": "窗口排队太久"})
    rating = Rating.objects.get(user=resident)
    assert rating.attitude == 2 and rating.comment == "窗口排队太久"
    assert rating.comment_status == Rating.CommentStatus.PENDING
    assert Rating.objects.filter(user=resident).count() == 1


def test_anonymous_visitors_are_sent_to_login(client, post):
    response = client.get(_url(*post))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "verified,age",
    [(False, datetime.timedelta(days=30)), (True, datetime.timedelta(hours=1))],
)
def test_unverified_or_new_accounts_get_403(client, post, django_user_model, verified, age):
    user = make_resident(django_user_model, "new@example.test", verified=verified, age=age)
    client.force_login(user)
    assert client.get(_url(*post)).status_code == 403
    assert client.post(_url(*post), SCORES).status_code == 403
    assert not Rating.objects.exists()


def test_a_new_account_is_told_when_it_may_rate(client, post, django_user_model, settings):
    settings.RATING_MIN_ACCOUNT_AGE_HOURS = 24
    user = make_resident(django_user_model, "new@example.test", age=datetime.timedelta(hours=1))
    client.force_login(user)
    html = client.get(_url(*post)).content.decode()
    ready = timezone.localtime(user.date_joined + datetime.timedelta(hours=24))
    assert "要过 24 小时才能评议" in html and f"{ready:%Y}" in html and f"{ready:%H:%M}" in html


def test_the_account_age_threshold_is_a_setting(client, post, django_user_model, settings):
    settings.RATING_MIN_ACCOUNT_AGE_HOURS = 0
    user = make_resident(django_user_model, "new@example.test", age=datetime.timedelta(0))
    client.force_login(user)
    assert client.post(_url(*post), SCORES).status_code == 302


def test_only_departments_with_staff_at_the_station_can_be_rated(client, post, resident):
    department, unit = post
    elsewhere = DepartmentPage.objects.live().exclude(
        pk__in=DispatchedStaff.objects.filter(page=unit).values("department_id")
    )
    client.force_login(resident)
    assert client.post(_url(elsewhere.first(), unit), SCORES).status_code == 404


def test_invalid_scores_are_rejected(client, post, resident):
    client.force_login(resident)
    response = client.post(_url(*post), {**SCORES, "attitude": "6"})
    assert response.status_code == 200
    assert not Rating.objects.exists()


def test_per_account_rate_limit(client, post, resident):
    client.force_login(resident)
    for _n in range(20):
        assert client.post(_url(*post), SCORES).status_code == 302
    assert client.post(_url(*post), SCORES).status_code == 429


def test_the_database_allows_one_rating_per_quarter(post, resident):
    from django.db import IntegrityError, transaction

    department, unit = post
    values = dict(attitude=3, efficiency=3, effectiveness=3, period=current_period())
    Rating.objects.create(user=resident, department=department, unit=unit, **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(user=resident, department=department, unit=unit, **values)
    Rating.objects.create(
        user=resident, department=department, unit=unit, **{**values, "period": "2020Q1"}
    )


def test_rating_page_lists_the_departments_of_a_station(client, post):
    department, unit = post
    html = client.get(f"/ratings/?unit={unit.pk}").content.decode()
    assert department.title in html and _url(department, unit) in html


def test_home_shows_the_rating_tile(client, demo):
    assert 'href="/ratings/"' in client.get("/").content.decode()


def test_timezone_decides_the_quarter(settings):
    # 2026-12-31 20:00 UTC is already 2027-01-01 in Asia/Shanghai.
    moment = datetime.datetime(2026, 12, 31, 20, tzinfo=datetime.UTC)
    assert period_of(timezone.localtime(moment).date()) == "2027Q1"
