"""What higher apps add to station and department pages, without units importing them.

- **Panels**: a section of a page (feedback adds the month's whistle-report figures and the
  "report a problem here" link). An app registers a template and a function that returns the
  template's context for the page's source-language copy.
- **Routes**: a sub-page of a page (ratings adds `scorecard/`). The view is called as a method
  of the page: `view(page, request, *args, **kwargs)`.
- **Hotlines**: numbers every station's vCard and door poster add to its own (home adds the
  district's 12345 hotline from its site settings): `hotlines(request)` → [(label, phone)].

Apps register in their AppConfig.ready(); the page models read the registry when they render.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import path as url_path


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[Any], dict]


_panels: dict[str, list[Panel]] = {}
_routes: dict[str, list] = {}


def register_panel(model_name, template, context):
    """Show `template` on every page of `model_name` ("unit" or "department"), with the
    context that `context(page)` returns merged into the page's own."""
    panels = _panels.setdefault(model_name, [])
    if not any(p.template == template for p in panels):
        panels.append(Panel(template, context))


def panel_context(model_name, page):
    """The panels' context for `page` (any language copy) and `page_panels`, their templates."""
    context = {"page_panels": []}
    for panel in _panels.get(model_name, []):
        context.update(panel.context(page))
        context["page_panels"].append(panel.template)
    return context


def register_route(model_name, route, view, name):
    """Serve `view` at `<page url><route>` for every page of `model_name`."""
    routes = _routes.setdefault(model_name, [])
    if not any(r.name == name for r in routes):
        routes.append(url_path(route, view, name=name))


def routes(model_name):
    return tuple(_routes.get(model_name, []))


class ExtensibleRoutesMixin:
    """For a RoutablePageMixin page: its own routes plus those registered for `extension_name`."""

    extension_name = ""

    @classmethod
    def get_subpage_urls(cls):
        return super().get_subpage_urls() + routes(cls.extension_name)


_hotlines: list[Callable] = []


def register_hotlines(function):
    """`function(request)` returns [(label, phone)] to add to every station's vCard and poster."""
    if function not in _hotlines:
        _hotlines.append(function)


def hotlines(request):
    return [entry for function in _hotlines for entry in function(request)]
