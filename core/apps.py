from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共组件")

    def ready(self):
        from . import cache  # imports models (Wagtail's), so not at module level

        cache.connect()
