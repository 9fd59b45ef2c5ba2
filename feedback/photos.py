"""Checks a resident's photo by its content and re-encodes it as a JPEG without metadata."""

import io
import re
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from . import conf

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
# Markup hidden inside an image (a polyglot) could be rendered as HTML by a careless viewer.
_MARKUP = re.compile(rb"<\s*(html|script|svg|body|iframe|!doctype|\?xml)", re.IGNORECASE)
_PNG_END = b"IEND\xaeB`\x82"


def _reject(message, code):
    raise ValidationError(message, code=code)


def clean_photo(upload):
    """Return the re-encoded JPEG bytes with (width, height), or raise ValidationError."""
    name = getattr(upload, "name", "") or ""
    if upload.size > conf.get("REPORT_PHOTO_MAX_BYTES"):
        limit = conf.get("REPORT_PHOTO_MAX_BYTES") // (1024 * 1024)
        _reject(_("照片“%(name)s”超过 %(mb)s MB。") % {"name": name, "mb": limit}, "too_large")
    data = upload.read()
    bad = _("“%(name)s”不是有效的 JPEG、PNG 或 WebP 照片。") % {"name": name}
    if _MARKUP.search(data):
        _reject(bad, "markup")
    if data.startswith(b"\x89PNG") and not data.rstrip(b"\x00").endswith(_PNG_END):
        _reject(bad, "trailing_data")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    _reject(bad, "format")
                width, height = probe.size
                if width * height > conf.get("REPORT_PHOTO_MAX_PIXELS"):
                    _reject(_("照片“%(name)s”像素过大。") % {"name": name}, "too_many_pixels")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                if image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                out = io.BytesIO()
                image.save(out, format="JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _reject(_("照片“%(name)s”像素过大。") % {"name": name}, "too_many_pixels")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        _reject(bad, "invalid")
    return out.getvalue(), image.size
