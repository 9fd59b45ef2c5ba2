"""What a visitor waits for when Elasticsearch is away: times of /search/?format=json and of one
notice publish, with the engine at a closed port (refused), at a socket that accepts and never
answers (a hung node), and, with ELASTICSEARCH_URL, at a live node.

    [ELASTICSEARCH_URL=http://127.0.0.1:9250] .venv/bin/python bench/search_outage.py [--requests 10]

The demo district is built in a temporary SQLite test database. Prints, per engine state, the
status codes, the first request's time (the one that finds out) and the median and slowest of
the others, and the time of publishing one notice.
"""

import argparse
import importlib
import importlib.util
import os
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["海馨园停水", "六必访", "派出所", "yuhuayuan", "楼道堆东西找谁"]


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hung_port():
    """A socket that accepts connections and never answers."""
    server = socket.create_server(("127.0.0.1", 0))
    held = []

    def accept():
        while True:
            held.append(server.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1]


def measure(label, url, requests):
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from search.backends import elasticsearch_backend_settings
    from units.models import NoticePage, UnitPage

    params = elasticsearch_backend_settings(url, index_prefix="linli_bench_outage_")
    params["ATOMIC_REBUILD"] = False
    backends = {"default": params, "database": {"BACKEND": "search.engines"}}
    client = Client(raise_request_exception=False)
    for query in QUERIES:  # warm the process (names, synonyms) on the database backend
        client.get("/search/", {"q": query, "format": "json"})
    cache.clear()
    if importlib.util.find_spec("search.breaker"):  # the code under test; absent before it
        importlib.import_module("search.breaker").reset()
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        if label == "live node":
            call_command("update_index", backend_name="default", verbosity=0)
        times, codes = [], []
        for i in range(requests):
            query = QUERIES[i % len(QUERIES)]
            started = time.perf_counter()
            response = client.get("/search/", {"q": query, "format": "json"})
            times.append((time.perf_counter() - started) * 1000)
            codes.append(response.status_code)
        station = UnitPage.objects.filter(title="海馨园邻里之家").first()
        started = time.perf_counter()
        notice = NoticePage(title=f"基准测试通知{label}", body="<p>示例。</p>")
        station.add_child(instance=notice)
        notice.save_revision().publish()
        publish_ms = (time.perf_counter() - started) * 1000
        if label == "live node":
            from modelsearch.backends import get_search_backend

            for index in get_search_backend("default").all_indexes():
                index.delete()
    rest = times[1:] or times
    print(
        f"{label:12} statuses {sorted(set(codes))}  first {times[0]:7.0f} ms  "
        f"then median {statistics.median(rest):6.0f} ms, slowest {max(rest):6.0f} ms  "
        f"publish {publish_ms:6.0f} ms"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = "sqlite:///" + str(Path("/tmp") / f"outage-{os.getpid()}.db")
    import logging

    import django

    django.setup()
    logging.disable(logging.CRITICAL)  # the failures are expected; their logs are not the figure
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from demo.data import load_demo

        load_demo(history=False)
        live = os.environ.get("ELASTICSEARCH_URL")
        if live:
            measure("live node", live, args.requests)
        measure("refused", f"http://127.0.0.1:{closed_port()}", args.requests)
        measure("hung", f"http://127.0.0.1:{hung_port()}", args.requests)
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
