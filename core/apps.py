from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共组件")

    def ready(self):
        from django.urls import register_converter

        from . import cache  # imports models (Wagtail's), so not at module level
        from .ids import IdConverter

        cache.connect()
        # Before any URLconf is imported: `<id:pk>` in our URL patterns.
        register_converter(IdConverter, "id")
