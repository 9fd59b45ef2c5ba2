"""The 13 departments (职能部门) whose staff are dispatched to the stations."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.locale import SourcePageManager, SourcePageMixin
from core.page_forms import PinyinSlugPageForm
from core.pagetree import children_of, links, site_root
from core.phones import validate_phone
from core.visibility import hidden_q
from search.indexing import ChineseSearchable

from .. import extensions
from .restrictions import AliasViewRestrictionsMixin


class DepartmentIndexPage(AliasViewRestrictionsMixin, Page):
    objects = SourcePageManager()
    # The heading while the page has no translation (templatetags.site_tags.page_heading).
    listing_title = _("职能部门")

    intro = models.TextField(_("简介"), blank=True)

    base_form_class = PinyinSlugPageForm
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["units.DepartmentPage"]
    max_count_per_parent = 1
    template = "units/department_index_page.html"

    class Meta:
        verbose_name = _("职能部门目录")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["departments"] = (
            DepartmentPage.objects.filter(children_of(self)).visible().specific().order_by("path")
        )
        return context


class DepartmentPage(
    ChineseSearchable,
    SourcePageMixin,
    AliasViewRestrictionsMixin,
    extensions.ExtensibleRoutesMixin,
    RoutablePageMixin,
    Page,
):
    objects = SourcePageManager()

    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    common_names = models.CharField(
        _("常用叫法"),
        max_length=200,
        blank=True,
        help_text=_("居民平时怎么称呼这个部门，用顿号分开，例如：城管、城管局。搜索时能找到本页。"),
    )
    description = models.TextField(_("职责简介"), blank=True)
    hotline = models.CharField(
        _("服务热线"), max_length=40, blank=True, validators=[validate_phone]
    )
    body = RichTextField(_("详细介绍"), blank=True, features=["bold", "link", "ol", "ul"])

    base_form_class = PinyinSlugPageForm
    content_panels = Page.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("common_names"),
        FieldPanel("description"),
        FieldPanel("hotline"),
        FieldPanel("body"),
    ]
    # Residents name a department by its short or everyday name and ask about its duties
    # (description), so all of them are indexed, the names as strongly as the title.
    search_fields = Page.search_fields + [
        index.SearchField("short_name", boost=2),
        index.SearchField("common_names", boost=2),
        index.SearchField("description"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("short_name"),
        APIField("description"),
        APIField("hotline"),
    ]
    parent_page_types = ["units.DepartmentIndexPage"]
    subpage_types = []
    template = "units/department_page.html"
    extension_name = "department"

    class Meta:
        verbose_name = _("职能部门")
        verbose_name_plural = _("职能部门")

    @property
    def display_name(self):
        return self.short_name or self.title

    @classmethod
    def search_names(cls, pages):
        """(page id, locale id, name, weight) for the site search: title, short name and
        everyday names (search.names)."""
        rows = pages.order_by("path").values_list(
            "pk", "locale_id", "title", "short_name", "common_names"
        )
        for pk, locale_id, title, short_name, common_names in rows:
            yield pk, locale_id, title, 1.0
            for part in re.findall(r"[（(]([^）)]+)[）)]", title):
                yield pk, locale_id, part, 0.9
            names = [short_name, *re.split(r"[、,，;；/\s]+", common_names or "")]
            for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
                yield pk, locale_id, name, 0.9

    def get_context(self, request, *args, **kwargs):
        from .pages import DispatchedStaff  # pages.DispatchedStaff has a key to this model

        context = super().get_context(request, *args, **kwargs)
        # Every copy of a station points at the Chinese department (a synchronised field):
        # list the stations of this page's language tree.
        staff = list(
            DispatchedStaff.objects.filter(
                department__translation_key=self.translation_key,
                page__locale_id=self.locale_id,
                page__live=True,
            )
            .exclude(hidden_q(prefix="page__"))
            .only("page_id", "name", "post", "phone", "duty_hours", "duty_note")
            .order_by("page__path", "sort_order")
        )
        # Up to 2,000 stations across Tianjin: links, not page objects (core.pagetree).
        station_ids = {person.page_id for person in staff}
        found = links(Page.objects.filter(pk__in=station_ids), site_root(self), request)
        stations = {link.pk: (link, []) for link in found}
        for person in staff:
            stations[person.page_id][1].append(person)
        context["stations"] = sorted(stations.values(), key=lambda item: item[0].path)
        context.update(extensions.panel_context("department", self))
        return context
