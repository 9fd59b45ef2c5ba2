"""The staff's reports admin as a Wagtail ModelViewSet under /admin/reports/: listing (filters,
search, ordering, CSV/XLSX export), inspect view, and the actions on a report as extra views.
Reports are never added, edited or deleted here (feedback.permissions.ReportPermissionPolicy)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .admin_forms import ReportFilterSet
from .models import Report

ACTIONS = {
    "transition": admin_views.TransitionView,
    "escalate": admin_views.EscalateView,
    "reassign": admin_views.ReassignView,
    "reveal_phone": admin_views.RevealPhoneView,
    "revoke_links": admin_views.RevokeLinksView,
}


class ReportViewSet(ModelViewSet):
    model = Report
    name = "reports"
    icon = "warning"
    menu_label = _("吹哨工单")
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = admin_views.ReportIndexView
    inspect_view_class = admin_views.ReportInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = ReportFilterSet
    search_fields = ["tracking_number", "description", "compound"]
    search_backend_name = None  # the database's own LIKE: reports are not in the search index
    # A phone shows a few at a time; each row costs about 2 ms to draw (bench/report_admin.py).
    list_per_page = 25

    def get_urlpatterns(self):
        """Listing and inspect view only (no add, edit, delete, history, copy), and the
        actions."""
        patterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]
        for name, view_class in ACTIONS.items():
            view = view_class.as_view(inspect_view=self.inspect_view)
            patterns.append(path(f"{name.replace('_', '-')}/<int:pk>/", view, name=name))
        return patterns
