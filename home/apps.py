from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("首页与站点设置")

    def ready(self):
        from units import extensions

        from .models import district_hotlines

        extensions.register_hotlines(district_hotlines)
