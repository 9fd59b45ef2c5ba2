"""Notices (通知公告) posted by station staff, or by a town or the district."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index


class NoticeCategory(models.TextChoices):
    UTILITIES = "utilities", _("停水停电")
    EVENT = "event", _("社区活动")
    POLICY = "policy", _("政策通知")
    SAFETY = "safety", _("安全提示")
    GUIDE = "guide", _("办事指南")


class NoticeQuerySet(PageQuerySet):
    def current(self, today=None):
        """Live notices that have not expired."""
        today = today or timezone.localdate()
        return self.live().filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))

    def for_unit(self, unit):
        """Pinned first, then newest, of the notices posted under a station."""
        return (
            self.child_of(unit).current().order_by("-pinned", "-date", "-first_published_at", "-pk")
        )


class NoticeIndexPage(Page):
    """The district-wide list of notices."""

    intro = models.TextField(_("简介"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["units.NoticePage"]
    max_count_per_parent = 1
    template = "units/notice_index_page.html"

    class Meta:
        verbose_name = _("通知公告汇总")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        notices = NoticePage.objects.current().order_by("-pinned", "-date", "-pk")
        category = request.GET.get("category")
        if category in NoticeCategory.values:
            notices = notices.filter(category=category)
        context["categories"] = NoticeCategory.choices
        context["category"] = category
        context["page_obj"] = Paginator(notices, 20).get_page(request.GET.get("page"))
        return context


class NoticePage(Page):
    date = models.DateField(_("发布日期"), default=timezone.localdate)
    category = models.CharField(
        _("类别"), max_length=20, choices=NoticeCategory.choices, default=NoticeCategory.EVENT
    )
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    body = RichTextField(_("正文"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    pinned = models.BooleanField(_("置顶"), default=False)

    objects = PageManager.from_queryset(NoticeQuerySet)()

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
