import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.settings.env import cache_from_url, database_from_url, search_backends_from_url

ROOT = Path(__file__).resolve().parents[2]


def test_sqlite_default_is_configured_for_concurrent_writers():
    config = database_from_url("sqlite:////tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout" in config["OPTIONS"]["init_command"]
    assert config["TEST"]["NAME"].endswith(".test"), "concurrency tests need a file database"


@pytest.mark.django_db
def test_the_running_sqlite_database_uses_wal():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_postgres_url_is_parsed():
    config = database_from_url("postgres://u:p@127.0.0.1:5432/linli")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "linli"
    assert config["CONN_HEALTH_CHECKS"] is True


def test_cache_is_local_memory_by_default_and_redis_with_url():
    assert cache_from_url(None)["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")


def test_search_is_database_by_default_and_elasticsearch_with_url():
    assert search_backends_from_url(None) == {
        "default": {"BACKEND": "search.engines", "AUTO_UPDATE": True}
    }
    backends = search_backends_from_url("http://elastic:pw@127.0.0.1:9201")
    # The database backend is kept current beside Elasticsearch, to answer while it is away.
    assert backends["database"]["BACKEND"] == "search.engines"
    es = backends["default"]
    assert es["BACKEND"] == "search.engines.Elasticsearch8SearchBackend"
    assert es["URLS"] == ["http://127.0.0.1:9201"]
    assert es["OPTIONS"]["basic_auth"] == ("elastic", "pw")


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.WAGTAIL_I18N_ENABLED
    assert "wagtail_localize" in settings.INSTALLED_APPS


def test_email_defaults_to_console():
    env = {k: v for k, v in os.environ.items() if k != "EMAIL_BACKEND"}
    code = "from config.settings import base; print(base.EMAIL_BACKEND)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "django.core.mail.backends.console.EmailBackend", out.stderr


def _run_production_check(extra_env):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run_production_check({"ALLOWED_HOSTS": "linli.example.cn"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run_production_check({"SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set in production" in result.stderr


def test_production_starts_with_its_secrets():
    result = _run_production_check(
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "linli.example.cn",
            "REDIS_URL": "redis://r:6379/1",
        }
    )
    assert result.returncode == 0, result.stderr
