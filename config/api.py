"""Read-only Wagtail API v2 for stations, departments and contacts."""

from wagtail.api.v2.filters import LocaleFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from core.locale import source_tree

# Parameters that already pick a language (the tree filters stay in the tree they start from).
CHOSEN_LANGUAGE = {"locale", "translation_of", "child_of", "descendant_of", "ancestor_of"}


class SourceLocaleFilter(LocaleFilter):
    """Listings show the Chinese pages only, each station once rather than once per
    language, unless the client asks for a language (`?locale=en`), for a page's
    translations or for a part of one language's tree. A page by id works in every language."""

    def filter_queryset(self, request, queryset, view):
        listing = getattr(view, "action", None) == "listing_view"
        if listing and not CHOSEN_LANGUAGE & set(request.GET):
            return queryset.filter(source_tree())
        return super().filter_queryset(request, queryset, view)


class StationPagesAPIViewSet(PagesAPIViewSet):
    filter_backends = [
        SourceLocaleFilter if backend is LocaleFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", StationPagesAPIViewSet)
