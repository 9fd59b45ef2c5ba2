"""Issue 15, item 11: nothing private leaks.

Phone numbers typed into free text (a description, a reply, a note, a comment) are masked
wherever they are shown to someone who has not revealed them; the retention job covers the
free text and closes reports left "resolved"; the personal-data download holds every report of
the resident; photo files are readable by the site's user only."""

import datetime
import io
import json
import os
import re
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from core.periods import current_period
from demo.factories.accounts import login_with_mfa
from demo.factories.ratings import make_resident
from feedback.models import Category, Report, ReportEvent, Status
from feedback.photos import clean_photo
from feedback.retention import auto_close_stale, purge_personal_data
from feedback.services import confirm, submit_report, transition
from feedback.stats import month_stats
from ratings.models import Rating

pytestmark = pytest.mark.django_db

# A mobile and a landline as people type them, in ASCII and full-width digits.
TYPED = "请打１３９－１２３４－５６７８或者022-6812 3456找王师傅，身份证120223199001011234"
FULL = ["13912345678", "139-1234-5678", "１３９－１２３４－５６７８", "68123456", "6812 3456"]
FULL += ["120223199001011234"]
ANY_FULL_NUMBER = re.compile(r"1[3-9]\d{9}|1[3-9]\d-\d{4}-\d{4}|6812 ?3456|\d{15,}")


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def category(demo):
    return Category.objects.active().first()


@pytest.fixture
def unit(demo):
    return demo.first()


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("dpo", "dpo@example.test", "x")


def _jpeg():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 30)).save(out, format="JPEG")
    return clean_photo(SimpleUploadedFile("a.jpg", out.getvalue(), content_type="image/jpeg"))


def _resolved(category, unit, **fields):
    report, _ = submit_report(
        category=category, description=TYPED, unit=unit, photos=[_jpeg()], **fields
    )
    transition(report, Status.ACCEPTED, private_note="居民说打13812349999也行")
    transition(report, Status.DISPATCHED)
    transition(report, Status.RESOLVED, public_reply="已修好，有问题请拨打13600001111")
    report.refresh_from_db()
    return report


def _has_full_number(text):
    return bool(ANY_FULL_NUMBER.search(text)) or any(number in text for number in FULL)


def test_staff_see_free_text_masked_until_they_reveal(client, admin, category, unit):
    report = _resolved(category, unit, phone="13912345678", public_ok=True)
    login_with_mfa(client, admin)
    detail = client.get(reverse("reports:inspect", args=[report.pk])).content.decode()
    assert not _has_full_number(detail)
    assert "139****5678" in detail and "138****9999" in detail and "136****1111" in detail
    listing = client.get(reverse("reports:index")).content.decode()
    exported = client.get(reverse("reports:index"), {"export": "csv"})
    export = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert not _has_full_number(listing) and not _has_full_number(export)

    revealed = client.post(reverse("reports:reveal_phone", args=[report.pk])).content.decode()
    assert "１３９－１２３４－５６７８" in revealed and "13600001111" in revealed


def test_published_text_is_masked(client, category, unit, django_user_model):
    report = _resolved(category, unit, phone="13912345678", public_ok=True)
    confirm(report, "satisfied")
    cases = client.get(reverse("feedback:cases")).content.decode()
    assert "已修好" in cases and "136****1111" in cases and not _has_full_number(cases)

    from ratings.services import rated_pairs

    pair = rated_pairs().first()
    Rating.objects.create(
        user=make_resident(django_user_model, "c@example.test"),
        department=pair.department,
        unit=pair.page,
        period=current_period(),
        attitude=2,
        efficiency=2,
        effectiveness=2,
        comment="态度不好，有事请找我13712345678",
        comment_status=Rating.CommentStatus.APPROVED,
    )
    department = pair.department
    scorecard = client.get(department.url + "scorecard/").content.decode()
    assert "态度不好" in scorecard and "137****5678" in scorecard
    assert "13712345678" not in scorecard


def test_stale_resolved_reports_are_closed_and_purged_with_their_free_text(
    category, unit, settings
):
    settings.REPORT_AUTO_CLOSE_DAYS = 15
    settings.REPORT_RETENTION_DAYS = 30
    report = _resolved(category, unit, phone="13912345678", name="王某某")
    path = report.photos.get().file.path
    before = month_stats(Report.objects.filter(unit=unit))

    assert auto_close_stale(now=report.resolved_at + datetime.timedelta(days=14)) == 0
    assert auto_close_stale(now=report.resolved_at + datetime.timedelta(days=16)) == 1
    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.satisfaction == ""
    assert report.events.last().private_note.startswith("居民 15 天内未确认")

    assert purge_personal_data(now=report.closed_at + datetime.timedelta(days=29)) == 0
    assert purge_personal_data(now=report.closed_at + datetime.timedelta(days=31)) == 1
    report.refresh_from_db()
    assert (report.name, report.phone) == ("", "")
    assert not _has_full_number(report.description)
    assert "139****5678" in report.description and "找王师傅" in report.description
    for event in ReportEvent.objects.filter(report=report):
        assert not _has_full_number(event.public_reply + event.private_note)
    assert not os.path.exists(path)
    after = month_stats(Report.objects.filter(unit=unit))
    assert after == before


def test_the_daily_job_runs_both_steps(db, capsys):
    call_command("purge_report_personal_data")
    out = capsys.readouterr().out
    assert "Closed 0 reports" in out and "Personal data removed from 0" in out


def test_the_download_holds_every_report_of_the_resident(client, category, unit, django_user_model):
    from accounts.models import PhoneNumber

    resident = make_resident(django_user_model, "mine@example.test")
    PhoneNumber.objects.create(user=resident, phone="+8613912345678", verified=True)
    mine = [
        submit_report(category=category, description=f"我的第{n}件事", phone="13912345678")[0]
        for n in range(3)
    ]
    other, _ = submit_report(category=category, description="别人的事", phone="13800005678")
    anonymous, _ = submit_report(category=category, description="没留电话")
    client.force_login(resident)
    data = json.loads(client.get("/accounts/profile/data.json").content)
    numbers = [item["tracking_number"] for item in data["reports"]]
    assert sorted(numbers) == sorted(r.tracking_number for r in mine)
    assert other.tracking_number not in numbers and anonymous.tracking_number not in numbers
    assert data["reports"][0]["description"].startswith("我的第")


def test_photo_files_are_readable_by_the_site_only(category, unit, private_root):
    report, _ = submit_report(category=category, description="照片权限", photos=[_jpeg()])
    path = report.photos.get().file.path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
