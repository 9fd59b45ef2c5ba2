import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from demo.factories.accounts import login_with_mfa
from feedback.models import Report, ReportPhoto

URL = "/feedback/"


def _image_bytes(fmt="JPEG", size=(60, 40), exif=None, color=(200, 30, 30), comment=None):
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    if comment is not None:
        kwargs["comment"] = comment
    Image.new("RGB", size, color).save(out, format=fmt, **kwargs)
    return out.getvalue()


def _gps_exif():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    gps = {1: "N", 2: (39.0, 0.0, 0.0), 3: "E", 4: (117.0, 0.0, 0.0)}
    exif[0x8825] = gps
    return exif


def _upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _post(client, form_data, *files):
    data = form_data()
    data["photos"] = list(files)
    return client.post(URL, data)


def _png_chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))


def _bomb_png(width=20_000, height=20_000):
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


def test_photo_is_reencoded_without_exif_rotated_and_stored_privately(
    client, form_data, private_root, settings
):
    comment = "张三家，13812345678，GPS 39.0847N 116.9175E".encode()
    original = _image_bytes(size=(60, 40), exif=_gps_exif(), comment=comment)
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)
    assert Image.open(io.BytesIO(original)).info["comment"] == comment
    response = _post(client, form_data, _upload("IMG_0001.jpg", original))
    assert response.status_code == 200
    photo = ReportPhoto.objects.get()
    path = photo.file.path
    assert path.startswith(str(private_root))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "IMG_0001" not in path
    assert len(photo.file.name.rsplit("/", 1)[-1]) == len("0123456789abcdef0123456789abcdef.jpg")
    with Image.open(path) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert "comment" not in stored.info and "icc_profile" not in stored.info
        assert stored.size == (40, 60)  # the orientation was applied
    with Image.open(photo.thumbnail.path) as thumbnail:
        assert dict(thumbnail.getexif()) == {} and "comment" not in thumbnail.info
    assert b"13812345678" not in open(path, "rb").read()


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(client, form_data, fmt):
    _post(client, form_data, _upload(f"a.{fmt.lower()}", _image_bytes(fmt), f"image/{fmt.lower()}"))
    assert ReportPhoto.objects.count() == 1


def _rejected(client, form_data, upload, message):
    response = _post(client, form_data, upload)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html, html[html.find("error-summary") :][:600]
    assert "请重新选择照片" in html
    assert not Report.objects.exists()
    assert not ReportPhoto.objects.exists()


def test_polyglot_png_with_html_named_jpg_is_rejected(client, form_data, private_root):
    data = _image_bytes("PNG") + b"<html><script>alert(1)</script></html>"
    _rejected(client, form_data, _upload("cat.jpg", data), "不是有效的")
    assert not private_root.exists() or not any(private_root.rglob("*.jpg"))


def test_svg_is_rejected(client, form_data):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    _rejected(client, form_data, _upload("x.svg", svg, "image/svg+xml"), "不是有效的")


def test_truncated_jpeg_is_rejected(client, form_data):
    data = _image_bytes(size=(400, 300))
    _rejected(client, form_data, _upload("cut.jpg", data[: len(data) // 2]), "不是有效的")


def test_gif_is_rejected(client, form_data):
    _rejected(client, form_data, _upload("a.gif", _image_bytes("GIF"), "image/gif"), "不是有效的")


def test_decompression_bomb_is_rejected(client, form_data):
    _rejected(client, form_data, _upload("bomb.png", _bomb_png(), "image/png"), "像素过大")


def test_oversize_file_is_rejected(client, form_data, settings):
    settings.REPORT_PHOTO_MAX_BYTES = 1000
    _rejected(client, form_data, _upload("big.jpg", _image_bytes(size=(300, 300))), "超过")


def test_more_than_three_photos_is_rejected(client, form_data):
    files = [_upload(f"{i}.jpg", _image_bytes()) for i in range(4)]
    response = _post(client, form_data, *files)
    assert "最多上传 3 张照片" in response.content.decode()
    assert not Report.objects.exists()


@pytest.fixture
def photo(client, form_data, unit_x):
    _post(client, form_data, _upload("a.jpg", _image_bytes()))
    client.logout()
    return ReportPhoto.objects.get()


@pytest.mark.parametrize(
    "who,status",
    [
        (None, 404),
        ("staff_y", 404),
        ("other_dept", 404),
        ("dept", 404),
        ("staff_x", 200),
        ("admin", 200),
    ],
)
def test_photo_is_served_only_to_handlers(client, users, photo, who, status):
    if who:
        login_with_mfa(client, users[who])
    response = client.get(reverse("feedback:photo", args=[photo.key]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Security-Policy"] == "default-src 'none'"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert response["Content-Type"] == "image/jpeg"


def test_dispatched_department_sees_the_photo(client, users, photo, department):
    from feedback.services import transition

    transition(photo.report, "dispatched", department=department)
    login_with_mfa(client, users["dept"])
    assert client.get(reverse("feedback:photo", args=[photo.key])).status_code == 200


def phone_photo(megabytes=12, size=(4032, 3024)):
    """A JPEG the size a phone camera writes (4032 × 3024, about `megabytes` MB): noise does
    not compress, so the quality setting picks the file size."""
    import os

    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    for quality in (93, 90, 85, 75, 60):
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=quality, exif=_gps_exif())
        if out.tell() <= megabytes * 1024 * 1024:
            return out.getvalue()
    return out.getvalue()


def test_a_12_mb_phone_photo_is_accepted_downscaled_and_thumbnailed(client, form_data):
    data = phone_photo(12)
    assert len(data) > 10 * 1024 * 1024
    response = _post(client, form_data, _upload("IMG_20261129.jpg", data))
    assert response.status_code == 200 and "提交成功" in response.content.decode()
    photo = ReportPhoto.objects.get()
    with Image.open(photo.file.path) as stored:
        assert max(stored.size) == 2560 and dict(stored.getexif()) == {}
        assert stored.size == (1920, 2560)  # Orientation 6 applied
    assert (photo.width, photo.height) == (1920, 2560)
    with Image.open(photo.thumbnail.path) as thumb:
        assert max(thumb.size) == 320
    assert photo.file.size < len(data) / 2


def test_the_limit_is_20_mb_and_the_form_says_so(client, form_data, settings):
    assert settings.REPORT_PHOTO_MAX_BYTES == 20 * 1024 * 1024
    assert "每张不超过 20 MB" in client.get(URL).content.decode()
    big = _upload("huge.jpg", b"\xff\xd8" + b"0" * (20 * 1024 * 1024 + 1))
    _rejected(client, form_data, big, "超过 20 MB")
