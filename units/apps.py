from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("邻里之家")

    def ready(self):
        from . import finder, teams  # import models

        finder.connect()
        teams.connect()
