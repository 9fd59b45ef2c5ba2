import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from demo.factories.accounts import login_with_mfa
from feedback.models import Category, Report, ReportPhoto, Status
from feedback.photos import clean_photo
from feedback.retention import purge_personal_data
from feedback.services import confirm, submit_report, transition
from feedback.stats import department_stats, month_stats, unit_stats

from .conftest import PHONE


def _jpeg():
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, format="JPEG")
    return SimpleUploadedFile("a.jpg", out.getvalue(), content_type="image/jpeg")


def _closed_report(category, unit, satisfaction="satisfied"):
    photos = [clean_photo(_jpeg())]
    report, _ = submit_report(
        category=category, description="漏水漏水", unit=unit, name="王", phone=PHONE, photos=photos
    )
    transition(report, Status.ACCEPTED)
    transition(report, Status.DISPATCHED)
    transition(report, Status.RESOLVED, public_reply="修好了")
    return confirm(report, satisfaction)


def test_retention_clears_personal_data_and_keeps_statistics(category, unit_x, settings, users):
    settings.REPORT_RETENTION_DAYS = 30
    report = _closed_report(category, unit_x)
    open_report, _ = submit_report(
        category=category, description="还没办", unit=unit_x, phone=PHONE
    )
    path, thumbnail = report.photos.get().file.path, report.photos.get().thumbnail.path
    Report.objects.filter(pk=report.pk).update(user=users["staff_y"], notify_sms=True)
    before = month_stats(Report.objects.filter(unit=unit_x))

    assert purge_personal_data(now=report.closed_at + datetime.timedelta(days=29)) == 0
    assert purge_personal_data(now=report.closed_at + datetime.timedelta(days=31)) == 1
    report.refresh_from_db()
    assert report.phone == "" and report.name == "" and report.personal_data_purged_at
    assert report.user is None and not report.notify_sms
    assert not ReportPhoto.objects.filter(report=report).exists()
    import os

    assert not os.path.exists(path) and not os.path.exists(thumbnail)
    open_report.refresh_from_db()
    assert open_report.phone == PHONE
    assert month_stats(Report.objects.filter(unit=unit_x)) == before
    assert report.events.count() == 5


def test_purge_command_runs(db, capsys):
    call_command("purge_report_personal_data")
    assert "Personal data removed from 0" in capsys.readouterr().out


def test_month_stats_and_their_definitions(client, category, unit_x, department):
    _closed_report(category, unit_x, "satisfied")
    _closed_report(category, unit_x, "dissatisfied")
    submit_report(category=category, description="新工单", unit=unit_x)
    figures = unit_stats(unit_x)
    assert figures["received"] == 3 and figures["resolved"] == 2
    assert figures["resolution_rate"] == 67
    assert figures["response_rate"] == 67
    assert figures["satisfaction_rate"] == 50
    assert department_stats(department)["received"] == 2
    html = client.get(unit_x.url).content.decode()
    assert "本月吹哨办理情况" in html and "满意率" in html and "这些数字怎么算" in html
    assert "本月吹哨办理情况" in client.get(department.url).content.decode()


def test_only_opted_in_resolved_cases_are_public_and_anonymised(client, category, unit_x):
    shown = _closed_report(category, unit_x)
    Report.objects.filter(pk=shown.pk).update(public_ok=True)
    hidden = _closed_report(category, unit_x)
    html = client.get("/feedback/cases/").content.decode()
    assert "修好了" in html and category.name in html
    assert "漏水漏水" not in html and PHONE not in html and "王" not in html.split("<main")[1]
    assert hidden.tracking_number not in html


def test_demo_has_categories_mapped_to_departments(demo):
    assert Category.objects.active().count() >= 10
    assert Category.objects.exclude(department=None).count() >= 10


def test_category_snippet_is_editable_in_admin(client, demo):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("cat-admin", password="x-123456789")
    from django.apps import apps

    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    login_with_mfa(client, admin)
    assert client.get("/admin/snippets/feedback/category/").status_code == 200
    assert timezone.now()
