"""Notices (通知公告) posted by station staff, or by a town or the district."""

import mimetypes
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import models
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.ids import parse_id
from core.locale import SourcePageManager, SourceQuerySetMixin
from core.page_forms import PinyinSlugPageForm
from core.pagetree import children_of, descendants_of
from core.pagination import BoundedCountPaginator
from core.seo import ShareImage
from core.visibility import VisibleQuerySetMixin, visible
from search.indexing import ChineseSearchable

from .. import structured_data
from ..notice_groups import group_notices
from .restrictions import AliasViewRestrictionsMixin

NOTICES_PER_PAGE = 20
PINNED_LIMIT = 200
FEED_LENGTH = 30
# No "embed": embeds pull players from external sites, and the site must work offline.
BODY_FEATURES = [
    "h2",
    "h3",
    "bold",
    "italic",
    "ol",
    "ul",
    "hr",
    "link",
    "document-link",
    "image",
]


class NoticeCategory(models.TextChoices):
    UTILITIES = "utilities", _("停水停电")
    EVENT = "event", _("社区活动")
    POLICY = "policy", _("政策通知")
    SAFETY = "safety", _("安全提示")
    GUIDE = "guide", _("办事指南")


# Pages made by code rather than published in the admin have no first_published_at; they go
# after the published ones on every database (PostgreSQL would put NULLs first, SQLite last).
NEWEST_PUBLISHED = models.F("first_published_at").desc(nulls_last=True)


class NoticeQuerySet(SourceQuerySetMixin, VisibleQuerySetMixin, PageQuerySet):
    def current(self, today=None):
        """Live notices that have not expired, and that no view restriction hides (these
        are what every list and feed shows)."""
        today = today or timezone.localdate()
        return self.visible().filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))

    def for_unit(self, unit):
        """Pinned first, then newest, of the notices posted under a station."""
        return self.filter(children_of(unit)).current().newest_first()

    def in_tree(self, locale_id):
        """The notices of one language's tree. Written `locale_id + 0 = …` so that no database
        starts from the locale index, which matches half of all pages: SQLite then walks the
        lists' order index instead of sorting every notice (450 ms → 2 ms at 200,000)."""
        return self.alias(tree_locale=models.F("locale_id") + 0).filter(tree_locale=locale_id)

    def newest_first(self):
        return self.order_by("-pinned", "-date", NEWEST_PUBLISHED, "-pk")

    def for_feed(self):
        """What a feed reader wants: the newest, pinned or not."""
        return self.current().order_by("-date", NEWEST_PUBLISHED, "-pk")[:FEED_LENGTH]


def with_sources(notices):
    """Give each notice `source`: the page it was posted under, fetched in one query."""
    notices = list(notices)
    parent_paths = {n.path[: -n.steplen] for n in notices}
    parents = {p.path: p for p in Page.objects.filter(path__in=parent_paths).only("title", "path")}
    for notice in notices:
        notice.source = parents.get(notice.path[: -notice.steplen])
    return notices


