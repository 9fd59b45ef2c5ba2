import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Terms are separated by these; a space is part of a term ("police station").
TERM_SEPARATORS = re.compile(r"[、,，;；|\n\r]+")


def split_terms(text):
    terms = []
    for term in TERM_SEPARATORS.split(text or ""):
        term = " ".join(term.split())
        if term and term not in terms:
            terms.append(term)
    return terms


class SynonymGroup(models.Model):
    """Words residents use for the same thing: searching for any of them also finds pages
    that use another (公安、派出所、民警、police). Editors keep the list in the admin
    (Snippets → 同义词); it applies to every query on every search backend."""

    terms = models.TextField(
        _("同义词"),
        help_text=_(
            "同一事物的几种说法，用顿号、逗号或换行分开，例如：公安、派出所、民警、police。"
            "居民搜其中任何一个词，也能找到用其他说法写的页面。"
        ),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("同义词")
        verbose_name_plural = _("同义词")
        ordering = ["pk"]

    def __str__(self):
        return "、".join(self.term_list())

    def term_list(self):
        return split_terms(self.terms)

    def clean(self):
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("请至少填写两个说法，用顿号或逗号分开。")})


class PendingIndexChange(models.Model):
    """An index change the search engine did not take (it was down or too slow): replayed by
    `manage.py replay_search_index` once it answers (search/index_queue.py). One row per object
    and backend; a later change of the same object replaces the action, so replaying applies
    only the latest, and a replayed row is deleted."""

    UPDATE = "update"
    DELETE = "delete"

    backend = models.CharField(max_length=50)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=[(UPDATE, UPDATE), (DELETE, DELETE)])
    error = models.CharField(max_length=200, blank=True)
    failures = models.PositiveIntegerField(default=1)
    first_failed_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("待补的索引更新")
        verbose_name_plural = _("待补的索引更新")
        constraints = [
            models.UniqueConstraint(
                fields=["backend", "content_type", "object_id"],
                name="one_pending_change_per_object",
            )
        ]

    def __str__(self):
        return f"{self.action} {self.content_type_id}:{self.object_id} ({self.backend})"
