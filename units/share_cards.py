"""A station's share card: the picture a forwarded link to its page shows in a WeChat group
(Open Graph image), with the station's name and its duty phone, drawn with Pillow.

A card depends on the page's live revision and on what it shows, so its address names both
(`version`); cards are drawn once, kept in MEDIA_ROOT/share-cards/ and served with a year's
cache lifetime. Without a CJK font (core.emblem) the card shows the emblem and the phone
number only, and any name in Latin letters (an English translation).
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from core.emblem import BRAND, BRAND_DARK, INK, WHITE, draw_emblem, fit_font, font, has_cjk_font
from core.seo import ShareImage

SIZE = (1200, 630)
FOLDER = "share-cards"


def _drawable(text):
    """Whether `text` can be drawn with the fonts at hand."""
    return has_cjk_font() or text.isascii()


def card_version(unit):
    content = "|".join(
        [unit.title, unit.phone, get_language() or "", "cjk" if has_cjk_font() else "latin"]
    )
    digest = hashlib.sha256(content.encode()).hexdigest()[:10]
    return f"{unit.live_revision_id or 0}-{digest}"


def card_url(unit):
    return reverse("units:share_card", args=[unit.pk, card_version(unit)])


def share_image(unit, request):
    return ShareImage(
        url=request.build_absolute_uri(card_url(unit)),
        width=SIZE[0],
        height=SIZE[1],
        alt=_("%(name)s：值班电话 %(phone)s") % {"name": unit.title, "phone": unit.phone}
        if unit.phone
        else unit.title,
    )


def draw_card(unit):
    width, height = SIZE
    image = Image.new("RGB", SIZE, WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 30), fill=BRAND)
    draw.rectangle((0, height - 30, width, height), fill=BRAND_DARK)
    draw_emblem(image, (70, 80, 230, 240))
    site = _("静海区邻里之家")
    if _drawable(site):
        draw.text((260, 175), site, font=font(44), fill=BRAND_DARK, anchor="ls")
    if _drawable(unit.title):
        title_font = fit_font(draw, unit.title, width - 140, 96, 44)
        draw.text((70, 360), unit.title, font=title_font, fill=INK, anchor="ls")
    if unit.phone:
        label = _("值班电话") if has_cjk_font() else "Tel."
        draw.text((70, 500), label, font=font(48), fill=BRAND_DARK, anchor="ls")
        label_width = draw.textlength(label, font=font(48))
        draw.text(
            (70 + label_width + 30, 510),
            unit.phone,
            font=fit_font(draw, unit.phone, width - label_width - 170, 110, 60),
            fill=BRAND,
            anchor="ls",
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def card_png(unit):
    """The card's bytes: from MEDIA_ROOT/share-cards/ if drawn before, else drawn and kept."""
    name = f"{FOLDER}/unit-{unit.pk}-{card_version(unit)}.png"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as kept:
            return kept.read()
    png = draw_card(unit)
    default_storage.save(name, ContentFile(png))
    return png
