"""Content Security Policy on public pages and the admin (RELIABILITY item 3)."""

import re
from pathlib import Path

import pytest

from handbook.models import HandbookPage
from units.models import DirectoryPage, NoticeIndexPage, NoticePage, UnitPage

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_strict(header):
    csp = parse_csp(header)
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] in (["'none'"], ["'self'"])
    assert csp["frame-ancestors"] == ["'none'"]
    script_src = csp.get("script-src", csp["default-src"])
    has_nonce = any(s.startswith("'nonce-") for s in script_src)
    assert "'unsafe-inline'" not in script_src or has_nonce or "'strict-dynamic'" in script_src
    assert "'unsafe-inline'" not in csp.get("style-src", csp["default-src"])
    assert "'unsafe-eval'" not in script_src


def public_urls():
    unit = UnitPage.objects.live().first()
    return [
        "/",
        "/en/",
        DirectoryPage.objects.live().first().url,
        unit.url,
        NoticePage.objects.live().first().url,
        NoticeIndexPage.objects.live().first().url,
        HandbookPage.objects.live().first().url,
        "/search/?q=停水",
        unit.poster_url,
    ]


def test_public_pages_have_a_strict_policy(demo, client):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response["Content-Security-Policy"])


def test_admin_has_its_own_policy(demo, client):
    response = client.get("/admin/login/")
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" in csp["script-src"]  # Wagtail's inline initialisation scripts
    assert csp["frame-ancestors"] == ["'self'"]  # the live preview iframe


def test_admin_pages_load_under_the_admin_policy(demo, admin_client):
    response = admin_client.get("/admin/pages/", follow=True)
    assert "Content-Security-Policy" in response


PUBLIC_TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE = re.compile(
    r"""\sstyle\s*=          # style attribute
      | <style\b             # style element
      | <script(?![^>]*\bsrc=)[^>]*>(?!\s*</script>)  # inline script
      | \son[a-z]+\s*=       # event handler attribute
    """,
    re.X | re.I,
)


def test_public_templates_have_no_inline_script_or_style():
    offenders = []
    for directory in PUBLIC_TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            relative = path.relative_to(directory).as_posix()
            # Admin templates (a folder named admin) are served under the admin policy.
            if "/admin/" in f"/{relative}" or ".venv" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if INLINE.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert not offenders, "\n".join(offenders)


def test_poster_qr_code_needs_no_inline_style(demo, client):
    unit = UnitPage.objects.live().first()
    html = client.get(unit.poster_url).content.decode()
    assert "<svg" in html
    assert not INLINE.search(html)
