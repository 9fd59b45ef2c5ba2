"""《社区邻里之家工作法》: the book page and one page per chapter, sections as anchored blocks."""

import html
import re

from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.page_forms import PinyinSlugPageForm
from core.visibility import visible
from search.indexing import ChineseSearchable

from .blocks import RICH_TEXT_FEATURES, SectionBlock, section_anchor, unique_anchor


def _plain(markup):
    # Block ends become line breaks, so list items do not run together.
    text = strip_tags(re.sub(r"</(p|li|h[1-6])>|<br\s*/?>", "\n", markup))
    return "\n".join(line.strip() for line in html.unescape(text).splitlines() if line.strip())


class HandbookPage(Page):
    """The book: its table of contents lists every chapter and section."""

    intro = RichTextField(_("前言"), blank=True, features=RICH_TEXT_FEATURES)

    base_form_class = PinyinSlugPageForm
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["handbook.HandbookChapterPage"]
    max_count_per_parent = 1
    template = "handbook/handbook_page.html"

    class Meta:
        verbose_name = _("工作法")
        verbose_name_plural = _("工作法")

    def chapters(self):
        return visible(HandbookChapterPage.objects.child_of(self).live()).order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = list(self.chapters())
        return context


class HandbookChapterPage(ChineseSearchable, Page):
    """One chapter; each section gets an id so that it can be linked to and copied."""

    intro = RichTextField(_("导语"), blank=True, features=RICH_TEXT_FEATURES)
    body = StreamField([("section", SectionBlock())], verbose_name=_("小节"), blank=True)

    base_form_class = PinyinSlugPageForm
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("search_text")]
    parent_page_types = ["handbook.HandbookPage"]
    subpage_types = []
    template = "handbook/handbook_chapter_page.html"

    class Meta:
        verbose_name = _("工作法章节")
        verbose_name_plural = _("工作法章节")

    @cached_property
    def sections(self):
        """[{heading, anchor, content}] with anchors unique within the chapter."""
        taken = set()
        result = []
        for block in self.body:
            if block.block_type != "section":
                continue
            value = block.value
            anchor = value.get("anchor") or section_anchor(value["heading"])
            result.append(
                {
                    "heading": value["heading"],
                    "anchor": unique_anchor(anchor, taken),
                    "content": value["content"],
                }
            )
        return result

    def search_text(self):
        """The chapter as plain text (title, intro, headings and content), for the search index."""
        parts = [self.title, _plain(self.intro)]
        for section in self.sections:
            parts += [section["heading"], _plain(section["content"].source)]
        return "\n".join(part for part in parts if part)

    def search_sections(self):
        """[(anchor, heading, plain text)]: the site search links a result to the section that
        matches, not to the top of the chapter."""
        return [
            (section["anchor"], section["heading"], _plain(section["content"].source))
            for section in self.sections
        ]

    @classmethod
    def search_names(cls, pages):
        """(page id, locale id, name, weight): a chapter is known by its short name, the part of
        its title before the colon (六必访), and by its whole title."""
        for pk, locale_id, title in pages.order_by("path").values_list("pk", "locale_id", "title"):
            yield pk, locale_id, title, 1.0
            short = re.split("[：:]", title, maxsplit=1)[0]
            if short != title:
                yield pk, locale_id, short, 1.0

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = visible(HandbookChapterPage.objects.sibling_of(self).live())
        context["book"] = HandbookPage.objects.parent_of(self).first()
        context["previous_chapter"] = siblings.filter(path__lt=self.path).order_by("-path").first()
        context["next_chapter"] = siblings.filter(path__gt=self.path).order_by("path").first()
        return context
