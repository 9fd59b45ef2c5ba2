import pytest
from django.core.exceptions import ValidationError

from core.phones import mask_phone, normalise_phone, tel_href, validate_phone


@pytest.mark.parametrize(
    "raw,masked",
    [
        ("13812341234", "138****1234"),
        ("138 1234 1234", "138****1234"),
        ("022-68123456", "022-****3456"),
        ("", ""),
    ],
)
def test_mask(raw, masked):
    assert mask_phone(raw) == masked


@pytest.mark.parametrize(
    "good",
    [
        "13812341234",
        "022-68123456",
        "68123456",
        "12345",
        "０２２－６８１２３４５６",
        "+86 138 1234 1234",
    ],
)
def test_valid(good):
    validate_phone(good)


@pytest.mark.parametrize("bad", ["1381234123", "abc", "12-34", "23812341234"])
def test_invalid_with_chinese_message(bad):
    with pytest.raises(ValidationError) as info:
        validate_phone(bad)
    assert "电话号码格式不正确" in info.value.messages[0]


def test_tel_links():
    assert tel_href("022-68123456") == "tel:02268123456"
    assert tel_href("022-68123456-801") == "tel:02268123456,801"
    assert tel_href("138 1234 1234") == "tel:13812341234"
    assert normalise_phone("（022）68123456") == "02268123456"
