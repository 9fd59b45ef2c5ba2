"""The time budget and the candidate limits: a query answers with what it found in time."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from wagtail.models import Locale

from search.retrieval import CandidateQuery, Deadline, TypeGroup, get_retriever
from search.retrieval.database import PostgresRetriever
from search.service import site_search
from units.models import NoticePage

pytestmark = pytest.mark.django_db


class LateDeadline(Deadline):
    """Passes after `checks` checks: lets a statement start, then stops it from inside."""

    def __init__(self, checks):
        super().__init__(60)
        self.checks = checks

    def passed(self):
        self.checks -= 1
        if self.checks < 0:
            self.expired = True
        return self.expired

    def remaining(self):
        return 0.001 if self.checks < 1 else 60


def _query(concepts, limit=150):
    notice = ContentType.objects.get_for_model(NoticePage)
    group = TypeGroup([notice.pk], ["units.NoticePage"])
    return CandidateQuery(concepts, [group], [Locale.get_default().pk], limit=limit)


def test_candidates_are_capped_per_statement(demo):
    retriever = get_retriever()
    found = retriever.candidates(_query([[("海馨",)], [("停水",)]], limit=5), Deadline(5))
    # Both concepts, then a title and an any-field statement each: 5 rows each at most.
    assert 5 <= len(found) <= 25
    outcome = site_search("邻里之家", Locale.get_default(), limit=5)
    assert outcome.limited


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's progress handler")
def test_sqlite_stops_a_statement_at_the_deadline(demo):
    retriever = get_retriever()
    deadline = LateDeadline(checks=1)
    found = retriever.candidates(_query([[("邻里",)], [("停水",)]]), deadline)
    assert deadline.expired and found == []
    # The connection is still usable afterwards.
    assert retriever.candidates(_query([[("停水",)]]), Deadline(5))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout")
def test_postgresql_statement_timeout_is_recognised():
    retriever = PostgresRetriever()
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as c:
        c.execute("SET LOCAL statement_timeout = 10")
        c.execute("SELECT pg_sleep(1)")
    assert retriever._cut_short(error.value)


def test_an_expired_budget_still_answers(demo):
    outcome = site_search("海馨园停水", Locale.get_default(), budget=0)
    assert outcome.cut_short
    # Names are matched in Python, before the budget: the station is still there.
    assert outcome.hits and outcome.hits[0].name
