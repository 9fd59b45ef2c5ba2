from django.conf import settings

from .navigation import service_links


def site_chrome(request):
    """Navigation for the header (computed lazily so pages that do not use it pay nothing),
    and the district's own share scripts, if any (settings.SHARE_SCRIPTS)."""
    return {"nav_links": lambda: service_links(), "share_scripts": settings.SHARE_SCRIPTS}
