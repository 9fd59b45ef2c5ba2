"""An app server does its one-time work when it starts, not on a visitor's first request."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys, time
started = time.perf_counter()
import config.wsgi
from django.template import engines
from django.urls import get_resolver
from django.utils import translation
loaded = engines["django"].engine.template_loaders[0].get_template_cache
print("urlconf", "config.urls" in sys.modules and "allauth.mfa.urls" in sys.modules)
print("templates", len(loaded) >= 40)
print("reverse", translation.get_language() is not None and bool(get_resolver()._reverse_dict))
"""


def test_loading_the_app_imports_urls_and_compiles_templates_without_the_database(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "warm-up-test-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Nothing listens on port 1: touching the database or the cache would fail.
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:1/none",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "VAR_DIR": str(tmp_path / "var"),
        "ELASTICSEARCH_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split("\n")[:3] == ["urlconf True", "templates True", "reverse True"]
