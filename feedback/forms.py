"""The public report form and the status lookup form."""

import functools

from django import forms
from django.utils.translation import gettext_lazy as _

from core.ids import parse_id
from core.phones import clean_mobile, normalise_phone
from units.models import UnitPage

from . import conf, tickets
from .models import Category, Satisfaction
from .notifications import verified_email
from .photos import inspect_photo
from .services import parse_tracking_number

ASK_AGAIN = {
    tickets.TOO_FAST: _("提交得太快了，请核对填写的内容，再点一次“提交”。"),
    tickets.EXPIRED: _("这个页面打开太久了。您填写的内容都已保留，请再点一次“提交”。"),
}


def fresh_stamp(request):
    """The ticket of an empty report form, filled in for each visitor when the form comes
    from the page cache (core/personal.py)."""
    return {"token": tickets.issue()}


def email_choice(request):
    """The empty form's e-mail checkbox, a personal slot (core/personal.py): offered to a
    signed-in resident with a verified address, which it names (masked). Being a slot, it
    lets every resident's form come from the one shared copy."""
    user = request.user
    email = verified_email(user) if user.is_authenticated else None
    return {"field": EmailChoice(email)["notify_email"] if email else None}


def email_label(email):
    return _("有进展时发邮件到 %(email)s") % {"email": mask_email(email)}


class EmailChoice(forms.Form):
    notify_email = forms.BooleanField(required=False)

    def __init__(self, email, **kwargs):
        super().__init__(**kwargs)
        self.fields["notify_email"].label = email_label(email)


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
        # Checked from their headers only; decoded after the rate limits (feedback.views).
        return [inspect_photo(f) for f in files]


