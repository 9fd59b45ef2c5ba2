"""Issue 15, item 3: the last four digits cannot be guessed.

Wrong guesses are counted per tracking number, whatever address they come from: after five, the
number is locked for an hour, even for the right digits. A visitor already let in (their
session holds the report) keeps their way in."""

import pytest

from feedback.models import Category, Report
from feedback.services import submit_report

from .helpers import lookup

PHONE = "13912345678"


@pytest.fixture
def report(committed):
    category = Category.objects.active().first()
    saved, _created = submit_report(
        category=category, description="楼道漏水（查询测试）", compound="海馨园", phone=PHONE
    )
    return saved


@pytest.mark.slow
def test_guesses_from_many_addresses_lock_the_number(fresh_site, report):
    guessers = [fresh_site.client(f"127.0.0.{n}") for n in range(20, 25)]
    owner_before = fresh_site.client("127.0.0.30")
    assert lookup(owner_before, report.tracking_number, "5678").status_code == 302

    wrong = [f"{n:04d}" for n in range(100) if f"{n:04d}" != "5678"]
    answers = [
        lookup(guessers[i % len(guessers)], report.tracking_number, digits)
        for i, digits in enumerate(wrong[:12])
    ]
    assert all(a.status_code == 200 for a in answers)
    assert "没有找到对应的工单" in answers[0].text
    assert "已暂时锁定" in answers[-1].text
    # The right digits, from a fresh address, no longer open it…
    late = lookup(fresh_site.client("127.0.0.31"), report.tracking_number, "5678")
    assert late.status_code == 200 and "已暂时锁定" in late.text
    # …but the resident who was let in before still sees it.
    status = owner_before.get(f"/feedback/status/{report.tracking_number}/")
    assert status.status_code == 200 and report.tracking_number in status.text


@pytest.mark.django_db
def test_the_budget_is_per_tracking_number_and_resets_on_success(client):
    category = Category.objects.active().first()
    first, _ = submit_report(category=category, description="第一件事情", phone=PHONE)
    second, _ = submit_report(category=category, description="第二件事情", phone="13700001111")

    def look(report, digits, address):
        return client.post(
            "/feedback/status/",
            {"tracking_number": report.tracking_number, "last4": digits},
            REMOTE_ADDR=address,
        )

    for n in range(4):
        assert look(first, f"000{n}", f"10.0.0.{n}").status_code == 200
    assert look(first, "5678", "10.0.0.9").status_code == 302  # 5th try, right: in
    for n in range(5):  # the budget started again
        look(first, f"100{n}", f"10.0.1.{n}")
    assert "已暂时锁定" in look(first, "5678", "10.0.2.1").content.decode()
    # Another report is not affected.
    assert look(second, "1111", "10.0.2.2").status_code == 302
    assert Report.objects.filter(pk=first.pk, status="submitted").exists()
