"""Following a report: the lookup forgives how numbers are typed; the verified owner sees what
they reported (description, place, photo thumbnails) and the timeline, and answers with
controls named by what they do."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from feedback.models import Report, Satisfaction, Status
from feedback.services import parse_tracking_number, transition

from .conftest import PHONE

URL = "/feedback/"


@pytest.mark.parametrize(
    "typed",
    [
        "JH-2026-000123",
        "jh-2026-000123",
        "jh2026123",
        "JH2026000123",
        "jh 2026 123",
        "ＪＨ－２０２６－０００１２３",
        "ｊｈ２０２６１２３",
        "2026-000123",
        " JH—2026—000123 ",
    ],
)
def test_tracking_numbers_however_typed(typed):
    assert parse_tracking_number(typed) == "JH-2026-000123"


@pytest.mark.parametrize("typed", ["JH-26-1", "ABC", "", "JH-٢٠٢٦-000123"])
def test_what_cannot_be_a_tracking_number(typed):
    assert parse_tracking_number(typed) == ""


def _photo():
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (90, 120, 150)).save(out, "JPEG")
    return SimpleUploadedFile("leak.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def submitted(client, form_data):
    data = form_data(compound="海馨园", building="3号楼2单元楼道")
    data["photos"] = [_photo()]
    client.post(URL, data)
    return Report.objects.get()


def _sloppy(report):
    year, number = report.tracking_number.split("-")[1:]
    return f"jh{year}{int(number)}"


def test_sloppy_lookup_opens_what_the_owner_reported(client, submitted):
    fresh = client.__class__()
    response = fresh.post(
        "/feedback/status/", {"tracking_number": _sloppy(submitted), "last4": "５６７８"}
    )
    assert response["Location"] == f"/feedback/status/{submitted.tracking_number}/"
    page = fresh.get(response["Location"])
    html = page.content.decode()
    assert "3号楼楼道水管漏水" in html and "海馨园 3号楼2单元楼道" in html
    assert "海馨园邻里之家" in html
    photo = submitted.photos.get()
    assert f"/feedback/photos/{photo.key}/thumb/" in html
    assert "no-store" in page["Cache-Control"]
    thumb = fresh.get(f"/feedback/photos/{photo.key}/thumb/")
    full = fresh.get(f"/feedback/photos/{photo.key}/")
    assert thumb.status_code == full.status_code == 200
    small = Image.open(io.BytesIO(b"".join(thumb.streaming_content)))
    assert max(small.size) <= 320
    # The proposed department is named from the start: who will answer.
    assert submitted.proposed_department.title in html and "拟由" in html


def test_photos_stay_private_to_strangers(client, submitted):
    photo = submitted.photos.get()
    stranger = client.__class__()
    assert stranger.get(f"/feedback/photos/{photo.key}/thumb/").status_code == 404
    wrong = stranger.post(
        "/feedback/status/", {"tracking_number": submitted.tracking_number, "last4": "0000"}
    )
    assert wrong.status_code == 200
    assert stranger.get(f"/feedback/photos/{photo.key}/").status_code == 404


def test_confirm_and_reopen_are_named_by_what_they_do(client, submitted):
    transition(submitted, Status.ACCEPTED)
    transition(submitted, Status.RESOLVED, public_reply="管道已更换。")
    client.post(
        "/feedback/status/", {"tracking_number": submitted.tracking_number, "last4": PHONE[-4:]}
    )
    html = client.get(f"/feedback/status/{submitted.tracking_number}/").content.decode()
    assert "已解决，确认办结" in html and "不满意，要求重新办理" in html
    assert 'value="satisfied"' in html and 'value="basically"' in html
    assert 'value="dissatisfied"' not in html  # 不满意 reopens, it does not close
    # Closing with 不满意 is refused by the form...
    client.post(
        f"/feedback/status/{submitted.tracking_number}/confirm/", {"satisfaction": "dissatisfied"}
    )
    assert Report.objects.get(pk=submitted.pk).status == Status.RESOLVED
    # ...reopening with a reason counts as 不满意 until a later resolution is confirmed.
    client.post(f"/feedback/status/{submitted.tracking_number}/reopen/", {"reason": "还在漏"})
    report = Report.objects.get(pk=submitted.pk)
    assert report.status == Status.REOPENED
    assert report.satisfaction == Satisfaction.DISSATISFIED


def test_the_receipt_shows_the_status_link_with_a_copy_button(client, form_data):
    html = client.post(URL, form_data()).content.decode()
    report = Report.objects.get()
    assert "复制链接" in html and 'data-copy-link="http://testserver/feedback/s/' in html
    assert "js/copy-link.js" in html and "<script>" not in html  # no inline script (CSP)
    link = html.split('data-copy-link="', 1)[1].split('"', 1)[0]
    fresh = client.__class__()
    response = fresh.get(link.removeprefix("http://testserver"))
    assert response["Location"] == f"/feedback/status/{report.tracking_number}/"
    assert "3号楼楼道水管漏水" in fresh.get(response["Location"]).content.decode()


def test_signed_in_owner_sees_their_report_without_digits(client, form_data, django_user_model):
    owner = django_user_model.objects.create_user("owner", "owner@example.test", "pw-静海-42")
    client.force_login(owner)
    client.post(URL, form_data(phone=""))
    report = Report.objects.get()
    assert report.user == owner
    html = client.get(f"/feedback/status/{report.tracking_number}/").content.decode()
    assert "3号楼楼道水管漏水" in html
