"""Issue 15, item 5: a Redis outage is not a site outage.

The topology's own Redis is stopped mid-test: pages still answer from the database, a resident
can still sign in and stay signed in (sessions are stored in the database), reports are still
accepted, /healthz says "degraded" with 200 (the server keeps its traffic), and the rate limits
still hold, counted in each app server process (core/cache_backend.py): one resident reaches the
limit within limit × processes attempts, another is not affected. When Redis returns, so does
"ok".
"""

import time

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from feedback.models import Category, Report
from units.models import UnitPage

from .helpers import lookup, password_login, submit_reports, tracking_number

pytestmark = pytest.mark.slow

PASSWORD = "静海-outage-password-7"
WORKERS = 2  # tests/topology.py starts gunicorn with two worker processes


@pytest.fixture
def resident(committed):
    hasher = PBKDF2PasswordHasher()  # the app server checks with the production hashers
    user = get_user_model()(username="outage", email="outage@example.test")
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _health(site):
    return site.client("127.0.0.1").get("/healthz")


def test_the_site_keeps_working_without_redis(fresh_site, resident):
    station = UnitPage.objects.live().filter(locale__language_code="zh-hans").first()
    category = Category.objects.active().first()
    visitor = fresh_site.client("127.0.0.50")
    assert _health(fresh_site).json()["status"] == "ok"

    fresh_site.redis.stop()
    try:
        for url in ["/", station.url, "/notices/", "/stations/", "/en/", "/feedback/"]:
            response = visitor.get(url + "?outage=1")
            assert response.status_code == 200, url
        assert visitor.get("/search/?q=停水").status_code == 200

        health = _health(fresh_site)
        assert health.status_code == 200
        assert health.json()["status"] == "degraded" and health.json()["cache"] != "ok"
        assert health.json()["database"] == "ok"

        # Signing in writes the session: to the database, which is all it needs.
        assert password_login(visitor, resident.email, PASSWORD).status_code == 302
        assert visitor.get("/accounts/profile/").status_code == 200
        before = Report.objects.count()
        answer = submit_reports(visitor, category, ["13655550000"])[0]
        assert answer.status_code == 200 and tracking_number(answer)
        assert Report.objects.count() == before + 1
    finally:
        fresh_site.redis.start()

    deadline = time.monotonic() + 20
    while _health(fresh_site).json()["status"] != "ok":
        assert time.monotonic() < deadline, "the site did not notice that Redis is back"
        time.sleep(0.5)
    assert visitor.get("/accounts/profile/").status_code == 200


def test_limits_hold_during_the_outage_per_process(fresh_site, committed):
    first, second = fresh_site.client("127.0.0.51"), fresh_site.client("127.0.0.52")
    fresh_site.redis.stop()
    try:
        statuses = []
        for n in range(20 * WORKERS + 1):
            statuses.append(lookup(first, f"JH-2021-{n:06d}", "1234").status_code)
            if statuses[-1] == 429:
                break
        assert statuses[-1] == 429, "no limit during the outage"
        assert len(statuses) > 20  # not locked out sooner than with Redis
        assert lookup(second, "JH-2021-000001", "1234").status_code == 200
    finally:
        fresh_site.redis.start()
