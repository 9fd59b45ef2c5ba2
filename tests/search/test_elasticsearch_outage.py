"""Issue 22 against a real node that is stopped mid-test and started again (one cycle).

Needs ELASTICSEARCH_URL and ELASTICSEARCH_STOPPABLE=1: the node at that URL was started by
.ci/elasticsearch.sh (with ES_PORT = the URL's port), which this test runs to stop it and to
start it again with its data (`resume`). .ci/run sets both; a developer's own node is left alone.
"""

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from search import breaker
from search.backends import DATABASE_BACKEND, elasticsearch_backend_settings
from search.models import PendingIndexChange
from units.models import NoticePage, UnitPage

from .helpers import search_json

URL = os.environ.get("ELASTICSEARCH_URL")
if not (URL and os.environ.get("ELASTICSEARCH_STOPPABLE")):
    pytest.skip(
        "needs ELASTICSEARCH_URL and ELASTICSEARCH_STOPPABLE=1 (a node .ci/elasticsearch.sh "
        "may stop and resume)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.django_db
SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "elasticsearch.sh"


def _backends():
    params = elasticsearch_backend_settings(URL, index_prefix="linli_outage_")
    params["ATOMIC_REBUILD"] = False
    return {"default": params, "database": dict(DATABASE_BACKEND)}


def _node(command):
    env = {**os.environ, "ES_PORT": str(urlsplit(URL).port)}
    subprocess.run(["bash", str(SCRIPT), command], env=env, check=True, timeout=240)


@pytest.fixture
def node(settings, demo):
    """The demo district in its own indexes; they are deleted afterwards."""
    settings.WAGTAILSEARCH_BACKENDS = _backends()
    settings.SEARCH_ENGINE_TIMEOUT = 0.5
    call_command("update_index", backend_name="default", verbosity=0)
    backend = get_search_backend("default")
    backend.refresh_indexes()
    breaker.reset()
    yield backend
    _node("resume")  # whatever happened above, leave the node running for the next tests
    for index in backend.all_indexes():
        index.delete()
    breaker.reset()


def _titles(data):
    return [item["title"] for item in data["results"]]


def _version(backend, page):
    index = backend.get_index_for_model(Page).name
    return backend.es.get(index=index, id=str(page.pk))["_version"]


def test_search_survives_a_stopped_node_and_nothing_is_lost_or_replayed_twice(client, node):
    station = UnitPage.objects.get(title="海馨园邻里之家")
    before = search_json(client, "海馨园停水")
    assert "海馨园计划停水通知" in _titles(before)[:3] and "degraded" not in before

    _node("stop")
    during = search_json(client, "海馨园停水")  # the first search meets the refused port
    assert "海馨园计划停水通知" in _titles(during)[:3]
    assert during["degraded"] is True and during["notice"]
    notice = NoticePage(title="围棋培训班招生", body="<p>每周六上午，活动室。</p>")
    station.add_child(instance=notice)
    notice.save_revision().publish()
    (row,) = PendingIndexChange.objects.all()
    assert (row.object_id, row.action) == (str(notice.pk), "update")
    assert _titles(search_json(client, "围棋"))[0] == "围棋培训班招生"  # from the database
    health = client.get("/healthz").json()
    assert (health["status"], health["search_pending"]) == ("degraded", 1)

    _node("resume")
    call_command("replay_search_index")
    assert not PendingIndexChange.objects.exists()
    node.refresh_indexes()
    after = search_json(client, "围棋")
    assert _titles(after)[0] == "围棋培训班招生" and "degraded" not in after
    version = _version(node, notice)
    assert version == 1  # indexed once: by the replay

    call_command("replay_search_index")  # nothing waits: nothing is sent again
    assert _version(node, notice) == version
    assert client.get("/healthz").json()["search_pending"] == 0
