"""Find the page for a URL with one query instead of one per level.

Wagtail's `Page.route` walks the tree: one query per path segment plus one per `.specific`,
about nine for a notice five levels down. A page's `url_path` already holds its whole path, so
the page can be looked up directly; the walk remains the fallback for everything this shortcut
does not handle (routable sub-pages such as a station's `notices/` list, and 404s).

A routable page's own sub-routes win over a child page with the same slug in Wagtail's walk; to
keep that order, a path with any segment that starts a sub-route (e.g. "notices", "feed") takes
the walk.
"""

from functools import cache

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models


@cache
def subroute_segments():
    """The first segment of every sub-route of every routable page model."""
    segments = set()
    for model in get_page_models():
        if not issubclass(model, RoutablePageMixin):
            continue
        for pattern in model.get_subpage_urls():
            first = str(pattern.pattern).strip("^/").split("/")[0]
            if first:
                segments.add(first)
    return frozenset(segments)


def page_at(root, path_components):
    """The live specific page at `path_components` below `root`, or None to take the walk."""
    if not path_components or subroute_segments().intersection(path_components):
        return None
    url_path = f"{root.url_path}{'/'.join(path_components)}/"
    page = Page.objects.live().filter(url_path=url_path).specific().first()
    return page
