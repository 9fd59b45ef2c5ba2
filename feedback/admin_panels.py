"""The admin dashboard's reports panel: the triage queue and overdue reports of the user, and a
warning when the holiday calendar misses a year that deadlines reach (feedback.deadlines)."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .deadlines import missing_years
from .permissions import can_handle_reports, is_district_admin, reports_for_user


class ReportsPanel(Component):
    name = "reports"
    order = 110
    template_name = "feedback/admin/reports_panel.html"

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        context = {"show": False}
        if can_handle_reports(user):
            reports = reports_for_user(user)
            context.update(
                show=True,
                index_url=reverse("reports:index"),
                overdue=reports.overdue().count(),
                triage=reports.triage().count() if is_district_admin(user) else None,
            )
        if user.has_perm("feedback.change_holidayyear") or is_district_admin(user):
            context["missing_years"] = missing_years()
            context["holidays_url"] = reverse("wagtailsnippets_feedback_holidayyear:add")
            context["show"] = context["show"] or bool(context["missing_years"])
        return context
