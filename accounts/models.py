"""A resident's mobile number for phone login (allauth keeps phones wherever the project says)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.phones import mask_phone


class PhoneNumber(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="phone_number",
        verbose_name=_("账户"),
    )
    # E.164, e.g. +8613812345678 (see accounts.phones.normalise_mobile).
    phone = models.CharField(_("手机号码"), max_length=20, db_index=True)
    verified = models.BooleanField(_("已验证"), default=False)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("手机号码")
        verbose_name_plural = _("手机号码")
        # A verified number belongs to one account. Unverified claims may repeat, so that
        # typing someone else's number at sign-up cannot lock its owner out; they are
        # removed when the owner verifies it (AccountAdapter.set_phone_verified).
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=models.Q(verified=True), name="one_verified_phone"
            )
        ]

    def __str__(self):
        return self.masked

    @property
    def masked(self):
        return mask_phone(self.phone)
