"""The district's page tree: directory → town → community → station (邻里之家)."""

import datetime

from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.cache import expires_within
from core.locale import SourcePageManager, SourcePageMixin, localized, source_tree
from core.page_forms import PinyinSlugPageForm
from core.pagetree import children_of, links
from core.phones import mask_phone, tel_href, validate_phone
from core.punctuation import clause_separator, parens
from core.visibility import visible
from search.indexing import ChineseSearchable

from .. import extensions, share_cards, structured_data
from ..fields import HoursField
from ..hours import (
    display_hours,
    format_hours,
    hours_text,
    next_change,
    rows_from_json,
    rows_to_json,
    split_hours,
)
from ..maps import map_links
from ..posters import qr_svg
from ..vcards import unit_vcard
from .notices import NoticePage, StationNoticesMixin
from .restrictions import AliasViewRestrictionsMixin


class DirectoryPage(AliasViewRestrictionsMixin, Page):
    """The list of every station, grouped by town and community, with the finder box."""

    objects = SourcePageManager()
    # The heading while the page has no translation (templatetags.site_tags.page_heading).
    listing_title = _("找我的邻里之家")

    intro = models.TextField(_("简介"), blank=True)

    base_form_class = PinyinSlugPageForm
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["units.TownPage"]
    max_count_per_parent = 1
    template = "units/directory_page.html"

    class Meta:
        verbose_name = _("邻里之家目录")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tree"] = station_tree(self, request)
        return context


def _by_parent(links):
    groups = {}
    for link in links:
        groups.setdefault(link.parent_path, []).append(link)
    return groups


def station_tree(root, request=None):
    """Towns → communities → stations below root, as links (core.pagetree), in three queries:
    2,800 of them at Tianjin scale."""
    # From the page table alone: joined to the 168 towns, PostgreSQL merge-joins on the page
    # ids and reads all 200,000 pages after the last town (110 ms) for want of one more match.
    towns = Page.objects.type(TownPage).filter(children_of(root)).live()
    towns = links(visible(towns).order_by("path"), root, request)
    communities = CommunityPage.objects.descendant_of(root).visible().order_by("path")
    communities_by_town = _by_parent(links(communities, root, request))
    units = UnitPage.objects.descendant_of(root).visible().order_by("path")
    units_by_community = _by_parent(links(units, root, request))
    for town in towns:
        town.community_list = communities_by_town.get(town.path, [])
        for community in town.community_list:
            community.unit_list = units_by_community.get(community.path, [])
    return towns


class TownPage(ChineseSearchable, AliasViewRestrictionsMixin, Page):
    """A town or street office (街镇)."""

    objects = SourcePageManager()

    intro = models.TextField(_("简介"), blank=True)

    base_form_class = PinyinSlugPageForm
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["units.DirectoryPage"]
    subpage_types = ["units.CommunityPage", "units.NoticePage"]
    template = "units/town_page.html"

    class Meta:
        verbose_name = _("街镇")
        verbose_name_plural = _("街镇")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        units = UnitPage.objects.descendant_of(self).visible().order_by("path")
        units_by_community = _by_parent(links(units, self, request))
        communities = CommunityPage.objects.filter(children_of(self)).visible().order_by("path")
        communities = links(communities, self, request)
        for community in communities:
            community.unit_list = units_by_community.get(community.path, [])
        context["communities"] = communities
        return context


class CommunityPage(ChineseSearchable, AliasViewRestrictionsMixin, Page):
    """A community (社区) of about 3,000 households."""

    objects = SourcePageManager()

    intro = models.TextField(_("简介"), blank=True)
    address = models.CharField(_("社区地址"), max_length=200, blank=True)
    phone = models.CharField(_("社区电话"), max_length=40, blank=True, validators=[validate_phone])

    base_form_class = PinyinSlugPageForm
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("address"),
        FieldPanel("phone"),
    ]
    parent_page_types = ["units.TownPage"]
    subpage_types = ["units.UnitPage", "units.NoticePage"]
    template = "units/community_page.html"

    class Meta:
        verbose_name = _("社区")
        verbose_name_plural = _("社区")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["units"] = UnitPage.objects.filter(children_of(self)).visible().order_by("path")
        return context