def paginate(request, queryset, sources=True):
    # Counting every current notice took 90 ms (PostgreSQL) to 400 ms (SQLite) at Tianjin
    # scale; the pager counts only as far as it shows ("共 50 页以上").
    paginator = BoundedCountPaginator(queryset, NOTICES_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    if sources:
        page_obj.object_list = with_sources(page_obj.object_list)
    return page_obj


_EMBEDDED_IMAGE = re.compile(r'<embed[^>]*\bembedtype="image"[^>]*>')
_ID = re.compile(r'\bid="(\d+)"')


def first_image(body):
    """The first image embedded in rich text, or None."""
    for tag in _EMBEDDED_IMAGE.findall(str(body or "")):
        if found := _ID.search(tag):
            image = get_image_model().objects.filter(pk=found.group(1)).first()
            if image is not None:
                return image
    return None


@dataclass(eq=False)  # the template compares places by identity, not field by field
class Place:
    """A town or community as the filters need it: cheap to build."""

    pk: int
    title: str
    path: str
    community_list: list = field(default_factory=list)


def _live_rows(model, locale_id):
    return (
        visible(model.objects.live())
        .filter(locale_id=locale_id)
        .order_by("path")
        .values_list("pk", "title", "path")
    )


def _places(locale_id):
    """The live towns, each with its communities, of one locale's tree: ~800 rows at Tianjin
    scale, in two queries."""
    from .pages import CommunityPage, TownPage  # pages imports this module

    towns = [Place(*row) for row in _live_rows(TownPage, locale_id)]
    by_path = {town.path: town for town in towns}
    for row in _live_rows(CommunityPage, locale_id):
        community = Place(*row)
        town = by_path.get(community.path[: -Page.steplen])
        if town is not None:
            town.community_list.append(community)
    return towns


def district_filters(request, locale_id):
    """The town, community and category a visitor picked, checked against what exists in
    the tree of the locale `locale_id`."""
    towns = _places(locale_id)
    town_id = parse_id(request.GET.get("town"))
    community_id = parse_id(request.GET.get("community"))
    category = request.GET.get("category")
    town = next((t for t in towns if t.pk == town_id), None)
    community = next((c for t in towns for c in t.community_list if c.pk == community_id), None)
    return {
        "towns": towns,
        "town": town,
        "community": community,
        "categories": NoticeCategory.choices,
        "selected_category": category if category in NoticeCategory.values else "",
    }


def filter_notices(notices, town=None, community=None, category=""):
    for scope in (town, community):
        if scope is not None:
            notices = notices.filter(descendants_of(scope))
    if category:
        notices = notices.filter(category=category)
    return notices


class NoticeFeedRoutesMixin(RoutablePageMixin):
    """RSS and Atom feeds of the notices below a page (a station, or the whole district)."""

    @path("feed/rss/", name="notice_feed_rss")
    def notice_feed_rss(self, request):
        from ..feeds import NoticeRssFeed  # feeds imports the models

        return NoticeRssFeed()(request, page=self)

    @path("feed/atom/", name="notice_feed_atom")
    def notice_feed_atom(self, request):
        from ..feeds import NoticeAtomFeed  # feeds imports the models

        return NoticeAtomFeed()(request, page=self)

    def feed_notices(self):
        raise NotImplementedError

    @property
    def rss_url(self):
        return self.url + self.reverse_subpage("notice_feed_rss")

    @property
    def atom_url(self):
        return self.url + self.reverse_subpage("notice_feed_atom")


class StationNoticesMixin(NoticeFeedRoutesMixin):
    """For UnitPage: the station's own paginated notice list and feeds."""

    @path("notices/", name="notice_list")
    def notice_list(self, request):
        context = {
            "page": self,
            "self": self,
            "request": request,
            "page_obj": paginate(request, NoticePage.objects.for_unit(self), sources=False),
        }
        return TemplateResponse(request, "units/notice_station_list.html", context)

    def feed_notices(self):
        return NoticePage.objects.filter(children_of(self)).for_feed()

    @property
    def notices_url(self):
        return self.url + self.reverse_subpage("notice_list")


class NoticeIndexPage(NoticeFeedRoutesMixin, AliasViewRestrictionsMixin, Page):
    """The district-wide list of notices."""

    objects = SourcePageManager()
    # The heading while the page has no translation (templatetags.site_tags.page_heading).
    listing_title = _("通知公告")

    intro = models.TextField(_("简介"), blank=True)

    base_form_class = PinyinSlugPageForm
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["units.NoticePage"]
    max_count_per_parent = 1
    template = "units/notice_index_page.html"

    class Meta:
        verbose_name = _("通知公告汇总")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = district_filters(request, self.locale_id)
        notices = filter_notices(
            NoticePage.objects.in_tree(self.locale_id).current(),
            filters["town"],
            filters["community"],
            filters["selected_category"],
        ).newest_first()
        context.update(filters)
        # Pinned notices head the first page, the same notice from many stations once.
        first_page = request.GET.get("page", "1") == "1"
        pinned = list(notices.filter(pinned=True)[:PINNED_LIMIT]) if first_page else []
        page_obj = paginate(request, notices.filter(pinned=False), sources=False)
        page_obj.object_list = list(page_obj.object_list)
        with_sources(pinned + page_obj.object_list)  # one query for both
        context["pinned_groups"] = group_notices(pinned)
        context["page_obj"] = page_obj
        context["query_string"] = urlencode(
            [(k, v) for k, v in request.GET.items() if k != "page" and v]
        )
        return context

    def feed_notices(self):
        return NoticePage.objects.in_tree(self.locale_id).for_feed()


class NoticePage(ChineseSearchable, AliasViewRestrictionsMixin, Page):
    date = models.DateField(_("发布日期"), default=timezone.localdate)
    category = models.CharField(
        _("类别"), max_length=20, choices=NoticeCategory.choices, default=NoticeCategory.EVENT
    )
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    body = RichTextField(_("正文"), features=BODY_FEATURES)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    pinned = models.BooleanField(_("置顶"), default=False)

    objects = PageManager.from_queryset(NoticeQuerySet)()

    base_form_class = PinyinSlugPageForm
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("category"),
                FieldPanel("valid_until"),
                FieldPanel("pinned"),
            ],
            heading=_("发布信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件"), heading=_("附件")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("category"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("category"),
        APIField("summary"),
        APIField("body"),
        APIField("valid_until"),
        APIField("pinned"),
    ]
    parent_page_types = [
        "units.UnitPage",
        "units.CommunityPage",
        "units.TownPage",
        "units.NoticeIndexPage",
    ]
    subpage_types = []
    template = "units/notice_page.html"

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        permissions = [("review_notices", _("审核站点通知"))]
        indexes = [
            # The lists' order (newest_first): PostgreSQL walks this index and stops after a
            # page of notices instead of sorting all of them (90 ms → 3 ms at 200,000).
            models.Index(
                models.F("pinned").desc(), models.F("date").desc(), name="notice_list_order"
            )
        ]

    og_type = "article"

    @cached_property
    def parent_page(self):
        return self.get_parent().specific

    def share_image(self, request):
        """The notice's first image, else its station's card (else the site's, core.seo)."""
        if image := first_image(self.body):
            rendition = image.get_rendition("fill-1200x630")
            return ShareImage(
                url=request.build_absolute_uri(rendition.url),
                width=rendition.width,
                height=rendition.height,
                alt=image.default_alt_text or self.title,
                type=mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg",
            )
        if hasattr(self.parent_page, "share_image"):
            return self.parent_page.share_image(request)
        return None

    def structured_data(self, request):
        return structured_data.notice(self, request)

    @property
    def is_expired(self):
        return self.valid_until is not None and self.valid_until < timezone.localdate()


class NoticeAttachment(Orderable):
    page = ParentalKey(NoticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("文件")
    )
    title = models.CharField(_("显示名称"), max_length=100, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")

    @property
    def label(self):
        return self.title or self.document.title
