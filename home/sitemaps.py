from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

from core.visibility import visible


class LocalizedSitemap(Sitemap):
    """The pages of the active language's tree: /sitemap.xml for Chinese, /en/sitemap.xml for
    English (Wagtail's own sitemap only walks the site's root, which is the Chinese tree)."""

    def items(self):
        root = self.get_wagtail_site().root_page.localized
        return (
            visible(root.get_descendants(inclusive=True).live().public())
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
