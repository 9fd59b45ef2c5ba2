"""Benchmark the site search: recall@3 and query times per backend over search/queryset.json.

    DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db .venv/bin/python bench/search_bench.py

SQLite is always measured (in a temporary file); PostgreSQL too when DATABASE_URL points at it.
(Elasticsearch is exercised by tests/search/test_elasticsearch_live.py, which uses its own index
instead of the site's.) Each run builds the demo district in its own
test database (test_<name> on PostgreSQL, dropped afterwards), indexes it, then runs every query
REPEAT times. Options: --repeat N, --misses (print the queries below full recall).
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_one(repeat, show_misses):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from home.demo import load_demo
        from search.evaluation import evaluate, site_search_top_titles

        load_demo()
        name = connection.vendor
        site_search_top_titles("预热", 3)  # warm caches (content types, locale)
        result = evaluate(site_search_top_titles, repeat=repeat)
        print(
            f"{name:<14} queries={len(result.times_ms) // repeat:<4} "
            f"recall@3={result.recall:.3f}  median={result.median_ms:.1f} ms  "
            f"p95={result.p95_ms:.1f} ms"
        )
        if show_misses:
            for query, titles in result.misses:
                print(f"    miss: {query} -> {titles}")
    finally:
        teardown_databases(old_config, verbosity=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args.repeat, args.misses)
        return

    python = sys.executable
    child = [python, __file__, "--child", "--repeat", str(args.repeat)]
    if args.misses:
        child.append("--misses")
    database_url = os.environ.get("DATABASE_URL", "")
    base_env = {k: v for k, v in os.environ.items() if k != "ELASTICSEARCH_URL"}
    with tempfile.TemporaryDirectory() as tmp:
        runs = [{"DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}]
        if database_url.startswith(("postgres://", "postgresql://")):
            runs.append({"DATABASE_URL": database_url})
        status = 0
        for extra in runs:
            status |= subprocess.call(child, env={**base_env, **extra}, cwd=ROOT)
    sys.exit(status)


if __name__ == "__main__":
    main()
