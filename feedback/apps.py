from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("居民吹哨")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Modules that import models: only once the app registry is ready.
        from core import personal, personal_data
        from units import extensions

        from . import forms, privacy, stats

        extensions.register_panel("unit", "feedback/includes/stats.html", stats.unit_panel)
        personal.register(
            "report_stamp",
            "feedback/includes/report_stamp.html",
            forms.fresh_stamp,
            per_request=True,
        )
        personal.register("report_email", "feedback/includes/report_email.html", forms.email_choice)
        extensions.register_panel(
            "department", "feedback/includes/stats.html", stats.department_panel
        )
        personal_data.register(privacy.PART)
