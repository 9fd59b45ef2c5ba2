"""Issue 15, item 7: crafted numbers and strings get a 4xx, never a 5xx.

Table-driven over every public URL pattern (tests/security/urls.py) and the query parameters
and form fields the site reads, with values people and scripts send: numbers beyond 64 bits,
digits int() cannot read ("²") or reads unexpectedly ("١٢٣"), NUL bytes, huge strings, markup,
other encodings. Runs on SQLite and on PostgreSQL (which rejects out-of-range numbers with an
error, not an empty result).
"""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client

from demo.factories.ratings import make_resident
from units.models import NoticeIndexPage, UnitPage

from .urls import all_patterns

pytestmark = pytest.mark.django_db

HOSTILE = [
    "²",
    "١٢٣",
    "99999999999999999999",
    "-9223372036854775809",
    "-1",
    "0",
    "1e309",
    "NaN",
    "\x00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "😀",
    "a" * 3000,
    " ",
    "[]",
]
# Everything the site's views, Wagtail's API and the forms read from a query string.
PARAMETERS = [
    "unit",
    "town",
    "community",
    "category",
    "page",
    "p",
    "q",
    "type",
    "format",
    "next",
    "on",
    "period",
    "status",
    "overdue",
]
API_PARAMETERS = [
    "offset",
    "limit",
    "fields",
    "order",
    "search",
    "search_operator",
    "type",
    "locale",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "id",
    "site",
    "html_path",
]
# The ones that break number parsing, for the walk over every single parameter.
SHARPEST = ["²", "99999999999999999999", "\x00", "-1", "a" * 3000]
PUBLIC = [p for p in all_patterns() if not p.admin]


def _no_server_error(client, method, url, **kwargs):
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code < 500, (method, url[:200], kwargs.get("data"))
    return response


@pytest.fixture
def pages(demo):
    unit = UnitPage.objects.live().first()
    return [unit.url, unit.url + "notices/", NoticeIndexPage.objects.live().first().url]


@pytest.mark.parametrize("pattern", PUBLIC, ids=lambda p: p.name or p.route)
def test_hostile_values_in_the_path_and_the_query(client, demo, pattern):
    base = pattern.sample
    for value in HOSTILE:
        query = urlencode({name: value for name in PARAMETERS})
        _no_server_error(client, "get", f"{base}?{query}")
        if "<" in pattern.route:  # each converter of the path
            segments = base.strip("/").split("/")
            for index in range(len(segments)):
                changed = [*segments]
                changed[index] = quote(value, safe="")
                _no_server_error(client, "get", "/" + "/".join(changed) + "/")


@pytest.mark.parametrize("value", SHARPEST, ids=lambda v: repr(v)[:20])
def test_hostile_values_in_every_parameter_of_the_pages_and_the_api(client, pages, value):
    for name in PARAMETERS:
        for url in [*pages, "/feedback/", "/search/", "/ratings/", "/ratings/ranking/", "/"]:
            _no_server_error(client, "get", f"{url}?{urlencode({name: value})}")
    for name in API_PARAMETERS:
        _no_server_error(client, "get", f"/api/v2/pages/?{urlencode({name: value})}")
        _no_server_error(client, "get", f"/api/v2/pages/find/?{urlencode({name: value})}")
    _no_server_error(client, "get", f"/{quote(value, safe='')}/")
    _no_server_error(client, "get", f"/stations/{quote(value, safe='')}/notices/")


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:20])
def test_hostile_values_in_every_form_field(client, django_user_model, demo, value):
    fields = ["unit", "category", "description", "compound", "phone", "token", "website"]
    fields += ["tracking_number", "last4", "satisfaction", "reason", "language", "next"]
    fields += ["attitude", "efficiency", "effectiveness", "comment", "login", "password"]
    data = {name: value for name in fields}
    unit = UnitPage.objects.live().first()
    resident = make_resident(django_user_model, "hostile@example.test")
    targets = ["/feedback/", "/feedback/status/", "/i18n/setlang/", "/accounts/login/"]
    targets += [f"/feedback/status/{quote(value, safe='')}/confirm/", "/accounts/signup/"]
    for url in targets:
        _no_server_error(client, "post", url, data=data)
    client.force_login(resident)
    from ratings.services import rated_pairs

    pair = rated_pairs().first()
    _no_server_error(
        client, "post", f"/ratings/rate/{pair.page_id}/{pair.department_id}/", data=data
    )
    _no_server_error(client, "post", f"/ratings/rate/{unit.pk}/{quote(value, safe='')}/", data=data)


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "latin-1", "gb2312", "nonsense"])
def test_a_form_in_another_encoding_gets_a_400(charset, demo):
    """With a valid CSRF token (in the header), so that the body is read by the view, the
    CSRF check and, for a missing page, the 404 view."""
    client = Client(enforce_csrf_checks=True)
    client.get("/feedback/")
    token = client.cookies["csrftoken"].value
    text = f"csrfmiddlewaretoken={token}&description=漏水漏水&category=1&login=a@b.cn"
    try:
        body = text.encode(charset, "replace")
    except LookupError:
        body = text.encode("utf-16")
    for url in ["/feedback/", "/feedback/status/", "/accounts/login/", "/i18n/setlang/", "/x/"]:
        response = client.generic(
            "POST",
            url,
            body,
            content_type=f"application/x-www-form-urlencoded; charset={charset}",
            HTTP_X_CSRFTOKEN=token,
        )
        assert response.status_code == 400, (url, charset)
        assert "提交的内容无法识别" in response.content.decode()
