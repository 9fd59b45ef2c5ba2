"""Reading Wagtail's page tree cheaply, for lists of hundreds or thousands of pages.

- **Ranges of paths.** A page's descendants are the pages whose materialised path starts with
  its own. Wagtail asks `path LIKE 'prefix%'`, which SQLite cannot answer from an index (its
  LIKE ignores case, the index does not): a station's notices were found by reading all
  200,000 pages. The same set is a range of paths, which every database reads from the index.
  Use it where the range is small (a station's notices, a town's); to list one page type
  across a large subtree (every station of the district), Wagtail's `descendant_of` lets
  SQLite start from that type's own, smaller table instead.
- **Links without page objects.** Building a page object (modelcluster's, with its child
  relations) and reversing its URL costs about 0.3 ms a page: 0.8 s for the 2,800 links of
  the Tianjin directory. A page's URL is its ancestor's URL plus the rest of its url_path, so a
  list needs one URL and plain rows.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Page

# treebeard writes paths in 0-9A-Z: every path below `prefix` sorts before prefix + "[".
_AFTER_LAST = "["


def descendants_of(page, prefix=""):
    """A filter for the pages below `page` (not `page` itself); `prefix` reaches the page
    through a relation, e.g. "page__"."""
    return Q(**{f"{prefix}path__gt": page.path, f"{prefix}path__lt": page.path + _AFTER_LAST})


def children_of(page, prefix=""):
    return descendants_of(page, prefix) & Q(**{f"{prefix}depth": page.depth + 1})


@dataclass
class Link:
    """What a list shows of a page: its title and where it is."""

    pk: int
    title: str
    path: str
    url: str
    children: list = field(default_factory=list)

    @property
    def parent_path(self):
        return self.path[: -Page.steplen]


def links(pages, root, request=None):
    """[Link] for `pages` (a queryset of pages below `root`, in the same site and language),
    in the queryset's order, in one query."""
    root_url = root.get_url(request)
    cut = len(root.url_path)
    return [
        Link(pk, title, path, root_url + url_path[cut:])
        for pk, title, path, url_path in pages.values_list("pk", "title", "path", "url_path")
    ]


def site_root(page):
    """The root page (depth 2) of `page`'s site and language: one query."""
    return Page.objects.get(path=page.path[: 2 * Page.steplen])
