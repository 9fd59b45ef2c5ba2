"""Two simultaneous posts by one resident leave one row and no server error."""

import threading

import pytest
from django.db import connection
from django.test import Client

from demo.factories.ratings import make_resident, rated_post
from ratings.models import Rating
from ratings.tallies import drift
from units.models import DepartmentPage, DispatchedStaff, UnitPage


def _department_and_unit():
    """The demo's, or a minimal tree when an earlier transactional test flushed the database."""
    from wagtail.models import Collection, Locale, Page, Site

    if DispatchedStaff.objects.exists():
        return rated_post()
    locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.add_root(instance=Page(title="根", slug="root", locale=locale))
    Site.objects.create(hostname="testserver", root_page=root, is_default_site=True)
    department = root.add_child(instance=DepartmentPage(title="示例部门", slug="bm", locale=locale))
    unit = root.add_child(
        instance=UnitPage(title="示例邻里之家", slug="zhan", address="示例路1号", locale=locale)
    )
    DispatchedStaff.objects.create(
        page=unit, department=department, name="派驻", phone="022-60000000"
    )
    return department, unit


pytestmark = pytest.mark.usefixtures("restore_migration_data")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_posts_leave_one_row(django_user_model):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(":memory"):
        pytest.skip("needs a file database")
    department, unit = _department_and_unit()
    user = make_resident(django_user_model, "race@example.test")
    url = f"/ratings/rate/{unit.pk}/{department.pk}/"
    barrier = threading.Barrier(8)
    statuses = []

    def post(score):
        from django.db import connections

        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            response = client.post(
                url, {"attitude": score, "efficiency": score, "effectiveness": score}
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(str(n % 5 + 1),)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 8
    assert Rating.objects.filter(user=user).count() == 1
    assert drift() == []  # the losers' updates moved the tallies exactly once each
