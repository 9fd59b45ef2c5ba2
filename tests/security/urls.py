"""Every URL pattern of the site, with a sample path for each, for the tests that walk them."""

import re
import uuid
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

SAMPLES = {"int": "1", "id": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}


@dataclass(frozen=True)
class Pattern:
    route: str  # the pattern's text, all levels joined (regex parts as written)
    name: str  # the view name, with namespaces ("feedback:lookup"), or "" when unnamed
    callback: object
    sample: str  # a path that this pattern matches, or the best guess

    @property
    def admin(self):
        return self.route.startswith(("admin/", "django-admin/"))


def _sample(route):
    path = re.sub(r"<(\w+):\w+>", lambda m: SAMPLES.get(m.group(1), "x"), route)
    path = re.sub(r"<\w+>", "x", path)
    path = re.sub(
        r"\(\?P<(\w+)>[^)]*\)", lambda m: "1" if m.group(1).endswith(("id", "pk")) else "x", path
    )
    path = re.sub(r"\(\?:[^)]*\)[*?]", "", path)
    path = re.sub(r"\([^)]*\)[*+?]?", "1", path)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    path = re.sub(r"[*+?]", "", path)
    return "/" + path


def all_patterns():
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            text = str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = ":".join(part for part in (namespace, entry.namespace) if part)
                walk(entry.url_patterns, prefix + text, inner)
                continue
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            route = prefix + text
            if not isinstance(entry.pattern, RoutePattern) and route.startswith("^"):
                route = route[1:]
            found.append(Pattern(route, name, entry.callback, _sample(route)))

    walk(get_resolver().url_patterns, "", None)
    return found
