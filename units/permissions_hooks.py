"""Admin hooks for station staff: their station and drafts first on the dashboard."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .models import NoticePage
from .teams import stations_of

DRAFTS_SHOWN = 20


class StationPanel(Component):
    name = "station_pages"
    order = 50  # before Wagtail's own panels (100 and up)
    template_name = "units/notice_dashboard_panel.html"

    def __init__(self, units):
        self.units = units

    def get_context_data(self, parent_context):
        scope = NoticePage.objects.none()
        for unit in self.units:
            scope = scope | NoticePage.objects.descendant_of(unit)
        drafts = scope.filter(has_unpublished_changes=True).order_by(
            "-latest_revision_created_at", "-pk"
        )[:DRAFTS_SHOWN]
        return {"units": self.units, "drafts": drafts, "heading": _("我的邻里之家")}


@hooks.register("construct_homepage_panels")
def add_station_panel(request, panels):
    units = list(stations_of(request.user))
    if units:
        panels.append(StationPanel(units))
