"""The site's icons and default share image, drawn from the emblem (core.emblem).

`manage.py make_icons` writes them to static/img/, where they are committed: browsers, the
home screen ("添加到主屏幕") and share previews load them as ordinary static files.
"""

from pathlib import Path

from PIL import Image, ImageDraw

from .emblem import BRAND, BRAND_DARK, WHITE, draw_emblem, fit_font

SHARE_SIZE = (1200, 630)


def square_icon(size, full_bleed=False, safe_zone=1.0):
    """The emblem on a square. `full_bleed`: a red square (iOS rounds the corners itself);
    `safe_zone`: the share of the square the emblem may use (maskable icons: 0.8)."""
    image = Image.new("RGBA", (size, size), BRAND if full_bleed else (0, 0, 0, 0))
    margin = size * (1 - safe_zone) / 2
    draw_emblem(image, (margin, margin, size - margin, size - margin))
    return image


def share_image(title, tagline):
    """1200 × 630: the emblem, the site's name and its motto, for Open Graph previews."""
    width, height = SHARE_SIZE
    image = Image.new("RGB", SHARE_SIZE, WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 36), fill=BRAND)
    draw.rectangle((0, height - 36, width, height), fill=BRAND_DARK)
    draw_emblem(image, (90, 165, 390, 465))
    text_left = 450
    draw.text(
        (text_left, 300),
        title,
        font=fit_font(draw, title, width - text_left - 60, 96, 48),
        fill=BRAND_DARK,
        anchor="ls",
    )
    draw.text(
        (text_left, 390),
        tagline,
        font=fit_font(draw, tagline, width - text_left - 60, 52, 28),
        fill=(60, 60, 60),
        anchor="ls",
    )
    return image


def write_icons(folder, title, tagline):
    """Write every icon into `folder`; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []

    def save(image, name, **options):
        path = folder / name
        image.save(path, optimize=True, **options)
        written.append(path)

    save(square_icon(256), "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    save(square_icon(192), "icon-192.png")
    save(square_icon(512), "icon-512.png")
    save(square_icon(512, full_bleed=True, safe_zone=0.8), "icon-maskable-512.png")
    save(square_icon(180, full_bleed=True, safe_zone=0.9).convert("RGB"), "apple-touch-icon.png")
    save(share_image(title, tagline), "share.png")
    return written
