"""Elasticsearch away (issue 22), on the database in use: the engine is a real closed port
(the connection is refused) or a real socket that accepts and never answers (a hung node).
Searches answer from the database backend with a notice; index changes wait in the database.
The replay against a live node that comes back: test_elasticsearch_outage.py."""

import socket
import threading

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.factories.accounts import login_with_mfa, with_mfa
from search import breaker
from search.backends import search_backends
from search.models import PendingIndexChange
from search.views import DEGRADED_NOTICE
from units.models import NoticePage, UnitPage

from .helpers import search_json

pytestmark = pytest.mark.django_db

NOTICE = str(DEGRADED_NOTICE)


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HungEngine:
    """Accepts connections and never answers: a node frozen in a long pause."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _address = self.server.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        self.server.close()
        for connection in self.accepted:
            connection.close()


def _engine_at(settings, url):
    settings.WAGTAILSEARCH_BACKENDS = search_backends(url)
    settings.SEARCH_ENGINE_TIMEOUT = 0.3


@pytest.fixture(autouse=True)
def _engine_state():
    breaker.reset()  # the pause is also kept in the process
    yield
    breaker.reset()


@pytest.fixture
def engine_away(settings, demo):
    _engine_at(settings, f"http://127.0.0.1:{_closed_port()}")


@pytest.fixture
def station(demo):
    return UnitPage.objects.get(title="海馨园邻里之家")


def _publish(station, title):
    notice = NoticePage(title=title, body="<p>每周六上午，活动室。</p>")
    station.add_child(instance=notice)
    notice.save_revision().publish()
    return notice


def test_site_search_answers_from_the_database_with_a_notice(client, engine_away):
    data = search_json(client, "海馨园停水")
    assert "海馨园计划停水通知" in [item["title"] for item in data["results"]][:3]
    assert data["degraded"] is True
    assert data["notice"] == NOTICE
    response = client.get("/search/", {"q": "六必访"})
    assert response.status_code == 200
    assert NOTICE in response.content.decode()


def test_a_hung_engine_costs_one_timeout_then_is_left_alone(client, settings, demo):
    engine = HungEngine()
    try:
        _engine_at(settings, f"http://127.0.0.1:{engine.port}")
        for query in ("海馨园停水", "六必访", "派出所"):
            data = search_json(client, query)
            assert data["results"] and data["degraded"] is True
        # One connection, by the first search, not retried; then the breaker kept every other
        # search (and this process's next ones) away from the engine.
        assert len(engine.accepted) == 1
        assert not breaker.available()
    finally:
        engine.close()


def test_index_changes_wait_in_the_database_one_row_per_object(client, engine_away, station):
    notice = NoticePage(title="围棋培训班招生", body="<p>每周六上午，活动室。</p>")
    station.add_child(instance=notice)  # this change meets the refused port
    assert PendingIndexChange.objects.count() == 1
    notice.save_revision().publish()  # this one finds the breaker open: queued, not sent
    (row,) = PendingIndexChange.objects.all()
    assert (row.backend, row.object_id, row.action) == ("default", str(notice.pk), "update")
    assert row.content_type.model_class() is NoticePage
    # The database backend is kept current beside the engine: the fallback finds it already.
    assert "围棋培训班招生" in [item["title"] for item in search_json(client, "围棋")["results"]]

    notice.title = "象棋培训班招生"
    notice.save_revision().publish()
    assert PendingIndexChange.objects.get().action == "update"
    notice.delete()
    (row,) = PendingIndexChange.objects.all()  # the latest change wins
    assert (row.object_id, row.action) == (str(notice.pk), "delete")


def test_a_replay_while_the_engine_is_away_keeps_every_change(engine_away, station, capsys):
    _publish(station, "围棋培训班招生")
    _publish(station, "象棋培训班招生")
    failures = list(PendingIndexChange.objects.order_by("pk").values_list("failures", flat=True))
    call_command("replay_search_index")  # exits quietly: the job runner tries again later
    out, err = capsys.readouterr()
    assert "replayed 0 index change(s), 2 waiting" in out
    assert "still unavailable" in err
    # The first change was tried (and failed again); the replay stopped there.
    after = list(PendingIndexChange.objects.order_by("pk").values_list("failures", flat=True))
    assert after == [failures[0] + 1, failures[1]]


def test_healthz_counts_waiting_changes(client, engine_away, station):
    _publish(station, "围棋培训班招生")
    data = client.get("/healthz").json()
    assert (data["status"], data["search_pending"]) == ("degraded", 1)


def test_admin_search_answers_from_the_database_with_a_notice(
    client, engine_away, station, django_user_model
):
    _publish(station, "围棋培训班招生")
    admin = with_mfa(django_user_model.objects.create_superuser("es-admin", "a@example.test", "x"))
    login_with_mfa(client, admin)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 项索引更新等待补录" in html
    assert "搜索服务暂时不可用" in html  # the breaker is open after the failed publish

    breaker.reset()  # the admin search itself meets the closed port
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "六必访"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "六必访：六类对象每天必访" in html
    assert NOTICE in html
