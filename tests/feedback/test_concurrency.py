"""12 threads × 40 report POSTs: no server error, unique tracking numbers, rows == successes."""

import re
import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client

from feedback import tickets
from feedback.models import Category, Report

THREADS = 12
PER_THREAD = 40


pytestmark = pytest.mark.usefixtures("restore_migration_data")


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions(settings):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(":memory"):
        pytest.skip("needs a file database")
    settings.RATE_LIMITS = {"report": "10000/1h/ip", "report_attempt": "10000/1h/ip"}
    category = Category.objects.create(name="并发测试")
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def worker(index):
        client = Client(REMOTE_ADDR=f"10.1.0.{index}")
        barrier.wait()
        try:
            for n in range(PER_THREAD):
                response = client.post(
                    "/feedback/",
                    {
                        "category": category.pk,
                        "description": f"并发提交 {index}-{n}",
                        "compound": "测试小区",
                        "phone": f"139{index:04d}{n:04d}",
                        "consent": "on",
                        "token": tickets.issue(time.time() - 60),
                    },
                )
                found = re.search(r"JH-\d{4}-\d{6}", response.content.decode())
                results.append((response.status_code, found and found.group(0)))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(results) == THREADS * PER_THREAD
    assert {status for status, _number in results} == {200}
    numbers = [number for _status, number in results]
    assert None not in numbers
    assert len(set(numbers)) == len(numbers)
    stored = set(Report.objects.values_list("tracking_number", flat=True))
    assert stored == set(numbers)
    assert Report.objects.count() == THREADS * PER_THREAD
