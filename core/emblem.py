"""The site's emblem (a white 邻 in a red disc) and the fonts to draw text on images with.

Drawn with Pillow on the server: the icons (manage.py make_icons, committed under static/img/)
and the stations' share cards (units/share_cards.py). Characters need a CJK font
(settings.SHARE_CARD_FONTS, Debian's fonts-wqy-microhei by default). Where none is installed
the emblem is a house and text falls back to Pillow's own Latin font, which the callers only
give digits and Latin letters: no image ever shows boxes in place of characters.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from PIL import ImageDraw, ImageFont

BRAND = (166, 27, 27)  # --brand in site.css
BRAND_DARK = (125, 18, 18)
WHITE = (255, 255, 255)
INK = (27, 27, 27)
GLYPH = "邻"


@cache
def cjk_font_path():
    """The first CJK font of settings.SHARE_CARD_FONTS that exists, or None."""
    return next((path for path in settings.SHARE_CARD_FONTS if Path(path).is_file()), None)


def font(size, cjk=True):
    """A font of `size` px: the CJK font when asked for and installed, else Pillow's own."""
    path = cjk_font_path() if cjk else None
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def has_cjk_font():
    return cjk_font_path() is not None


def draw_emblem(image, box, background=BRAND, ring=True):
    """The emblem inside `box` (left, top, right, bottom; a square) of `image`."""
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = box
    size = right - left
    draw.ellipse(box, fill=background)
    if ring:
        inset = size * 0.07
        draw.ellipse(
            (left + inset, top + inset, right - inset, bottom - inset),
            outline=WHITE,
            width=max(1, round(size * 0.035)),
        )
    cx, cy = left + size / 2, top + size / 2
    if has_cjk_font():
        glyph = font(round(size * 0.5))
        draw.text((cx, cy), GLYPH, font=glyph, fill=WHITE, anchor="mm")
    else:
        _draw_house(draw, cx, cy, size * 0.5)


def _draw_house(draw, cx, cy, size):
    half = size / 2
    roof = [(cx - half, cy - size * 0.05), (cx, cy - half), (cx + half, cy - size * 0.05)]
    draw.polygon(roof, fill=WHITE)
    body = (cx - half * 0.7, cy - size * 0.06, cx + half * 0.7, cy + half)
    draw.rectangle(body, fill=WHITE)
    door = (cx - half * 0.18, cy + half * 0.2, cx + half * 0.18, cy + half)
    draw.rectangle(door, fill=BRAND)


def fit_font(draw, text, max_width, size, minimum, cjk=True):
    """The largest font from `size` down to `minimum` px in which `text` is at most `max_width`
    wide (the minimum if none is)."""
    while size > minimum:
        candidate = font(size, cjk)
        if draw.textlength(text, font=candidate) <= max_width:
            return candidate
        size -= 4
    return font(minimum, cjk)
