"""The bounded pager's count: up to the bound, without sorting what it counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.pagination import BoundedCountPaginator
from units.models import NoticePage

pytestmark = pytest.mark.django_db


def test_the_count_does_not_sort_what_it_counts():
    """Sorting every current notice before counting the first thousand cost PostgreSQL
    315-770 ms at Tianjin scale; how many rows there are up to a bound needs no order."""
    notices = NoticePage.objects.current().newest_first()
    paginator = BoundedCountPaginator(notices, 2)
    with CaptureQueriesContext(connection) as captured:
        page = paginator.get_page(2)
    (count_sql,) = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert "ORDER BY" not in count_sql
    assert paginator.count == notices.count() and not paginator.count_is_bounded
    assert list(page.object_list) == list(notices[2:4])


def test_the_count_stops_at_the_bound(monkeypatch):
    monkeypatch.setattr(BoundedCountPaginator, "count_bound", 3)
    notices = NoticePage.objects.current().newest_first()
    assert notices.count() > 5
    paginator = BoundedCountPaginator(notices, 1)
    paginator.get_page(1)
    assert paginator.count == 3 and paginator.count_is_bounded


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_postgresql_knows_how_many_pages_a_language_tree_has():
    """NoticeQuerySet.in_tree filters on `locale_id + 0`; without statistics on that
    expression PostgreSQL guesses 0.5% of the pages and sorts every notice (units 0008)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_statistic_ext WHERE stxname = 'page_tree_locale'")
        assert cursor.fetchone() is not None
