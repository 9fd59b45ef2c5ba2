"""Production settings, checked the way an operator runs them (RELIABILITY items 1, 2, 4, 6)."""

import importlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import global_settings, settings
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "ALLOWED_HOSTS": "linli.example.cn",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
}


def _manage(*args, **extra_env):
    # As a deployment starts it: without the test process's own switches (tests/conftest.py).
    private = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in private}
    env.update(PRODUCTION_ENV, SECRET_KEY=secrets.token_urlsafe(50), **extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture
def production(monkeypatch):
    """The production settings module, imported with test secrets."""
    for name, value in {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ALLOW_LOCAL_CACHE", raising=False)
    monkeypatch.delenv("WAGTAILADMIN_BASE_URL", raising=False)
    sys.modules.pop("config.settings.production", None)
    yield importlib.import_module("config.settings.production")
    sys.modules.pop("config.settings.production", None)


def test_deploy_check_passes_at_warning_level():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_shared_cache():
    result = _manage("check", REDIS_URL="")
    assert result.returncode != 0
    assert "REDIS_URL must be set in production" in result.stderr


def test_links_sent_to_residents_start_with_the_public_https_address(production):
    # WAGTAILADMIN_BASE_URL unset: the first allowed host, over https (not the dev default).
    assert production.WAGTAILADMIN_BASE_URL == "https://linli.example.cn"
    assert production.WAGTAILAPI_BASE_URL == "https://linli.example.cn"
    result = _manage("check", WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000")
    assert result.returncode != 0 and "WAGTAILADMIN_BASE_URL must be" in result.stderr


def test_collectstatic_writes_hashed_names(tmp_path):
    result = _manage("collectstatic", "--noinput", STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").exists()
    assert list((tmp_path / "css").glob("site.*.css")), "site.css has no hashed copy"


def test_shared_stores_and_proxy_depth(production):
    assert production.CACHES["default"]["BACKEND"] in (
        "django.core.cache.backends.redis.RedisCache",
        "django_redis.cache.RedisCache",
        "core.cache_backend.ResilientRedisCache",  # django-redis, see core/cache_backend.py
    )
    assert production.SESSION_ENGINE in (
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.cached_db",
    )
    # nginx is the only proxy in front of gunicorn (site/nginx/linli.conf, site/README.md).
    assert production.ALLAUTH_TRUSTED_PROXY_COUNT == 1
    assert "ManifestStaticFilesStorage" in production.STORAGES["staticfiles"]["BACKEND"]


def test_cookie_settings(production):
    assert production.SESSION_COOKIE_NAME.startswith("__Host-")
    assert production.SESSION_COOKIE_SECURE and production.SESSION_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Lax"
    # A __Host- cookie must have Path=/ and no Domain: Django's defaults, left alone.
    assert (
        getattr(production, "SESSION_COOKIE_DOMAIN", global_settings.SESSION_COOKIE_DOMAIN) is None
    )
    assert getattr(production, "SESSION_COOKIE_PATH", global_settings.SESSION_COOKIE_PATH) == "/"
    assert production.CSRF_COOKIE_SECURE and production.CSRF_COOKIE_NAME.startswith("__Host-")


def test_wagtail_upload_settings(production):
    assert "svg" not in production.WAGTAILIMAGES_EXTENSIONS
    assert production.WAGTAILDOCS_SERVE_METHOD in (None, "serve_view")
    assert production.WAGTAILDOCS_EXTENSIONS
    assert production.WAGTAILDOCS_MAX_UPLOAD_SIZE


SECURITY_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_NAME",
]


@pytest.fixture
def production_security(production):
    values = {name: getattr(production, name) for name in SECURITY_SETTINGS}
    with override_settings(**values):
        yield


def test_https_response_headers(production_security, site_settings, client):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= 31_536_000 and "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


def test_plain_http_is_redirected_to_https(production_security, demo, client):
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_cached_response_keeps_the_security_headers(production_security, site_settings, client):
    client.get("/", secure=True)
    response = client.get("/", secure=True)
    assert response["X-Cache"] == "hit"
    assert "Strict-Transport-Security" in response
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


def test_test_settings_are_not_production():
    # The suite itself runs without HTTPS redirects (sanity check for the fixtures above).
    assert not settings.SECURE_SSL_REDIRECT
