from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, permissions_hooks  # noqa: F401 (registers its hooks on import)


@hooks.register("register_admin_urls")
def roster_urls():
    return [
        path("roster/import/", admin_views.roster_import, name="units_roster_import"),
        path("roster/confirm/", admin_views.roster_confirm, name="units_roster_confirm"),
    ]


class RosterMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_import_roster(request.user)


@hooks.register("register_admin_menu_item")
def roster_menu_item():
    return RosterMenuItem(
        _("导入名册"), reverse("units_roster_import"), icon_name="upload", order=900
    )
