"""Time pages in-process: milliseconds and queries per request, as a signed-in visitor sees them.

    .venv/bin/python bench/page_times.py scale --preset public          # the issue-19 pages
    .venv/bin/python bench/page_times.py scale --preset staff           # admin report list/detail
    .venv/bin/python bench/page_times.py scale --cold --preset public   # page cache empty each time
    .venv/bin/python bench/page_times.py scale --profile /notices/?page=2
    .venv/bin/python bench/page_times.py scale "POST /feedback/"        # a report submitted
    .venv/bin/python bench/page_times.py --database-url sqlite:////work/wt/perf/var/scale.sqlite3 \
        sqlite --preset public                                          # the embedded default

Uses a database that bench/load.py built (linli_bench_<dataset> on the PostgreSQL login of
DATABASE_URL, as there) with the benchmark's production settings, or any database given with
--database-url; with a SQLite database the cache is the embedded default's local memory
(ALLOW_LOCAL_CACHE) instead of Redis. No web server is involved: this is the CPU and database
time of Django itself, the part the load run's figures are made of. "CPU ms" is this process's
own CPU time: on a machine shared with other work it varies far less than the clock (with
SQLite it includes the database; with PostgreSQL the server's share is not in it).

Who asks (--who): `resident` (default) is a signed-in resident, `staff` a district report admin
with two-factor authentication, `no-session` a cookie that matches no session (what the first
load runs sent), `anonymous` no cookie at all. Each path is fetched once to warm up, then
--repeat times. --cold empties the page cache before every request (a page's first view after a
publish or a deploy); without it the figures are those of a page someone has seen before.
--profile prints where the milliseconds go (bench/stages.py) and cProfile's top functions.
"""

import argparse
import cProfile
import functools
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PUBLIC = [
    ("station", "{stations}"),
    ("notice list p1", "{notices}"),
    ("notice list p50", "{notices}?page=50"),
    ("directory", "{directory}"),
    ("report form", "/feedback/"),
    ("department", "{department}"),
    ("station scorecard", "{station}scorecard/"),
    ("department scorecard", "{department}scorecard/"),
    ("home", "/"),
]
STAFF = [
    ("report list (district)", "/admin/reports/"),
    ("report list p200", "/admin/reports/?p=200"),
    ("report list by station", "/admin/reports/?unit={busy_unit}"),
    ("report list by status", "/admin/reports/?status=in_progress"),
    ("report list station+status", "/admin/reports/?unit={busy_unit}&status=resolved"),
    ("report detail", "{reports}"),
]


# The report form's POST, as the load run sends it (bench/load.py): a complete report each time.
REPORT_POST = "POST /feedback/"


@functools.cache
def report_choices():
    from feedback.models import Category
    from units.models import UnitPage

    return (
        Category.objects.active().first().pk,
        UnitPage.objects.live().source().order_by("path").first().pk,
    )


def report_data():
    """Built before the request is timed: its own queries are not the request's."""
    from feedback import tickets

    category, unit = report_choices()
    return {
        "category": category,
        "unit": unit,
        "description": "楼道灯坏了，晚上上下楼看不见。（压力测试样例）",
        "consent": "on",
        "website": "",
        # A form shown a minute ago (older than REPORT_MIN_FILL_SECONDS), its own ticket.
        "token": tickets.issue(time.time() - 60),
    }


