"""Checks a resident's photo by its content and re-encodes it as a JPEG without metadata,
downscaled to REPORT_PHOTO_MAX_EDGE pixels on its longer side: a 12 MB phone photo becomes a few
hundred kilobytes that staff can open on a phone. JPEGs are decoded at a reduced scale
(Pillow's draft mode), so a large photo costs little memory."""

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
                out, size = _downscaled_jpeg(image, conf.get("REPORT_PHOTO_MAX_EDGE"))
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _reject(_("照片“%(name)s”像素过大。") % {"name": name}, "too_many_pixels")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        _reject(bad, "invalid")
    return out, size


def _downscaled_jpeg(image, edge, quality=85):
    """(JPEG bytes, (width, height)) of `image` turned upright, at most `edge` pixels on its
    longer side, without any metadata."""
    if image.format == "JPEG":
        image.draft("RGB", (edge, edge))
    image.load()
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue(), image.size


def make_thumbnail(data):
    """A small JPEG of a stored (already cleaned) photo, for lists and the status page."""
    with Image.open(io.BytesIO(data)) as image:
        return _downscaled_jpeg(image, conf.get("REPORT_PHOTO_THUMB_EDGE"), quality=75)[0]
