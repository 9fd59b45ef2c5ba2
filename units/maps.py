"""Links that open a station's address in a map app or map website: ordinary links, so
nothing is loaded from outside when the page is read."""

from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext as _


def map_links(address):
    if not address:
        return []
    region = settings.MAP_REGION
    query = address if address.startswith(region) else region + address
    return [
        {"label": _("在地图中查看"), "url": settings.MAP_SEARCH_URL.format(query=quote(query))},
        # Android's map apps (and some others) open a geo: link; iPhones use the link above.
        {"label": _("用手机地图应用导航"), "url": f"geo:0,0?q={quote(query)}"},
    ]
