"""What every process does once, done when it starts instead of on its first request.

A fresh app server's first page took 1–2 s: importing every view module through the URLconf
(allauth's MFA alone pulls in fido2), building the URL resolvers' reverse tables for each
language, compiling the templates and reading the translation catalogues. After a deploy
every worker paid that on a visitor's request. config/wsgi.py calls warm_up() as each worker
loads the application; nothing here touches the database or the cache.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import translation

# What the page chrome and the middlewares reverse on every request.
URL_NAMES = [
    "healthz",
    "elder_mode",
    "search",
    "account_login",
    "account_profile",
    "feedback:report",
    "feedback:lookup",
    "ratings:index",
    "units:find",
    "units:suggest",
    "wagtailadmin_home",
    "admin:index",
]


def warm_up():
    get_resolver().url_patterns  # noqa: B018 - imports every view module
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("静海区邻里之家")  # reads the language's catalogues
            for name in URL_NAMES:
                try:
                    reverse(name)
                except NoReverseMatch:
                    pass
            reverse("wagtail_serve", args=["x/"])
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            try:
                get_template(str(path.relative_to(folder)))
            except (TemplateDoesNotExist, TemplateSyntaxError):
                pass  # a template for another engine or an unused block: not ours to judge here
    try:
        staticfiles_storage.url("css/site.css")  # reads the manifest in production
    except ValueError:
        pass  # collectstatic has not run (development): the first request will say so
