from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.emblem import has_cjk_font
from core.icons import write_icons


class Command(BaseCommand):
    """Draw the favicon, home-screen icons and default share image into static/img/ (they
    are committed; run again after changing the emblem)."""

    help = "Draw the site's icons and default share image into static/img/."

    def handle(self, *args, **options):
        if not has_cjk_font():
            raise CommandError(
                "No CJK font found (settings.SHARE_CARD_FONTS): apt-get install fonts-wqy-microhei"
            )
        with translation.override(settings.LANGUAGE_CODE):
            paths = write_icons(
                settings.BASE_DIR / "static" / "img", "静海区邻里之家", "居民吹哨 · 部门报到"
            )
        for path in paths:
            self.stdout.write(
                f"{path.relative_to(settings.BASE_DIR)} ({path.stat().st_size} bytes)"
            )
