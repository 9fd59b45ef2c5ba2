"""Time the staff's report pages in-process at Tianjin scale: milliseconds and queries per request.

    DATABASE_URL=postgres://linli:linli@127.0.0.1:5432/linli_bench_scale \\
        .venv/bin/python bench/report_admin.py

Uses a database with the scale dataset (`manage.py generate_scale_data`: 500,000 reports) and
the benchmark's production settings (bench/settings.py). Signs in a district report admin
(created here, with an enrolled authenticator), then fetches each page once to warm up and
REPEAT times to measure: the district-wide list, filtered by status, by station, the triage
queue, a search by tracking number, and a report's inspect page. Like bench/page_times.py, no
web server is involved: this is Django's own CPU and database time. Besides the wall-clock
time it prints the process's CPU time and the time spent in SQL, which a machine busy with
other work inflates much less than the wall clock.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 20


def main():
    sys.path.insert(0, str(ROOT))
    from bench.load import HOST, SECRET_KEY

    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS=HOST,
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
        STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        LOG_LEVEL="ERROR",
    )
    os.environ.pop("ELASTICSEARCH_URL", None)
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.groups import role_group
    from demo.factories.accounts import login_with_mfa
    from feedback.models import Report
    from feedback.permissions import DISTRICT_ADMIN_PERMISSION

    call_command("collectstatic", "--noinput", verbosity=0)
    user, _created = get_user_model().objects.get_or_create(
        username="bench-district-admin", defaults={"email": "bench@example.invalid"}
    )
    user.groups.add(role_group(DISTRICT_ADMIN_PERMISSION))
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, data={})
    client = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    # The admin wants the second factor passed in this session (StaffMFAMiddleware).
    login_with_mfa(client, user)

    total = Report.objects.count()
    sample = (
        Report.objects.exclude(unit=None)
        .order_by("-pk")
        .values("pk", "unit", "tracking_number")[1000]
    )
    paths = {
        "list, whole district": "/admin/reports/",
        "list, page 15": "/admin/reports/?p=15",
        "list, status in progress": "/admin/reports/?status=in_progress",
        "list, one station": f"/admin/reports/?unit={sample['unit']}",
        "list, triage queue": "/admin/reports/?queue=triage",
        "list, overdue": "/admin/reports/?queue=overdue",
        "search, tracking number": f"/admin/reports/?q={sample['tracking_number'].lower()}",
        "inspect one report": f"/admin/reports/inspect/{sample['pk']}/",
    }
    print(f"{connection.vendor}, {total:,} reports, {REPEAT} requests each (after one to warm up)")
    for label, path in paths.items():
        assert client.get(path).status_code == 200, path
        times, cpu, sql, queries = [], [], [], []
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                times.append(1000 * (time.perf_counter() - started))
                cpu.append(1000 * (time.process_time() - started_cpu))
            assert response.status_code == 200, (path, response.status_code)
            queries.append(len(captured))
            sql.append(1000 * sum(float(q["time"]) for q in captured.captured_queries))
        print(
            f"  {label:26} wall median {statistics.median(times):6.1f} ms "
            f"p95 {statistics.quantiles(times, n=20)[-1]:6.1f} ms | CPU median "
            f"{statistics.median(cpu):5.1f} ms | SQL median {statistics.median(sql):5.1f} ms "
            f"p95 {statistics.quantiles(sql, n=20)[-1]:5.1f} ms | {max(queries)} queries"
        )


if __name__ == "__main__":
    main()
