"""A real site in a real browser: the demo district served by a subprocess, driven by Chromium.

The server runs `manage.py runserver --insecure` with the test settings against its own SQLite
file, built with `migrate` and `load_demo_data`, exactly as a person would start it. Debian's
Chromium is driven by Playwright (it cannot download browsers here). Without Chromium the tests
are skipped, except in CI (CI=true), where that is a failure.
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing():
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium fonts-wqy-microhei)"
    if not AXE.exists():
        return "axe-core is not installed (npm ci)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


@pytest.fixture(scope="session")
def browser_available():
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server_port():
    return _free_port()


@pytest.fixture(scope="session")
def server_env(browser_available, tmp_path_factory, server_port):
    """The site's environment: its database, media, a directory the mail is written to, and
    its own address (absolute links in mail and text messages point at it)."""
    var = tmp_path_factory.mktemp("site")
    (var / "mail").mkdir()
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "MEDIA_ROOT": str(var / "media"),
        "VAR_DIR": str(var),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(var / "mail"),
        "RATING_MIN_ACCOUNT_AGE_HOURS": "0",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{server_port}",
        # Every journey comes from 127.0.0.1: a resident's own limits (5 reports an hour) would
        # turn the later journeys away. tests/security proves the limits themselves.
        "RATE_LIMITS_JSON": json.dumps(
            {"report": "200/1h/ip", "report_attempt": "500/1h/ip", "report_lookup": "200/1h/ip"}
        ),
    }


@pytest.fixture(scope="session")
def manage_shell(server_env, site_url):
    """Run Python in `manage.py shell` against the running site's database; returns stdout."""

    def run(code):
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
            cwd=ROOT,
            env=server_env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise RuntimeError(result.stderr)
        return result.stdout

    return run


@pytest.fixture(scope="session")
def site_url(server_env, server_port):
    """Base URL of a freshly built demo site."""
    env = server_env
    var = Path(env["VAR_DIR"])
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo_data"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    port = server_port
    log = open(var / "server.log", "w")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        manage + ["runserver", "--insecure", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError((var / "server.log").read_text()) from None
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser(site_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, site_url):
    """A fresh 375 px wide phone, with every request recorded."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, base_url=site_url, locale="zh-CN", has_touch=True
    )
    page = context.new_page()
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    yield page
    context.close()


@pytest.fixture
def desk(browser, site_url):
    """A desktop browser, as staff use at the station."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=site_url, locale="zh-CN"
    )
    yield context.new_page()
    context.close()


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page):
    """Run axe-core in the page (injected with evaluate, which a strict CSP allows)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]


def has_horizontal_overflow(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
