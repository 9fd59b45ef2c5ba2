"""Issue 15, item 8: cheap checks before expensive work.

Photos are checked from their headers while the form is validated and decoded only once the
form is valid and every limit has counted it; bench/report_form_cost.py measures what that
saves (CPU and memory of a refused form with three 40-megapixel photos). The finder scores a
bounded part of a long query (bench/finder_cost.py)."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from feedback import tickets
from feedback.models import Category, Report
from search.names import MAX_TERM
from units.finder import find_units

pytestmark = pytest.mark.django_db


def _good_header_broken_body():
    """A JPEG whose header is fine (format, size) but whose image data is cut off: only
    decoding finds out."""
    out = io.BytesIO()
    Image.effect_noise((800, 600), 50).convert("RGB").save(out, format="JPEG")
    data = out.getvalue()
    return SimpleUploadedFile("cut.jpg", data[: len(data) // 3], content_type="image/jpeg")


def _data(**overrides):
    category = Category.objects.active().first()
    data = {
        "category": str(category.pk),
        "description": "楼道灯坏了，晚上看不见台阶。",
        "compound": "海馨园",
        "consent": "on",
        "token": tickets.issue(time.time() - 60),
        "photos": [_good_header_broken_body()],
    }
    data.update(overrides)
    return data


def test_an_invalid_form_is_answered_without_decoding_its_photos(client, demo):
    html = client.post("/feedback/", _data(description="")).content.decode()
    assert "请描述您遇到的问题" in html
    assert "不是有效的" not in html  # the photo was never decoded


def test_a_rate_limited_client_is_turned_away_before_its_form_is_validated(client, demo, settings):
    settings.RATE_LIMITS = {"report_attempt": "2/1h/ip"}
    for _attempt in range(2):
        client.post("/feedback/", _data(description=""))
    response = client.post("/feedback/", _data())
    assert response.status_code == 429
    assert not Report.objects.exists()


def test_a_valid_form_still_decodes_and_rejects_a_broken_photo(client, demo):
    html = client.post("/feedback/", _data(building="5号楼")).content.decode()
    assert "不是有效的" in html and "请重新选择照片" in html
    assert 'value="5号楼"' in html  # everything else kept
    assert not Report.objects.exists()


def test_only_the_start_of_a_long_finder_query_is_scored(demo):
    name = "海馨园"
    long = name + "的三号楼后面那个小区门口" * 5
    assert len(long) > 60 - 1
    assert find_units(long)[:1] == find_units(long[:MAX_TERM])[:1]
    assert find_units(long)[0][0] == find_units(name)[0][0]
