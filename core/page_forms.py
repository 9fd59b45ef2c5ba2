"""The admin's page form: pinyin addresses for pages with Chinese titles."""

from wagtail.admin.forms import WagtailAdminPageForm

from .slugs import pinyin_slug


class PinyinSlugPageForm(WagtailAdminPageForm):
    """The admin fills the slug from the title as staff type it, in Chinese, which makes a
    percent-encoded address (/notices/%E5%81%9C%E6%B0%B4/). A slug that is not plain ASCII,
    on a new page or typed anew, becomes the title's pinyin instead, as the demo's and the
    roster import's are (core.slugs). Slugs already published are left alone."""

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        if slug.isascii() and slug:
            return slug
        new_or_changed = self.instance.pk is None or slug != self.instance.slug
        title = self.cleaned_data.get("title") or ""
        if not new_or_changed or not (title or slug) or (not slug and title.isascii()):
            return slug  # unchanged, or Wagtail makes an ASCII slug from an ASCII title
        parent = getattr(self, "parent_page", None)
        return pinyin_slug(
            title or slug, parent, exclude=self.instance if self.instance.pk else None
        )
