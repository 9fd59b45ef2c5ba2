"""Error pages that cannot fail themselves: config.urls' handler400 and handler500, and
RejectUnreadableForms.

A form sent in another encoding (charset=utf-16) makes Django raise BadRequest when anything
reads request.POST, and Django's own error views read it again (their CSRF check), so the 400
ended as a 500. RejectUnreadableForms answers 400 before anything reads the body, and these
handlers read nothing from the request.

When the database cannot be reached the answer is a calm 503 page with Retry-After, never a
500. The page is static (static/errors/503.html), so showing it needs neither the database nor
the cache. nginx shows the same file when the app servers do not answer or answer 502/503/504
(site/nginx/linli.conf); Django shows it here for a request that failed on the database, from
wherever the error came (a view, a template, a middleware saving the session). Nothing needs
restarting afterwards: a broken connection is replaced at the next request (CONN_HEALTH_CHECKS,
config/settings/env.py).
"""

import sys
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

PAGE = "errors/503.html"
RETRY_AFTER_SECONDS = 30
PLAIN = (
    '<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
    "<title>{title}</title></head><body><h1>{title}</h1><p>{text}</p>"
    '<p><a href="/">{home}</a></p></body></html>'
)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _plain(title, text):
    lang = "zh-Hans" if (get_language() or "zh-hans") == "zh-hans" else get_language()
    return PLAIN.format(lang=lang, title=title, text=text, home=_("返回首页"))


def database_unreachable(exc):
    """Whether `exc` (or what caused it) is a lost or refused database connection."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


@cache
def _page():
    return Path(finders.find(PAGE)).read_bytes()


def unavailable():
    response = HttpResponse(_page(), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def bad_request():
    return HttpResponseBadRequest(
        _plain(_("请求无法处理"), _("提交的内容无法识别，请返回上一页重新填写。"))
    )


def handler400(request, exception=None):
    return bad_request()


def handler500(request):
    """Called while the uncaught exception is being handled."""
    if database_unreachable(sys.exc_info()[1]):
        return unavailable()
    return HttpResponseServerError(
        _plain(_("出错了"), _("很抱歉，服务器出了问题，我们会尽快修复。请稍后再试。"))
    )


class RejectUnreadableForms:
    """400 for a form whose declared encoding is not UTF-8, before anything reads it, and for
    a NUL character in the address or the query (no text field holds one: PostgreSQL refuses
    it outright, so every view that looked such a value up would fail)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            return bad_request()
        content_type = request.META.get("CONTENT_TYPE", "").lower()
        if content_type.startswith(FORM_TYPES) and "charset=" in content_type:
            charset = content_type.split("charset=", 1)[1].split(";")[0].strip(' "')
            if charset.replace("-", "").replace("_", "") != "utf8":
                return bad_request()
        return self.get_response(request)
