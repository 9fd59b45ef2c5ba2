"""Teams: the group of staff behind a station (who edit its pages and handle its reports) and
behind a department (who answer the reports dispatched to it). units.teams keeps them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.locale import source_tree


class StationGroup(models.Model):
    """Links a station to the group of staff who may edit its pages, and to the collection
    that holds its documents and images."""

    unit = models.OneToOneField(
        "units.UnitPage",
        limit_choices_to=source_tree,
        on_delete=models.CASCADE,
        related_name="station_group",
        verbose_name=_("邻里之家"),
    )
    group = models.OneToOneField(
        "auth.Group",
        on_delete=models.CASCADE,
        related_name="station_group",
        verbose_name=_("编辑组"),
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("文件夹"),
    )

    class Meta:
        verbose_name = _("站点编辑组")
        verbose_name_plural = _("站点编辑组")

    def __str__(self):
        return self.group.name


class DepartmentGroup(models.Model):
    """Links a department to the group of its staff who handle reports dispatched to it."""

    department = models.OneToOneField(
        "units.DepartmentPage",
        limit_choices_to=source_tree,
        on_delete=models.CASCADE,
        related_name="department_group",
        verbose_name=_("职能部门"),
    )
    group = models.OneToOneField(
        "auth.Group",
        on_delete=models.CASCADE,
        related_name="department_group",
        verbose_name=_("部门人员组"),
    )

    class Meta:
        verbose_name = _("部门人员组")
        verbose_name_plural = _("部门人员组")

    def __str__(self):
        return self.group.name
