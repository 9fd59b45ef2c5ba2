"""Small helpers that read settings from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def require(name):
    """Return a variable that production cannot run without, or stop with a clear message."""
    value = env(name)
    if value is None:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set in production "
            f"(see .env.example and site/README.md)."
        )
    return value


SQLITE_OPTIONS = {
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
    # BEGIN so concurrent writers queue on the busy timeout instead of failing.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA foreign_keys=ON;"
    ),
}


def database_from_url(url):
    """Parse DATABASE_URL, giving SQLite the options it needs for concurrent writers."""
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # The default database lives in var/, which a fresh checkout does not have yet.
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
        config["TEST"] = {"NAME": str(config["NAME"]) + ".test"}
    else:
        # Django's default, written out: after the test runner switches NAME to the test
        # database, a test can still tell which database that is (tests/conftest.py).
        config["TEST"] = {"NAME": f"test_{config['NAME']}"}
        config["CONN_MAX_AGE"] = int(env("DB_CONN_MAX_AGE", 60))
        # A broken connection is noticed at the next request and replaced, so the site
        # recovers by itself when the database returns; an unreachable host fails fast.
        config["CONN_HEALTH_CHECKS"] = True
        config.setdefault("OPTIONS", {})["connect_timeout"] = int(env("DB_CONNECT_TIMEOUT", 5))
    return config


def cache_from_url(url):
    """Redis through core.cache_backend (an outage degrades to misses, see its docstring), or
    this process's memory without a URL."""
    if url:
        return {
            "BACKEND": "core.cache_backend.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "linli",
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "linli"}


def search_backends_from_url(url):
    """Wagtail's database backend with Chinese queries by default; Elasticsearch when
    ELASTICSEARCH_URL is set, with the database backend beside it (see search/backends.py)."""
    from search.backends import search_backends  # no cycle: settings are read before apps
    # load, and search.backends imports only settings values.

    return search_backends(url)
