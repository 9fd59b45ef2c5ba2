"""What a resident can report, and which department answers it. Edited by the district."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from core.locale import reading_source_language, source_tree


class Urgency(models.TextChoices):
    URGENT = "urgent", _("紧急")
    PRIORITY = "priority", _("较急")
    NORMAL = "normal", _("一般")


class CategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True).order_by("sort_order", "name")


class Category(models.Model):
    name = models.CharField(_("名称"), max_length=60, unique=True)
    # What residents read on the English site; the Chinese name when left empty.
    name_en = models.CharField(_("英文名称"), max_length=60, blank=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    department = models.ForeignKey(
        "units.DepartmentPage",
        limit_choices_to=source_tree,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_categories",
        verbose_name=_("责任部门"),
    )
    urgency = models.CharField(
        _("默认紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    canned_replies = models.TextField(
        _("常用回复"), blank=True, help_text=_("每行一条，工作人员处理时可直接选用")
    )
    active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = CategoryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("description"),
        FieldPanel("department"),
        FieldPanel("urgency"),
        FieldPanel("canned_replies"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the reader's language (a form's choice, a status page)."""
        if self.name_en and not reading_source_language():
            return self.name_en
        return self.name

    def canned_reply_list(self):
        return [line.strip() for line in self.canned_replies.splitlines() if line.strip()]
