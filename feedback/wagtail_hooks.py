from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_panels import ReportsPanel
from .models import Category, HolidayYear, Report
from .permissions import ReportPermissionPolicy
from .viewsets import ReportViewSet

register_permission_policy(Report, ReportPermissionPolicy())


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("问题类别")
    menu_order = 910
    add_to_admin_menu = True
    list_display = ["name", "department", "urgency", "active", "sort_order"]
    list_filter = ["active", "urgency"]


class HolidayYearViewSet(SnippetViewSet):
    """The holiday arrangement of a year chinese-calendar does not know yet (feedback.deadlines)."""

    model = HolidayYear
    icon = "date"
    menu_label = _("节假日安排")
    menu_order = 920
    add_to_admin_menu = True
    list_display = ["year", "note"]


register_snippet(CategoryViewSet)
register_snippet(HolidayYearViewSet)


@hooks.register("register_admin_viewset")
def report_viewset():
    return ReportViewSet()


@hooks.register("construct_homepage_panels")
def reports_panel(request, panels):
    panels.append(ReportsPanel())