def configure(args):
    from bench.load import HOST, SECRET_KEY, database_url

    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "LOG_LEVEL": "ERROR",
    }
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        base = os.environ.get("DATABASE_URL", "postgres://linli:linli@127.0.0.1:5432/postgres")
        env["DATABASE_URL"] = database_url(base, f"linli_bench_{args.dataset}")
    if env["DATABASE_URL"].startswith("sqlite"):
        env["ALLOW_LOCAL_CACHE"] = "true"
        os.environ.pop("REDIS_URL", None)
    else:
        env["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    os.environ.update(env)
    os.environ.pop("ELASTICSEARCH_URL", None)
    import django

    django.setup()
    return HOST


def bench_users():
    """A verified resident and a district report admin with TOTP, created once."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model

    User = get_user_model()
    resident, _ = User.objects.get_or_create(
        username="bench-resident", defaults={"email": "bench-resident@example.test"}
    )
    EmailAddress.objects.get_or_create(
        user=resident, email=resident.email, defaults={"verified": True, "primary": True}
    )
    staff, created = User.objects.get_or_create(
        username="bench-admin",
        defaults={"email": "bench-admin@example.test", "is_staff": True, "is_superuser": True},
    )
    if created:
        Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    return {"resident": resident, "staff": staff}


def fill(template, values, index):
    """A path with {name} placeholders; list values rotate with `index`."""
    out = template
    for name, value in values.items():
        token = "{" + name + "}"
        if token in out:
            out = out.replace(
                token, str(value[index % len(value)] if isinstance(value, list) else value)
            )
    return out


def sample_values():
    from django.db.models import Count

    from feedback.models import Report
    from units.models import DepartmentPage, DirectoryPage, NoticeIndexPage, UnitPage

    stations = [u.url for u in UnitPage.objects.live().source().order_by("path")[:2000:67]]
    busy = (
        Report.objects.exclude(unit=None)
        .values("unit")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    reports = list(Report.objects.order_by("-pk").values_list("pk", flat=True)[:2000:67])
    return {
        "stations": stations,
        "station": stations[0],
        "notices": NoticeIndexPage.objects.live().source().first().url,
        "directory": DirectoryPage.objects.live().source().first().url,
        "department": DepartmentPage.objects.live().source().order_by("path").first().url,
        "busy_unit": busy["unit"] if busy else "",
        "reports": [f"/admin/reports/inspect/{pk}/" for pk in reports]
        or ["/admin/reports/inspect/0/"],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", help="demo or scale (linli_bench_<dataset>), or a label")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--database-url")
    parser.add_argument("--preset", choices=["public", "staff"])
    parser.add_argument(
        "--who", choices=["resident", "staff", "no-session", "anonymous"], default=None
    )
    parser.add_argument("--cold", action="store_true", help="Empty the page cache each time.")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    host = configure(args)

    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core import cache as page_cache
    from demo.factories.accounts import login_with_mfa

    call_command("collectstatic", "--noinput", verbosity=0)
    who = args.who or ("staff" if args.preset == "staff" else "resident")
    client = Client(HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
    if who == "staff":
        # Staff reach the admin only with the second factor passed in this session
        # (accounts.middleware.StaffMFAMiddleware): a plain force_login is sent to re-authenticate.
        login_with_mfa(client, bench_users()[who])
    elif who == "resident":
        client.force_login(bench_users()[who])
    elif who == "no-session":
        client.cookies[settings.SESSION_COOKIE_NAME] = "benchmark-no-such-session"

    values = sample_values()
    named = [(p, p) for p in args.paths]
    if args.preset:
        named += PUBLIC if args.preset == "public" else STAFF
    if not named:
        named = [("station", "{stations}")]

    def fetch(path):
        if args.cold:
            page_cache.bump_generation()
        data = report_data() if path == REPORT_POST else None
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            if path == REPORT_POST:
                response = client.post("/feedback/", data)
                assert "JH-" in response.content.decode(), "no receipt"
            else:
                response = client.get(path)
            elapsed = 1000 * (time.perf_counter() - started)
            cpu = 1000 * (time.process_time() - cpu_started)
        assert response.status_code == 200, (path, response.status_code)
        return elapsed, cpu, len(captured)

    print(
        f"# {args.dataset}: {connection.vendor}, cache {settings.CACHES['default']['BACKEND']}, "
        f"as {who}, {'cold (page cache emptied each time)' if args.cold else 'warm'}, "
        f"{args.repeat} requests per page"
    )
    print("| page | median ms | p95 ms | max ms | median CPU ms | queries |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, template in named:
        paths = [fill(template, values, i) for i in range(args.repeat)]
        for path in dict.fromkeys(paths):
            fetch(path)  # warm up: the first request of a process loads code and caches
        times, cpus, queries = [], [], []
        for path in paths:
            elapsed, cpu, count = fetch(path)
            times.append(elapsed)
            cpus.append(cpu)
            queries.append(count)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        print(
            f"| {label} | {statistics.median(times):.1f} | {p95:.1f} | {max(times):.1f} | "
            f"{statistics.median(cpus):.1f} | {statistics.median(queries):.0f} |"
        )
        if args.profile:
            profile(paths, fetch)
    cache.close()


def profile(paths, fetch):
    from bench.stages import StageTimer, project_targets

    timer = StageTimer()
    timer.install()
    timer.install(project_targets())
    per_stage, totals = {}, []
    try:
        for path in paths:
            _result, stages, total = timer.measure(lambda path=path: fetch(path))
            totals.append(total)
            for stage, seconds in stages.items():
                per_stage.setdefault(stage, []).append(seconds)
    finally:
        timer.uninstall()
    total = statistics.mean(totals) * 1000
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fetch(paths[0])
    # SQLite steps through the rows as they are fetched, after execute() has returned: time
    # each query again, reading all its rows, to see what the database itself costs.
    timed = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if not query["sql"].startswith("SELECT"):
                continue
            started = time.perf_counter()
            cursor.execute(query["sql"])
            rows = len(cursor.fetchall())
            timed.append((time.perf_counter() - started, rows, query["sql"]))
    total_db = 1000 * sum(t for t, _rows, _sql in timed)
    print(
        f"\n  {len(timed)} queries of one request to {paths[0]}, read in full again: "
        f"{total_db:.1f} ms; the slowest:"
    )
    for seconds, rows, sql in sorted(timed, reverse=True)[:5]:
        sql = re.sub(r"^SELECT .*? FROM", "SELECT … FROM", sql)
        print(f"  {1000 * seconds:7.1f} ms {rows:6} rows  {sql[:220]}")
    print(f"\n  stage (exclusive, mean of {len(paths)}) | ms | share")
    for stage, values in sorted(per_stage.items(), key=lambda item: -sum(item[1])):
        ms = 1000 * sum(values) / len(paths)
        print(f"  {stage:<28} | {ms:6.1f} | {100 * ms / total:4.0f}%")
    print(f"  {'total':<28} | {total:6.1f} |")

    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        fetch(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    i18n = sum(
        row[2]
        for func, row in stats.stats.items()
        if "django/utils/translation" in func[0] or func[0].endswith("gettext.py")
    )
    print(f"\n  i18n (gettext and friends, cProfile tottime): {1000 * i18n / len(paths):.1f} ms")
    print("  cProfile, top 25 by cumulative time (all requests):")
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
