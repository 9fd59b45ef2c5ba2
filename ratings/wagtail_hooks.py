from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def ratings_admin_urls():
    return [
        path("ratings/moderation/", admin_views.moderation, name="ratings_moderation"),
        path(
            "ratings/moderation/<id:pk>/comment/",
            admin_views.moderate_comment,
            name="ratings_moderate_comment",
        ),
        path(
            "ratings/moderation/<id:pk>/review/",
            admin_views.review_flagged,
            name="ratings_review_flagged",
        ),
        path("ratings/scorecards/", admin_views.scorecards, name="ratings_scorecards"),
        path(
            "ratings/scorecards/<id:pk>/",
            admin_views.department_detail,
            name="ratings_department",
        ),
        path("ratings/scorecards/export.csv", admin_views.export_csv, name="ratings_export"),
    ]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return ModeratorMenuItem(
        _("评议审核"), reverse("ratings_moderation"), icon_name="comment", order=910
    )


@hooks.register("register_admin_menu_item")
def scorecards_menu_item():
    return ModeratorMenuItem(
        _("评议统计"), reverse("ratings_scorecards"), icon_name="table", order=920
    )
