from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import Category
from .permissions import can_handle_reports


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("问题类别")
    menu_order = 910
    add_to_admin_menu = True
    list_display = ["name", "department", "urgency", "active", "sort_order"]
    list_filter = ["active", "urgency"]


register_snippet(CategoryViewSet)


@hooks.register("register_admin_urls")
def report_urls():
    return [
        path("reports/", admin_views.report_list, name="feedback_admin_list"),
        path("reports/export/", admin_views.report_export, name="feedback_admin_export"),
        path("reports/<id:pk>/", admin_views.report_detail, name="feedback_admin_detail"),
        path(
            "reports/<id:pk>/transition/",
            admin_views.report_transition,
            name="feedback_admin_transition",
        ),
        path(
            "reports/<id:pk>/escalate/",
            admin_views.report_escalate,
            name="feedback_admin_escalate",
        ),
        path(
            "reports/<id:pk>/reveal-phone/", admin_views.reveal_phone, name="feedback_admin_reveal"
        ),
    ]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_handle_reports(request.user)


@hooks.register("register_admin_menu_item")
def reports_menu_item():
    return ReportsMenuItem(
        _("吹哨工单"), reverse("feedback_admin_list"), icon_name="warning", order=150
    )
