"""Read-only Wagtail API v2 for stations, departments and contacts."""

from django.urls import path
from wagtail.api.v2.filters import LocaleFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from core.ids import MAX_ID, parse_id
from core.locale import source_tree
from core.visibility import visible

# Parameters that already pick a language (the tree filters stay in the tree they start from).
CHOSEN_LANGUAGE = {"locale", "translation_of", "child_of", "descendant_of", "ancestor_of"}
# Wagtail turns numeric parameters (offset, limit, id, child_of, …) into ints and hands them to
# the database, which rejects numbers beyond 64 bits with an error, not an empty answer.
LONGEST_NUMBER = len(str(MAX_ID)) - 1


class SourceLocaleFilter(LocaleFilter):
    """Listings show the Chinese pages only, each station once rather than once per
    language, unless the client asks for a language (`?locale=en`), for a page's
    translations or for a part of one language's tree. A page by id works in every language."""

    def filter_queryset(self, request, queryset, view):
        listing = getattr(view, "action", None) == "listing_view"
        if listing and not CHOSEN_LANGUAGE & set(request.GET):
            return queryset.filter(source_tree())
        return super().filter_queryset(request, queryset, view)


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdecimal() and len(offset) > 9:
            raise BadRequestError("offset is too large")
        return super().paginate_queryset(queryset, request, view)


class StationPagesAPIViewSet(PagesAPIViewSet):
    filter_backends = [
        SourceLocaleFilter if backend is LocaleFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]
    pagination_class = BoundedPagination

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<id:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
            path("find/", cls.as_view({"get": "find_view"}), name="find"),
        ]

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        for name, value in self.request.GET.items():
            digits = value.lstrip("-")
            if digits.isdecimal() and len(digits) > LONGEST_NUMBER:
                raise BadRequestError(f"{name} is out of range")

    def find_object(self, queryset, request):
        if "id" in request.GET and parse_id(request.GET["id"]) is None:
            raise self.model.DoesNotExist  # 404, as for an id that exists nowhere
        return super().find_object(queryset, request)

    def get_base_queryset(self):
        """Wagtail's public pages, without any copy of a restricted page (an English alias
        of a restricted notice has no restriction of its own: core.visibility)."""
        return visible(super().get_base_queryset())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", StationPagesAPIViewSet)
