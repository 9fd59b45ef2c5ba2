"""Time pages in-process, past the page cache: milliseconds and queries per request.

    .venv/bin/python bench/page_times.py scale /notices/?page=2 /search/?q=停水
    .venv/bin/python bench/page_times.py demo            # 30 station pages

Uses a database that bench/load.py built (linli_bench_<dataset>; DATABASE_URL names the
PostgreSQL login as there) and the benchmark's production settings. Each path is fetched once to
warm up, then REPEAT times with a session cookie, so the page cache is bypassed as in the load
run's "uncached" scenarios. No web server is involved: this is the CPU and database time of
Django itself, the part the load run's uncached figures are made of.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 10


def main():
    dataset, paths = sys.argv[1], sys.argv[2:]
    sys.path.insert(0, str(ROOT))
    from bench.load import HOST, SECRET_KEY, database_url

    base = os.environ.get("DATABASE_URL", "postgres://linli:linli@127.0.0.1:5432/postgres")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url(base, f"linli_bench_{dataset}"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
        STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        LOG_LEVEL="ERROR",
    )
    os.environ.pop("ELASTICSEARCH_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from units.models import UnitPage

    call_command("collectstatic", "--noinput", verbosity=0)
    if not paths:
        units = UnitPage.objects.live().source().order_by("path")
        paths = [unit.url for unit in units[:30]]
    client = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    client.cookies["__Host-sessionid"] = "benchmark-no-such-session"
    for path in paths:
        client.get(path)
    times, queries = [], []
    for _ in range(REPEAT):
        for path in paths:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                times.append(1000 * (time.perf_counter() - started))
            assert response.status_code == 200, (path, response.status_code)
            queries.append(len(captured))
    print(
        f"{dataset}: {len(paths)} path(s) × {REPEAT}: median {statistics.median(times):.1f} ms, "
        f"p95 {statistics.quantiles(times, n=20)[-1]:.1f} ms, "
        f"{statistics.mean(queries):.1f} queries per request"
    )


if __name__ == "__main__":
    main()
