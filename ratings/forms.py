from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DIMENSIONS, Rating

STARS = [(n, _("%(n)s 分") % {"n": n}) for n in range(1, 6)]


class RatingForm(forms.Form):
    """The three scores and a comment. The quarter is never taken from the client."""

    attitude = forms.TypedChoiceField(
        label=DIMENSIONS[0][1], choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    efficiency = forms.TypedChoiceField(
        label=DIMENSIONS[1][1], choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    effectiveness = forms.TypedChoiceField(
        label=DIMENSIONS[2][1], choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("留言（选填，审核后公开）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (Rating.CommentStatus.APPROVED, _("通过")),
            (Rating.CommentStatus.REJECTED, _("不通过")),
        ]
    )
    reason = forms.CharField(label=_("不通过理由"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("decision") == Rating.CommentStatus.REJECTED and not data.get("reason"):
            self.add_error("reason", _("请填写不通过的理由。"))
        return data
