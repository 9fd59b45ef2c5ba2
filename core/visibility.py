"""Which pages may appear in public lists: none that a view restriction hides.

Wagtail checks a page's view restrictions (a password, signed-in visitors, groups) when the
page itself is requested, and `PageQuerySet.public()` leaves out the restricted subtrees. But
every page here exists in two trees: the English copy of a restricted notice is an alias (or a
translation) with no restriction of its own, under ancestors with none either, and shows the
same title and text. So a public list, feed, sitemap, search or API listing filters with
`hidden_q()`, which covers the restricted pages, every copy of them in other languages, and
everything below any of those. Lists show what every visitor may see, so a page is left out
even for someone who has entered its password (lists are cached for everyone).
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from .cache import generation_cached


def _copies(pages):
    """The pages, their aliases (at any depth) and their translations: (pk, path) pairs."""
    found = dict(pages)
    keys = set(Page.objects.filter(pk__in=found).values_list("translation_key", flat=True))
    frontier = set(found)
    for pk, path in Page.objects.filter(translation_key__in=keys).values_list("pk", "path"):
        if pk not in found:
            found[pk] = path
            frontier.add(pk)
    while frontier:
        aliases = Page.objects.filter(alias_of__in=frontier).values_list("pk", "path")
        frontier = set()
        for pk, path in aliases:
            if pk not in found:
                found[pk] = path
                frontier.add(pk)
    return found


def hidden_paths():
    """The tree paths under which nothing may be listed, kept until the page cache's
    generation moves on (saving a PageViewRestriction or any page moves it)."""

    def compute():
        restricted = Page.objects.filter(
            pk__in=PageViewRestriction.objects.values("page_id")
        ).values_list("pk", "path")
        paths = sorted(set(_copies(restricted).values()))
        # A path below another one adds nothing.
        return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]

    return generation_cached("visibility:hidden-paths", compute)


def hidden_q(prefix=""):
    """A filter matching pages that must not be listed (`prefix` reaches the page through
    a relation, e.g. "page__")."""
    q = Q()
    for path in hidden_paths():
        q |= Q(**{f"{prefix}path__startswith": path})
    return q if q else Q(pk__in=[])


def visible(queryset, prefix=""):
    return queryset.exclude(hidden_q(prefix))


def is_hidden(page):
    return any(page.path.startswith(path) for path in hidden_paths())


class VisibleQuerySetMixin:
    """For page querysets: `.visible()`, the live pages a public list may show."""

    def visible(self):
        return visible(self.live())
