from django.db import models
from django.http import Http404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from core.locale import source_tree
from core.phones import validate_phone
from core.routing import page_at
from core.templatetags.site_tags import html_lang

from .navigation import service_links


class HomePage(Page):
    """The front door: the station finder and the way to every service."""

    intro = models.TextField(_("欢迎语"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = [
        "units.DirectoryPage",
        "units.DepartmentIndexPage",
        "units.NoticeIndexPage",
        "handbook.HandbookPage",
    ]
    max_count_per_parent = 1
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("首页")

    def route(self, request, path_components):
        if page := page_at(self, path_components):
            return page.route(request, [])
        try:
            return super().route(request, path_components)
        except Http404:
            # A page missing from this language's tree (e.g. created by an import, which makes
            # no alias) is served from the Chinese tree; base.html marks it untranslated.
            source = self.get_translations().filter(source_tree()).first()
            if source is None:
                raise
            return source.specific.route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = service_links(self)
        return context

    def structured_data(self, request):
        """The site (with its search) and the district office behind it, for search engines."""
        url = request.build_absolute_uri(self.url)
        hotline = DistrictSettings.for_request(request).hotline
        return {
            "@type": "WebSite",
            "name": self.title,
            "url": url,
            "inLanguage": html_lang(get_language()),
            "potentialAction": {
                "@type": "SearchAction",
                "target": request.build_absolute_uri(reverse("search")) + "?q={search_term_string}",
                "query-input": "required name=search_term_string",
            },
            "publisher": {
                "@type": "GovernmentOrganization",
                "name": str(_("静海区邻里之家")),
                "url": url,
                "logo": request.build_absolute_uri(static("img/icon-512.png")),
                "telephone": hotline,
            },
        }


@register_setting(icon="site")
class DistrictSettings(BaseSiteSetting):
    hotline = models.CharField(
        _("区服务热线"), max_length=40, default="12345", validators=[validate_phone]
    )
    hotline_label = models.CharField(
        _("热线说明"), max_length=100, default=_("静海区政务服务便民热线")
    )
    office_address = models.CharField(_("主办单位地址"), max_length=200, blank=True)
    footer_note = models.CharField(
        _("页脚说明"), max_length=200, blank=True, default=_("主办：静海区委组织部（示例站点）")
    )

    panels = [
        FieldPanel("hotline"),
        FieldPanel("hotline_label"),
        FieldPanel("office_address"),
        FieldPanel("footer_note"),
    ]

    class Meta:
        verbose_name = _("区级站点设置")


def district_hotlines(request):
    """The district's hotline for every station's vCard and poster (units.extensions)."""
    district = DistrictSettings.for_request(request)
    return [(gettext(district.hotline_label), district.hotline)] if district.hotline else []