class StationChoiceField(forms.ModelChoiceField):
    """The station the report is about, optional. The select offers "not sure" and only the
    stations in play: the one the resident came from (its page links here with ?unit=) or
    chose before, and those the typed compound may belong to (the form's script adds them
    while the resident types: static/js/report-station.js). A list of every station (2,000
    across Tianjin) would be too long to draw, and to use on a phone."""

    def __init__(self, **kwargs):
        super().__init__(queryset=UnitPage.objects.none(), **kwargs)
        self.offered = []

    def offer(self, queryset, pks=()):
        """Accept any station of `queryset`; offer those of `pks` (ids or None). Looked up
        once, when the select is drawn: a valid submission needs no list."""
        self.queryset = queryset
        # A new list: form fields are shallow copies of the class's, which would share it.
        self.offered = self.offered + [pk for pk in pks if pk and pk not in self.offered]
        offered = list(self.offered)

        def choices():
            units = queryset.filter(pk__in=offered).order_by("path") if offered else []
            return [("", _("不清楚（填写小区即可）"))] + [(unit.pk, unit.title) for unit in units]

        self.choices = functools.cache(choices)


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
        # Its department is proposed on the report and named on the receipt: one query.
        queryset=Category.objects.active().select_related("department"),
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
    photos = PhotosField(label=_("照片（可选，最多3张）"), required=False)
    name = forms.CharField(label=_("您的称呼（可选）"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("手机号（可选）"),
        max_length=20,
        required=False,
        help_text=_("留下手机号，工作人员才能回电核实；查询进度时也需要手机号后四位。"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    notify_sms = forms.BooleanField(
        label=_("有进展时发短信告诉我（含查看进度的链接）"), required=False
    )
    notify_email = forms.BooleanField(required=False)
    consent = forms.BooleanField(
        label=_("我已阅读并同意上方的个人信息处理说明"),
        error_messages={"required": _("请阅读并勾选同意个人信息处理说明。")},
    )
    public_ok = forms.BooleanField(
        label=_("办结后可以匿名公开本案例（不含姓名、电话、照片）"), required=False
    )
    # Anti-abuse: a field people never see, and the form's ticket (feedback/tickets.py).
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args, unit_queryset=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.data.get("unit") if self.is_bound else self.initial.get("unit")
        queryset = unit_queryset if unit_queryset is not None else UnitPage.objects.none()
        self.fields["unit"].offer(queryset, [parse_id(str(chosen or ""))])
        self.fields["photos"].help_text = _(
            "支持 JPEG、PNG、WebP，每张不超过 %(mb)s MB，手机拍的原图即可。"
            "照片中的位置信息会被自动删除。"
        ) % {"mb": conf.get("REPORT_PHOTO_MAX_BYTES") // (1024 * 1024)}
        # The e-mail checkbox: for a form sent back (the empty form has it in a personal
        # slot, email_choice, and is made without `user`).
        self.email = verified_email(user) if user is not None and user.is_authenticated else None
        if self.email:
            self.fields["notify_email"].label = email_label(self.email)
        else:
            del self.fields["notify_email"]
        if not self.is_bound:
            self.initial.setdefault("token", tickets.issue())

    def clean_phone(self):
        return clean_mobile(
            self.cleaned_data.get("phone"),
            _("请填写11位手机号（如 139 1234 5678），或留空。"),
        )

    def clean_token(self):
        """The ticket's key, which becomes the report's idempotency token."""
        verdict, key = tickets.check(self.cleaned_data["token"])
        if verdict != tickets.OK:
            if verdict == tickets.EXPIRED:
                self.renew_ticket()
            self.add_error(None, ASK_AGAIN[verdict])
        return key

    def renew_ticket(self):
        """Send the form back with a fresh ticket (and everything else as typed)."""
        self.data = self.data.copy()
        self.data["token"] = tickets.issue()

    def clean(self):
        data = super().clean()
        if not data.get("unit") and not data.get("compound") and "compound" not in self.errors:
            self.add_error("compound", _("请选择邻里之家，或填写您所在的小区。"))
        if data.get("notify_sms") and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("要收到短信通知，请填写手机号。"))
        if self.errors.get("photos") or (self.errors and self.files.getlist("photos")):
            self.photos_need_reselect = True
        return data

    def photo_rejected(self, error):
        """A photo that passed the header checks but could not be decoded."""
        self.add_error("photos", error)
        self.photos_need_reselect = True

    photos_need_reselect = False

    @property
    def is_bot(self):
        """The honeypot field was filled: answer as if it worked, store nothing."""
        return bool(self.data.get("website"))


def mask_email(address):
    name, _at, domain = address.partition("@")
    return f"{name[:1]}***@{domain}"


class LookupForm(ErrorsBesideFields, forms.Form):
    tracking_number = forms.CharField(
        label=_("工单编号"),
        max_length=40,
        help_text=_("例如：JH-2026-000123，大小写、横线都可以不管"),
        error_messages={"required": _("请填写工单编号。")},
    )
    last4 = forms.CharField(
        label=_("手机号后四位"),
        max_length=24,
        required=False,
        help_text=_(
            "提交时留了手机号的，请填写后四位（填完整手机号也可以）；没有留手机号的可不填，只能查看办理状态。"
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_tracking_number(self):
        number = parse_tracking_number(self.cleaned_data["tracking_number"])
        if not number:
            raise forms.ValidationError(_("工单编号应为“JH”加年份和序号，例如 JH-2026-000123。"))
        return number

    def clean_last4(self):
        """Four digits, or the whole number, typed any way the phone fields accept."""
        value = normalise_phone(self.cleaned_data["last4"]).replace("-", "")
        if not value:
            return ""
        if len(value) != 4:
            try:
                value = clean_mobile(value)[-4:]
            except forms.ValidationError:
                value = ""
        if not (len(value) == 4 and value.isascii() and value.isdigit()):
            raise forms.ValidationError(_("请填写手机号的后4位数字。"))
        return value


class ConfirmForm(forms.Form):
    """Confirming closes the report: only for 满意 or 基本满意 (不满意 reopens it)."""

    satisfaction = forms.ChoiceField(
        label=_("问题解决了，您的评价"),
        choices=[
            (Satisfaction.SATISFIED.value, Satisfaction.SATISFIED.label),
            (Satisfaction.BASICALLY.value, Satisfaction.BASICALLY.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择“满意”或“基本满意”。")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("哪里还没有解决"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("请说明问题为什么没有解决。")},
    )
