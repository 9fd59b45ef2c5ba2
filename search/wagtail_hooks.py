from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_panels import SearchIndexPanel
from .models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("搜索同义词")
    list_display = ["__str__", "note"]
    search_fields = ["terms", "note"]
    search_backend_name = None  # a few hundred rows: the database's own filter is enough
    ordering = ["pk"]


register_snippet(SynonymGroupViewSet)


@hooks.register("construct_homepage_panels")
def search_index_panel(request, panels):
    panels.append(SearchIndexPanel())
