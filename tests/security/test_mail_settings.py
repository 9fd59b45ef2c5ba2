"""Issue 15, item 6: production does not print login codes and reset links to its log.

The settings are imported the way an operator starts the site (manage.py check, a process of
its own with the production settings): a mail backend that prints or keeps mail is refused
unless a trial says so explicitly, as the console SMS sender is."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check(**env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("EMAIL_BACKEND", "ALLOW_CONSOLE_EMAIL", "SMS_SENDER")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="linli.example.cn",
        REDIS_URL="redis://127.0.0.1:6379/1",
        **env,
    )
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.EMAIL_BACKEND)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("backend", ["console", "locmem", "filebased"])
def test_production_refuses_a_mail_backend_that_prints_or_keeps_mail(backend):
    result = _check(EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend")
    assert result.returncode != 0
    assert "ALLOW_CONSOLE_EMAIL=true" in result.stderr


def test_a_trial_may_allow_it_explicitly():
    result = _check(
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend", ALLOW_CONSOLE_EMAIL="true"
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_production_sends_mail_by_smtp_unless_told_otherwise():
    result = _check()
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"
