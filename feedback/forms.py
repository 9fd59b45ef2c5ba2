"""The public report form and the status lookup form."""

import functools
import time
import uuid

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from core.phones import is_mobile, normalise_phone
from units.models import UnitPage

from . import conf
from .models import Category, Satisfaction
from .photos import clean_photo

SIGNING_SALT = "feedback.report-form"


def signed_start(moment=None):
    return signing.dumps(moment if moment is not None else time.time(), salt=SIGNING_SALT)


def fresh_stamp(request):
    """The start time and one-time token of an empty report form, filled in for each visitor
    when the form comes from the page cache (core/personal.py)."""
    return {"started": signed_start(), "token": uuid.uuid4().hex}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        files = [f for f in files if f]
        limit = conf.get("REPORT_PHOTO_MAX_COUNT")
        if len(files) > limit:
            raise forms.ValidationError(_("最多上传 %(n)s 张照片。") % {"n": limit})
        return [clean_photo(f) for f in files]


def stations():
    """The stations a report can name: the Chinese pages, which the statistics count."""
    return UnitPage.objects.live().source()


class StationChoiceField(forms.ModelChoiceField):
    """The station the report is about, optional. The select offers the station the resident
    came from (its page links here with ?unit=) or chose before, and "not sure": a list of
    every station (2,000 across Tianjin) would be too long to draw or to use on a phone.
    Without a station the field is hidden and the compound says where the problem is."""

    def __init__(self, **kwargs):
        super().__init__(queryset=stations(), **kwargs)

    def offer(self, pk):
        """Offer station `pk` (if it is one) and "not sure"; hide the field when there is none."""
        if pk is None:
            self.widget = forms.HiddenInput()
            return
        # Looked up once, when the select is drawn: a valid submission needs no second query.
        self.choices = functools.cache(
            lambda: (
                [("", _("不清楚（填写小区即可）"))]
                + [(unit.pk, unit.title) for unit in self.queryset.filter(pk=pk)]
            )
        )


class ErrorsBesideFields:
    """Points each invalid input at its error message for screen readers."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                described = [f"{bound.auto_id}_error"]
                if self.fields[name].help_text:
                    described.append(f"{bound.auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)


class ReportForm(ErrorsBesideFields, forms.Form):
    unit = StationChoiceField(label=_("邻里之家"), required=False)
    category = forms.ModelChoiceField(
        label=_("问题类别"),
        queryset=Category.objects.active(),
        empty_label=_("请选择"),
        error_messages={"required": _("请选择问题类别。")},
    )
    description = forms.CharField(
        label=_("问题描述"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=5,
        max_length=2000,
        help_text=_("请写清楚发生了什么、从什么时候开始。"),
        error_messages={
            "required": _("请描述您遇到的问题。"),
            "min_length": _("问题描述太短，请至少写 %(limit_value)d 个字。"),
            "max_length": _("问题描述不能超过 %(limit_value)d 个字。"),
        },
    )
    compound = forms.CharField(label=_("小区"), max_length=100, required=False)
    building = forms.CharField(
        label=_("楼栋或具体位置"),
        max_length=100,
        required=False,
        help_text=_("例如：3号楼2单元楼道"),
    )
    photos = PhotosField(
        label=_("照片（可选，最多3张）"),
        required=False,
        help_text=_("支持 JPEG、PNG、WebP，每张不超过 5 MB。照片中的位置信息会被自动删除。"),
    )
    name = forms.CharField(label=_("您的称呼（可选）"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("手机号（可选）"),
        max_length=20,
        required=False,
        help_text=_("留下手机号，工作人员才能回电核实；查询进度时也需要手机号后四位。"),
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意上方的个人信息处理说明"),
        error_messages={"required": _("请阅读并勾选同意个人信息处理说明。")},
    )
    public_ok = forms.BooleanField(
        label=_("办结后可以匿名公开本案例（不含姓名、电话、照片）"), required=False
    )
    # Anti-abuse: a field people never see, a signed start time, a one-time token.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )
    started = forms.CharField(widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.data.get("unit") if self.is_bound else self.initial.get("unit")
        self.fields["unit"].offer(int(chosen) if str(chosen or "").isdigit() else None)
        if not self.is_bound:
            self.initial.setdefault("started", signed_start())
            self.initial.setdefault("token", uuid.uuid4().hex)

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data.get("phone"))
        if phone and not is_mobile(phone):
            raise forms.ValidationError(_("请填写11位手机号，或留空。"))
        return phone

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not token.isalnum():
            raise forms.ValidationError(_("页面已过期，请刷新后重新提交。"))
        return token

    def clean(self):
        data = super().clean()
        if not data.get("unit") and not data.get("compound") and "compound" not in self.errors:
            self.add_error("compound", _("请选择邻里之家，或填写您所在的小区。"))
        if self.errors.get("photos") or (self.errors and self.files.getlist("photos")):
            self.photos_need_reselect = True
        return data

    photos_need_reselect = False

    @property
    def is_bot(self):
        """Honeypot filled or submitted too fast: answer as if it worked, store nothing."""
        if self.data.get("website"):
            return True
        try:
            started = signing.loads(self.data.get("started", ""), salt=SIGNING_SALT)
        except signing.BadSignature:
            return True
        return time.time() - float(started) < conf.get("REPORT_MIN_FILL_SECONDS")


class LookupForm(ErrorsBesideFields, forms.Form):
    tracking_number = forms.CharField(
        label=_("工单编号"),
        max_length=20,
        help_text=_("例如：JH-2026-000123"),
        error_messages={"required": _("请填写工单编号。")},
    )
    last4 = forms.CharField(
        label=_("手机号后四位"),
        max_length=4,
        required=False,
        help_text=_("提交时留了手机号的，请填写后四位；没有留手机号的可不填，只能查看办理状态。"),
    )

    def clean_tracking_number(self):
        return self.cleaned_data["tracking_number"].strip().upper()

    def clean_last4(self):
        value = self.cleaned_data["last4"].strip()
        if value and not (value.isdigit() and len(value) == 4):
            raise forms.ValidationError(_("请填写4位数字。"))
        return value


class ConfirmForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("您对办理结果是否满意"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意程度。")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("问题为什么没有解决"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("请说明问题为什么没有解决。")},
    )
