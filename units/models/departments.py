"""The 13 departments (职能部门) whose staff are dispatched to the stations."""

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
from core.phones import validate_phone
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
            DepartmentPage.objects.child_of(self).live().specific().order_by("path")
        )
        return context


class DepartmentPage(
    ChineseSearchable,
    SourcePageMixin,
    extensions.ExtensibleRoutesMixin,
    RoutablePageMixin,
    AliasViewRestrictionsMixin,
    Page,
):
    objects = SourcePageManager()

    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    description = models.TextField(_("职责简介"), blank=True)
    hotline = models.CharField(
        _("服务热线"), max_length=40, blank=True, validators=[validate_phone]
    )
    body = RichTextField(_("详细介绍"), blank=True, features=["bold", "link", "ol", "ul"])

    base_form_class = PinyinSlugPageForm
    content_panels = Page.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("description"),
        FieldPanel("hotline"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("short_name"),
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

    def get_context(self, request, *args, **kwargs):
        from .pages import DispatchedStaff  # pages.DispatchedStaff has a key to this model

        context = super().get_context(request, *args, **kwargs)
        # Every copy of a station points at the Chinese department (a synchronised field):
        # list the stations of this page's language tree.
        staff = (
            DispatchedStaff.objects.filter(
                department__translation_key=self.translation_key,
                page__locale_id=self.locale_id,
                page__live=True,
            )
            .select_related("page")
            .order_by("page__path", "sort_order")
        )
        stations = {}
        for person in staff:
            stations.setdefault(person.page_id, (person.page, []))[1].append(person)
        context["stations"] = list(stations.values())
        context.update(extensions.panel_context("department", self))
        return context
