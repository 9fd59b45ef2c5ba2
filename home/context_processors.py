from .navigation import service_links


def site_chrome(request):
    """Navigation for the header; computed lazily so pages that do not use it pay nothing."""
    return {"nav_links": lambda: service_links()}
