"""Issue 15, item 2: limits count residents, not the proxy.

Through the shipped nginx, clients at 127.0.0.2, .3 … are different residents: one using up a
limit never touches another's, and a spoofed X-Forwarded-For cannot reset a counter (nginx
writes the header over, and the site trusts exactly that one hop)."""

import pytest

from feedback.models import Category

from .helpers import lookup, password_login, submit_reports, tracking_number

pytestmark = pytest.mark.slow

SPOOFED = {"X-Forwarded-For": "10.9.9.9, 10.8.8.8"}


@pytest.fixture
def category(committed):
    return Category.objects.active().first()


def test_one_residents_report_limit_never_touches_anothers(fresh_site, category):
    first, second = fresh_site.client("127.0.0.2"), fresh_site.client("127.0.0.3")
    phones = [f"1390000{n:04d}" for n in range(6)]
    answers = submit_reports(first, category, phones)
    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert all(tracking_number(a) for a in answers[:5])
    assert "提交太频繁了" in answers[5].text  # the form comes back as typed

    other = submit_reports(second, category, ["13900009999"])[0]
    assert other.status_code == 200 and tracking_number(other)

    # Claiming to be someone else does not reset the count.
    first.session.headers.update(SPOOFED)
    assert submit_reports(first, category, ["13900008888"])[0].status_code == 429


def test_lookup_limit_is_per_resident(fresh_site, committed):
    first, second = fresh_site.client("127.0.0.4"), fresh_site.client("127.0.0.5")
    statuses = [lookup(first, f"JH-2020-{n:06d}", "1234").status_code for n in range(21)]
    assert statuses == [200] * 20 + [429]
    assert lookup(second, "JH-2020-000001", "1234").status_code == 200
    first.session.headers.update(SPOOFED)
    assert lookup(first, "JH-2020-000002", "1234").status_code == 429


def test_login_failures_are_counted_per_resident(fresh_site, committed):
    """allauth's own limit (10 failed logins a minute per address) sees the real client."""
    first, second = fresh_site.client("127.0.0.6"), fresh_site.client("127.0.0.7")
    statuses = [
        password_login(first, f"nobody{n}@example.test", "wrong").status_code for n in range(11)
    ]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429
    assert password_login(second, "someone@example.test", "wrong").status_code == 200
    first.session.headers.update(SPOOFED)
    assert password_login(first, "other@example.test", "wrong").status_code == 429
