"""The district admin's roster import in the Wagtail admin: upload → preview (dry run) → confirm."""

import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test

from .roster import EXTENSIONS, KINDS, import_roster

SESSION_KEY = "units_roster_import"
UPLOAD_ROOT = Path(tempfile.gettempdir()) / "linli-roster"
MAX_AGE = 24 * 3600
MAX_SIZE = 10 * 1024 * 1024


def can_import_roster(user):
    """Superusers, or anyone given the (optional) `units.import_roster` permission."""
    return user.is_active and (user.is_superuser or user.has_perm("units.import_roster"))


def _roster_file(label):
    return forms.FileField(
        label=label, required=False, help_text=_("CSV（UTF-8）或 XLSX，第一行为表头")
    )


class RosterUploadForm(forms.Form):
    units = _roster_file(_("邻里之家表"))
    contacts = _roster_file(_("联系人表"))
    staff = _roster_file(_("派驻人员表"))
    skip_invalid = forms.BooleanField(
        label=_("跳过无效行"),
        required=False,
        help_text=_("不勾选时，只要有一行无效，就不写入任何数据。"),
    )

    def clean(self):
        data = super().clean()
        uploads = [data.get(kind) for kind in KINDS if data.get(kind)]
        if not uploads and not self.errors:
            raise forms.ValidationError(_("请至少上传一个文件。"))
        for upload in uploads:
            if Path(upload.name).suffix.lower() not in EXTENSIONS:
                raise forms.ValidationError(_("只支持 CSV 或 XLSX 文件：%s") % upload.name)
            if upload.size > MAX_SIZE:
                raise forms.ValidationError(_("文件过大（上限 10 MB）：%s") % upload.name)
        return data


def _context(title, **extra):
    return {
        "page_title": title,
        "header_title": title,
        "header_icon": "upload",
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": "", "label": title},
        ],
        **extra,
    }


def _sweep_old_uploads():
    if not UPLOAD_ROOT.is_dir():
        return
    for folder in UPLOAD_ROOT.iterdir():
        if folder.is_dir() and time.time() - folder.stat().st_mtime > MAX_AGE:
            shutil.rmtree(folder, ignore_errors=True)


def _stored_files(pending):
    folder = UPLOAD_ROOT / pending["token"]
    return {kind: (name, (folder / kind).read_bytes()) for kind, name in pending["names"].items()}


def _forget(request):
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        shutil.rmtree(UPLOAD_ROOT / pending["token"], ignore_errors=True)


@user_passes_test(can_import_roster)
def roster_import(request):
    """Upload form; on POST store the files under a random token and show a dry run."""
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _forget(request)
        _sweep_old_uploads()
        token = secrets.token_urlsafe(16)
        folder = UPLOAD_ROOT / token
        folder.mkdir(parents=True, mode=0o700)
        names = {}
        for kind in KINDS:
            upload = form.cleaned_data.get(kind)
            if upload:
                with (folder / kind).open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                names[kind] = Path(upload.name).name
        skip_invalid = form.cleaned_data["skip_invalid"]
        pending = {"token": token, "names": names, "skip_invalid": skip_invalid}
        request.session[SESSION_KEY] = pending
        result = import_roster(
            _stored_files(pending), skip_invalid=skip_invalid, dry_run=True, user=request.user
        )
        return TemplateResponse(
            request,
            "units/admin/roster_preview.html",
            _context(
                _("导入名册：预览"),
                result=result,
                token=token,
                names=names.values(),
                skip_invalid=skip_invalid,
                can_confirm=skip_invalid or not result.errors,
            ),
        )
    return TemplateResponse(
        request, "units/admin/roster_import.html", _context(_("导入名册"), form=form)
    )


@require_POST
@user_passes_test(can_import_roster)
def roster_confirm(request):
    """Run the real import of the files previewed in this session."""
    pending = request.session.get(SESSION_KEY)
    if not pending or not secrets.compare_digest(pending["token"], request.POST.get("token", "")):
        messages.error(request, _("上传已过期，请重新上传文件。"))
        return redirect("units_roster_import")
    try:
        files = _stored_files(pending)
    except FileNotFoundError:
        _forget(request)
        messages.error(request, _("上传已过期，请重新上传文件。"))
        return redirect("units_roster_import")
    result = import_roster(files, skip_invalid=pending["skip_invalid"], user=request.user)
    _forget(request)
    if result.written:
        messages.success(request, _("导入完成。") + " ".join(result.summary_lines()))
    else:
        messages.error(request, _("导入失败，未写入任何数据：") + "；".join(result.errors[:20]))
    return redirect("units_roster_import")
