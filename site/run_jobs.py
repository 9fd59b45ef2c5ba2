"""Run management commands once, however many app servers there are.

    .venv/bin/python site/run_jobs.py publish_scheduled flag_rating_bursts replay_search_index

On PostgreSQL each command runs under its own advisory lock: when two machines start the
same job at the same moment, the second finds the lock taken and skips it.
The systemd timer (site/systemd/linli-jobs.timer) is meant to be enabled on one machine only;
the lock makes a second, forgotten timer or crontab harmless.
"""

import os
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")


def lock_id(command):
    """One advisory lock per command, the same number on every machine."""
    return zlib.crc32(f"linli:{command}".encode())


def run_once(command, connection, call_command):
    if connection.vendor != "postgresql":
        call_command(command)
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_id(command)])
        if not cursor.fetchone()[0]:
            print(f"{command}: running elsewhere, skipped", file=sys.stderr)
            return False
        try:
            call_command(command)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_id(command)])
    return True


def main(commands):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    for command in commands:
        run_once(command, connection, call_command)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
