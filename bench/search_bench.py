"""Benchmark the site search: recall@3, MRR and query times per backend over search/queryset.json.

    DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db .venv/bin/python bench/search_bench.py

SQLite is always measured (in a temporary file); PostgreSQL too when DATABASE_URL points at it;
Elasticsearch too when ELASTICSEARCH_URL is set (e.g. a node from .ci/elasticsearch.sh), with the
demo in a temporary SQLite database and its own indexes (prefix linli_bench_, deleted afterwards),
so the site's index is left alone. Each run builds the demo district in its own
test database (test_<name> on PostgreSQL, dropped afterwards), indexes it, then runs every query
REPEAT times. Prints recall@3 and MRR per query category (names, pinyin, questions…) too.
Options: --repeat N, --misses (print the queries below full recall or MRR).

    DATABASE_URL=… [ELASTICSEARCH_URL=…] .venv/bin/python bench/search_bench.py --existing

--existing measures a database (and Elasticsearch node) as they are, e.g. the Tianjin-scale
dataset of bench/load.py, one query at a time in this process: the query set and the
common-word queries (search.evaluation.COMMON_WORD_QUERIES), with the slowest queries and how
many the time budget cut short. Nothing is built or changed.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def use_elasticsearch(url):
    """Index the demo into linli_bench_* indexes and make them the search backend; returns a
    function that deletes them."""
    from django.core.management import call_command
    from django.test.utils import override_settings
    from modelsearch.backends import get_search_backend

    from search.backends import elasticsearch_backend_settings

    params = elasticsearch_backend_settings(url, index_prefix="linli_bench_")
    params["ATOMIC_REBUILD"] = False
    override = override_settings(WAGTAILSEARCH_BACKENDS={"default": params})
    override.enable()
    call_command("update_index", verbosity=0)
    backend = get_search_backend("default")
    backend.refresh_indexes()

    def cleanup():
        for index in backend.all_indexes():
            index.delete()
        override.disable()

    return cleanup


def run_one(repeat, show_misses, elasticsearch_url=None):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from demo.data import load_demo
        from search.evaluation import evaluate, site_search_top_titles

        load_demo()
        name = connection.vendor
        if elasticsearch_url:
            cleanup = use_elasticsearch(elasticsearch_url)
            name = "elasticsearch"
        site_search_top_titles("预热", 3)  # warm caches (content types, locale)
        top_titles = counting_fallbacks(site_search_top_titles)
        result = evaluate(top_titles, repeat=repeat)
        print_evaluation(name, result, repeat, show_misses)
        print_fallbacks(name, top_titles)
        if elasticsearch_url:
            cleanup()
    finally:
        teardown_databases(old_config, verbosity=0)


def counting_fallbacks(top_titles):
    """top_titles, counting the searches the database answered because Elasticsearch was away
    (a timeout opens the breaker for SEARCH_ENGINE_PAUSE seconds): such answers are not the
    engine's, and figures that include them must say so."""
    from search import evaluation

    searched = evaluation.site_search

    def watched(*args, **kwargs):
        outcome = searched(*args, **kwargs)
        counted.fell_back += bool(outcome.degraded)
        return outcome

    def counted(query, k):
        counted.calls += 1
        return top_titles(query, k)

    evaluation.site_search = watched  # this benchmark process only
    counted.calls = counted.fell_back = 0
    return counted


def print_fallbacks(name, top_titles):
    if top_titles.fell_back:
        print(
            f"    WARNING: {top_titles.fell_back} of {top_titles.calls} {name} searches were "
            "answered by the database (engine unavailable): these figures are not the engine's"
        )


def print_evaluation(name, result, repeat, show_misses):
    print(
        f"{name:<14} queries={len(result.times_ms) // repeat:<4} "
        f"recall@3={result.recall:.3f}  MRR={result.mrr:.3f}  "
        f"median={result.median_ms:.1f} ms  p95={result.p95_ms:.1f} ms  "
        f"max={max(result.times_ms):.1f} ms"
    )
    for category, (count, recall, mrr) in sorted(result.by_category.items()):
        print(f"    {category:<12} {count:>3} queries  recall@3={recall:.3f}  MRR={mrr:.3f}")
    if show_misses:
        for query, titles in result.misses:
            print(f"    miss: {query} -> {titles}")


def run_existing(repeat, show_misses):
    """Time every query against the configured database / Elasticsearch as they are."""
    import time

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from wagtail.models import Locale

    from search.evaluation import COMMON_WORD_QUERIES, evaluate, site_search_top_titles
    from search.service import site_search

    name = "elasticsearch" if os.environ.get("ELASTICSEARCH_URL") else connection.vendor
    site_search_top_titles("预热", 3)
    top_titles = counting_fallbacks(site_search_top_titles)
    result = evaluate(top_titles, repeat=repeat)
    print_evaluation(f"{name} (query set)", result, repeat, show_misses)
    print_fallbacks(name, top_titles)
    locale = Locale.get_default()
    times, cut = [], 0
    for query in COMMON_WORD_QUERIES:
        for _ in range(repeat):
            started = time.perf_counter()
            outcome = site_search(query, locale)
            times.append(((time.perf_counter() - started) * 1000, query))
            cut += outcome.cut_short
    ordered = sorted(t for t, _q in times)
    print(
        f"{name} (common words) queries={len(COMMON_WORD_QUERIES)}  "
        f"median={ordered[len(ordered) // 2]:.1f} ms  "
        f"p95={ordered[round(0.95 * (len(ordered) - 1))]:.1f} ms  max={ordered[-1]:.1f} ms  "
        f"cut short by the budget: {cut} of {len(times)}"
    )
    for ms, query in sorted(times, reverse=True)[:5]:
        print(f"    slowest: {ms:.1f} ms  {query}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--existing", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--elasticsearch", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.existing:
        run_existing(args.repeat, args.misses)
        return
    if args.child:
        run_one(args.repeat, args.misses, args.elasticsearch)
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
        elasticsearch_url = os.environ.get("ELASTICSEARCH_URL")
        if elasticsearch_url:
            extra = {"DATABASE_URL": f"sqlite:///{tmp}/bench-es.sqlite3"}
            status |= subprocess.call(
                [*child, "--elasticsearch", elasticsearch_url], env={**base_env, **extra}, cwd=ROOT
            )
    sys.exit(status)


if __name__ == "__main__":
    main()