class UnitPage(
    ChineseSearchable,
    SourcePageMixin,
    AliasViewRestrictionsMixin,
    extensions.ExtensibleRoutesMixin,
    StationNoticesMixin,
    Page,
):
    """A neighbourhood service station (邻里之家) serving one or a few compounds."""

    objects = SourcePageManager()

    intro = models.TextField(_("简介"), blank=True)
    address = models.CharField(_("地址"), max_length=200)
    phone = models.CharField(_("值班电话"), max_length=40, blank=True, validators=[validate_phone])
    hours_note = models.CharField(
        _("开放时间说明"), max_length=200, blank=True, help_text=_("例如：节假日另行通知")
    )

    base_form_class = PinyinSlugPageForm
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("hours_note")],
            heading=_("地址与电话"),
        ),
        InlinePanel("compounds", label=_("覆盖小区"), heading=_("覆盖小区 / 平房片区")),
        InlinePanel("opening_hours", label=_("开放时间"), heading=_("开放时间")),
        InlinePanel("contacts", label=_("联系人"), heading=_("联系人")),
        InlinePanel("staff", label=_("派驻人员"), heading=_("职能部门派驻人员")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("address"),
        index.SearchField("intro"),
        index.RelatedFields("compounds", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("address"),
        APIField("phone"),
        APIField("hours_note"),
        APIField("compounds"),
        APIField("opening_hours"),
        APIField("contacts"),
        APIField("staff"),
    ]
    parent_page_types = ["units.CommunityPage"]
    subpage_types = ["units.NoticePage"]
    template = "units/unit_page.html"
    extension_name = "unit"

    class Meta:
        verbose_name = _("邻里之家")
        verbose_name_plural = _("邻里之家")
        permissions = [("import_roster", _("导入邻里之家名册"))]

    @cached_property
    def compound_names(self):
        return [c.name for c in self.compounds.all()]

    @classmethod
    def search_names(cls, pages):
        """(page id, locale id, name, weight) for each name residents know the stations of
        `pages` by: title, address, compounds and community. Read by the station finder and
        the site search (search.names), in three queries."""
        rows = list(pages.order_by("pk").values_list("pk", "locale_id", "title", "address", "path"))
        compounds = {}
        for page_id, name in (
            Compound.objects.filter(page__in=[row[0] for row in rows])
            .order_by("sort_order", "pk")
            .values_list("page_id", "name")
        ):
            compounds.setdefault(page_id, []).append(name)
        parents = {row[4][: -cls.steplen] for row in rows}
        communities = dict(
            CommunityPage.objects.filter(path__in=parents).values_list("path", "title")
        )
        for pk, locale_id, title, address, tree_path in rows:
            yield pk, locale_id, title, 1.0
            if address:
                yield pk, locale_id, address, 0.8
            for name in compounds.get(pk, []):
                yield pk, locale_id, name, 1.0
            community = communities.get(tree_path[: -cls.steplen])
            if community:
                yield pk, locale_id, community, 0.7

    @cached_property
    def hours(self):
        return list(self.opening_hours.all())

    def is_open_at(self, moment):
        moment = timezone.localtime(moment)
        now = moment.time()
        return any(h.weekday == moment.weekday() and h.opens <= now < h.closes for h in self.hours)

    def is_open_now(self):
        return self.is_open_at(timezone.now())

    def hours_display(self):
        """Opening hours in the reader's language."""
        return display_hours(self.hours)

    def hours_text(self):
        """Opening hours as rosters write them (Chinese)."""
        return format_hours(self.hours)

    def sorted_contacts(self):
        return self._sorted_contacts

    @cached_property
    def _sorted_contacts(self):
        order = {role: i for i, role in enumerate(ContactRole.values)}
        return sorted(self.contacts.all(), key=lambda c: (order.get(c.role, 99), c.sort_order))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contacts"] = self.sorted_contacts()
        # Until online reporting exists, a problem is reported by calling the grid worker.
        context["report_contact"] = next(
            (c for c in context["contacts"] if c.role == ContactRole.GRID_WORKER), None
        )
        context["staff"] = list(
            self.staff.select_related("department").order_by("department__path", "sort_order")
        )
        departments = localized({person.department for person in context["staff"]})
        for person in context["staff"]:
            person.department_page = departments[person.department_id]
        context["map_links"] = map_links(self.address)
        context["notices"] = NoticePage.objects.for_unit(self)[:5]
        now = timezone.localtime()
        context["is_open"] = self.is_open_at(now)
        if change := next_change(self.hours, now):
            # The page says "open" or "closed": the cached copy must not outlive that.
            expires_within(request, (change - now).total_seconds())
        context.update(extensions.panel_context("unit", self))
        return context

    @path("vcard/", name="vcard")
    def vcard(self, request):
        card = unit_vcard(self, extensions.hotlines(request))
        response = HttpResponse(card, content_type="text/vcard; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="unit-{self.source_pk}.vcf"'
        return response

    @path("poster/", name="poster")
    def poster(self, request):
        page_url = request.build_absolute_uri(self.url)
        context = {
            "unit": self,
            "contacts": self.sorted_contacts(),
            "staff": self.staff.select_related("department").order_by("sort_order"),
            "hotlines": extensions.hotlines(request),
            "page_url": page_url,
            "qr": qr_svg(page_url),
        }
        return render(request, "units/poster.html", context)

    def get_meta_description(self):
        """For search results and share previews: where it is and whom to call."""
        parts = [self.title]
        if self.phone:
            parts.append(_("值班电话 %(phone)s") % {"phone": self.phone})
        parts.append(self.address)
        if hours := self.hours_display():
            parts.append(hours)
        return clause_separator().join(part for part in parts if part)

    def share_image(self, request):
        return share_cards.share_image(self, request)

    def structured_data(self, request):
        return structured_data.station(self, request, self.sorted_contacts())

    @property
    def vcard_url(self):
        return self.url + self.reverse_subpage("vcard")

    @property
    def poster_url(self):
        return self.url + self.reverse_subpage("poster")


class Compound(Orderable):
    """A residential compound (小区) or bungalow area (平房片区) a station serves."""

    page = ParentalKey(UnitPage, on_delete=models.CASCADE, related_name="compounds")
    name = models.CharField(_("名称"), max_length=100)

    panels = [FieldPanel("name")]
    api_fields = [APIField("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("覆盖小区")

    def __str__(self):
        return self.name


class OpeningHours(Orderable):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("周一")
        TUESDAY = 1, _("周二")
        WEDNESDAY = 2, _("周三")
        THURSDAY = 3, _("周四")
        FRIDAY = 4, _("周五")
        SATURDAY = 5, _("周六")
        SUNDAY = 6, _("周日")

    page = ParentalKey(UnitPage, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    opens = models.TimeField(_("开门"), default=datetime.time(8, 30))
    closes = models.TimeField(_("关门"), default=datetime.time(17, 30))

    panels = [FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]
    api_fields = [APIField("weekday"), APIField("opens"), APIField("closes")]

    class Meta(Orderable.Meta):
        verbose_name = _("开放时间")


class ContactRole(models.TextChoices):
    """Roles in the order a resident should see them."""

    PARTY_SECRETARY = "party_secretary", _("党支部书记")
    GRID_WORKER = "grid_worker", _("网格员")
    PROPERTY_MANAGER = "property_manager", _("物业经理")
    COMMITTEE_HEAD = "committee_head", _("业委会主任")
    POLICE = "police", _("社区民警")
    MEDIATOR = "mediator", _("人民调解员")
    OTHER = "other", _("其他")


class PhoneMixin:
    @property
    def tel_href(self):
        return tel_href(self.phone)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)


class Contact(PhoneMixin, Orderable):
    """A person residents call at the station. Their work phone is public by design."""

    page = ParentalKey(UnitPage, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("职务"), max_length=32, choices=ContactRole.choices)
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("电话"), max_length=40, validators=[validate_phone])
    note = models.CharField(_("备注"), max_length=200, blank=True)

    panels = [FieldPanel("role"), FieldPanel("name"), FieldPanel("phone"), FieldPanel("note")]
    api_fields = [APIField("role"), APIField("name"), APIField("phone"), APIField("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("联系人")

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"


class DispatchedStaff(PhoneMixin, Orderable):
    """A department's person assigned to a station (派驻人员)."""

    page = ParentalKey(UnitPage, on_delete=models.CASCADE, related_name="staff")
    department = models.ForeignKey(
        "units.DepartmentPage",
        limit_choices_to=source_tree,
        on_delete=models.CASCADE,
        related_name="dispatched_staff",
        verbose_name=_("部门"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("岗位"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=40, validators=[validate_phone])
    duty_hours = HoursField(_("值班时间"), default=list, blank=True)
    duty_note = models.CharField(
        _("值班说明"), max_length=100, blank=True, help_text=_("例如：节假日另行通知")
    )

    panels = [
        FieldPanel("department"),
        FieldPanel("name"),
        FieldPanel("post"),
        FieldPanel("phone"),
        FieldPanel("duty_hours"),
        FieldPanel("duty_note"),
    ]
    api_fields = [
        APIField("department_id"),
        APIField("name"),
        APIField("post"),
        APIField("phone"),
        APIField("duty_hours"),
        APIField("duty_note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("派驻人员")
        verbose_name_plural = _("派驻人员")

    def __str__(self):
        return f"{self.name}（{self.post}）"

    @property
    def duty(self):
        """Duty hours as the roster writes them (Chinese text), the note after them."""
        return hours_text(rows_from_json(self.duty_hours), self.duty_note)

    @duty.setter
    def duty(self, text):
        rows, self.duty_note = split_hours(text)
        self.duty_hours = rows_to_json(rows)

    def duty_display(self):
        """Duty hours in the reader's language (the note as written)."""
        hours = display_hours(rows_from_json(self.duty_hours))
        return hours + parens(self.duty_note) if hours else self.duty_note
