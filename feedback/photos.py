"""A resident's photo, in two steps so that the expensive one runs last.

1. `inspect_photo` (form validation, for every submission): size in bytes, the format and the
   pixel count from the image header, markup hidden in the file. Nothing is decoded, so an
   invalid form, or one that a rate limit turns away, costs milliseconds however large its
   photos (bench/report_form_cost.py measures it).
2. `reencode_photo` (only for a submission that passed every check and limit): decode, turn
   upright, downscale to REPORT_PHOTO_MAX_EDGE pixels on the longer side (a 12 MB phone photo
   becomes a few hundred kilobytes staff can open on a phone) and save as a JPEG without
   metadata (EXIF, GPS). JPEGs are decoded at a reduced scale (Pillow's draft mode), so a large
   photo costs little memory.
"""

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
_BROKEN = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


def _reject(message, code):
    raise ValidationError(message, code=code)


def _invalid(name):
    return _("“%(name)s”不是有效的 JPEG、PNG 或 WebP 照片。") % {"name": name}


def _too_many_pixels(name):
    return _("照片“%(name)s”像素过大。") % {"name": name}


def _name(upload):
    return getattr(upload, "name", "") or ""


def inspect_photo(upload):
    """Check what can be checked without decoding; returns the upload or raises
    ValidationError."""
    name = _name(upload)
    if upload.size > conf.get("REPORT_PHOTO_MAX_BYTES"):
        limit = conf.get("REPORT_PHOTO_MAX_BYTES") // (1024 * 1024)
        _reject(_("照片“%(name)s”超过 %(mb)s MB。") % {"name": name, "mb": limit}, "too_large")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if _MARKUP.search(data):
        _reject(_invalid(name), "markup")
    if data.startswith(b"\x89PNG") and not data.rstrip(b"\x00").endswith(_PNG_END):
        _reject(_invalid(name), "trailing_data")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Image.open reads the header only: format and size, no pixels.
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    _reject(_invalid(name), "format")
                width, height = probe.size
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _reject(_too_many_pixels(name), "too_many_pixels")
    except _BROKEN:
        _reject(_invalid(name), "invalid")
    if width * height > conf.get("REPORT_PHOTO_MAX_PIXELS"):
        _reject(_too_many_pixels(name), "too_many_pixels")
    return upload


def reencode_photo(upload):
    """The photo as JPEG bytes without metadata, upright, with its (width, height); raises
    ValidationError if it cannot be decoded after all (a truncated or corrupt file)."""
    name = _name(upload)
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                out, size = _downscaled_jpeg(image, conf.get("REPORT_PHOTO_MAX_EDGE"))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _reject(_too_many_pixels(name), "too_many_pixels")
    except _BROKEN:
        _reject(_invalid(name), "invalid")
    return out, size


def clean_photo(upload):
    """Both steps at once (for callers that need no limit in between)."""
    return reencode_photo(inspect_photo(upload))


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
    # Pillow writes what `info` holds (a JPEG comment, ICC profile, EXIF…) into the new file:
    # nothing of the original's metadata may travel on.
    image.info = {}
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue(), image.size


def make_thumbnail(data):
    """A small JPEG of a stored (already cleaned) photo, for lists and the status page."""
    with Image.open(io.BytesIO(data)) as image:
        return _downscaled_jpeg(image, conf.get("REPORT_PHOTO_THUMB_EDGE"), quality=75)[0]
