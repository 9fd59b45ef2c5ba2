"""site/backup.sh and site/restore.sh against the local PostgreSQL: dump, restore into a new
database, compare row counts and media files."""

import os
import secrets
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TABLES = ["wagtailcore_page", "units_unitpage", "units_noticepage", "units_contact", "auth_user"]


def _url(name):
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _counts(url):
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_backup_then_restore_into_a_new_database(tmp_path):
    if connection.vendor != "postgresql" or not shutil.which("pg_dump"):
        pytest.skip("needs PostgreSQL and its client tools")
    media, private = tmp_path / "media", tmp_path / "private"
    (media / "images").mkdir(parents=True)
    (media / "images" / "a.jpg").write_bytes(b"jpeg")
    (private / "reports").mkdir(parents=True)
    (private / "reports" / "p.jpg").write_bytes(b"photo")
    env = {
        **os.environ,
        "DATABASE_URL": _url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(media),
        "PRIVATE_MEDIA_ROOT": str(private),
        "BACKUP_DIR": str(tmp_path / "backups"),
    }
    # The demo district was committed when the test database was built; this test's own
    # transaction is invisible to pg_dump, which is what a backup of a live site sees too.
    backup = subprocess.run(
        [str(ROOT / "site/backup.sh")], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()

    name = f"restore_{secrets.token_hex(4)}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        restored_media, restored_private = tmp_path / "r-media", tmp_path / "r-private"
        subprocess.run(
            [str(ROOT / "site/restore.sh"), backup],
            env={
                **env,
                "DATABASE_URL": _url(name),
                "MEDIA_ROOT": str(restored_media),
                "PRIVATE_MEDIA_ROOT": str(restored_private),
            },
            capture_output=True,
            check=True,
        )
        original = _counts(env["DATABASE_URL"])
        assert original["units_unitpage"] > 0
        assert _counts(_url(name)) == original
        assert (restored_media / "images" / "a.jpg").read_bytes() == b"jpeg"
        assert (restored_private / "reports" / "p.jpg").read_bytes() == b"photo"
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
