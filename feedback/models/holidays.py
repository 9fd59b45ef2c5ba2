"""Public holidays and adjusted working days (调休) that the district enters for a year the
chinese-calendar package does not know yet, or to correct one it does (feedback.deadlines)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class DayKind(models.TextChoices):
    REST = "rest", _("放假")
    WORK = "work", _("调休上班")


class HolidayYearForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        year = data.get("year")
        for form in self.formsets["days"].forms:
            day = form.cleaned_data.get("date") if hasattr(form, "cleaned_data") else None
            deleted = form.cleaned_data.get("DELETE") if hasattr(form, "cleaned_data") else False
            if year and day and not deleted and day.year != year:
                form.add_error("date", _("日期不在 %(year)s 年内。") % {"year": year})
        return data


class HolidayYear(ClusterableModel):
    """One year's holiday arrangement (the State Council's notice): the days off and the
    weekend days worked. Its dates override the package's for that year."""

    year = models.PositiveSmallIntegerField(
        _("年份"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    note = models.CharField(
        _("依据"),
        max_length=200,
        blank=True,
        help_text=_("例如：国务院办公厅关于某年部分节假日安排的通知"),
    )

    base_form_class = HolidayYearForm
    panels = [
        FieldPanel("year"),
        FieldPanel("note"),
        InlinePanel("days", label=_("日期"), heading=_("放假和调休上班的日期")),
    ]

    class Meta:
        ordering = ["-year"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self):
        return str(self.year)


class HolidayDay(Orderable):
    calendar = ParentalKey(HolidayYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=8, choices=DayKind.choices, default=DayKind.REST)
    name = models.CharField(_("名称"), max_length=40, blank=True, help_text=_("例如：元旦、春节"))

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("日期")
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="one_entry_a_day")]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"

    def clean(self):
        if self.date and self.calendar_id and self.date.year != self.calendar.year:
            raise ValidationError({"date": _("日期不在所选年份内。")})
