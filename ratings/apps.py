from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = _("评议监督")

    def ready(self):
        # Modules that import models: only once the app registry is ready.
        from django.db.models.signals import post_delete

        from core import personal_data
        from units import extensions

        from . import privacy, tallies, views
        from .models import Rating, ratings_changed

        post_delete.connect(tallies.deleted, sender=Rating, dispatch_uid="rating-tallies")
        post_delete.connect(ratings_changed, sender=Rating, dispatch_uid="rating-scorecards")

        extensions.register_route("unit", "scorecard/", views.unit_scorecard, "scorecard")
        extensions.register_route(
            "department", "scorecard/", views.department_scorecard, "scorecard"
        )
        extensions.register_panel("unit", "ratings/includes/unit_links.html", views.unit_panel)
        personal_data.register(privacy.PART)
