"""Links to hundreds of scorecards at once (a department at every station lists them all),
in the reader's language, from a few columns of each page rather than whole pages.

A page's address is its site root's address plus the rest of its url_path, quoted (what
Wagtail's Page.get_url_parts reverses): Wagtail works out each site root's address once, the
rest is string work. Measured at 593 stations: 80 ms of CPU with page objects and a Wagtail
address each, a few ms this way (bench/RESULTS.md, round 3)."""

from dataclasses import dataclass
from urllib.parse import quote

from django.utils.translation import get_language
from wagtail.models import Page, Site

from core.locale import locale_id_for, source_language

# What django.urls.reverse leaves unquoted in a path argument.
SAFE = "!$&'()*+,;=/~:@"


@dataclass
class Link:
    pk: int  # the source page's: the figures belong to it
    title: str
    scorecard_link: str

    @property
    def reading_copy(self):
        return self.title

    def __str__(self):
        return self.title


def scorecard_links(pages, request):
    """[Link] for a queryset of source pages (one model), in its order."""
    rows = list(pages.values("pk", "title", "url_path", "translation_key", "locale_id"))
    if not rows:
        return []
    model = pages.model
    locale_id = locale_id_for(get_language() or source_language())
    copies = {}
    if locale_id is not None and any(row["locale_id"] != locale_id for row in rows):
        copies = {
            copy["translation_key"]: copy
            for copy in model.objects.live()
            .filter(locale_id=locale_id, translation_key__in=[r["translation_key"] for r in rows])
            .values("translation_key", "title", "url_path")
        }
    suffix = model().reverse_subpage("scorecard")
    # As Wagtail chooses: the first site root (in Site.get_site_root_paths' order) that the
    # page is under; its address as Wagtail gives it (language prefix, host if another site).
    roots = [root.root_path for root in Site.get_site_root_paths()]
    bases = {}
    links = []
    for row in rows:
        shown = copies.get(row["translation_key"], row)
        url_path = shown["url_path"]
        root = next((path for path in roots if url_path.startswith(path)), None)
        if root is None:  # outside every site: no address, no link
            continue
        if root not in bases:
            bases[root] = Page(url_path=root).get_url(request)
        rest = quote(url_path[len(root) :], SAFE)
        links.append(Link(row["pk"], shown["title"], f"{bases[root]}{rest}{suffix}"))
    return links
