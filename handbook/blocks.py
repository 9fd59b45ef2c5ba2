import hashlib
import re

from django.core.validators import validate_slug
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


def section_anchor(heading, max_length=50):
    """A readable fragment id from the heading's short name: 组织活：党员亮身份 → zu-zhi-huo."""
    short = re.split("[：:]", heading, maxsplit=1)[0] or heading
    anchor = slugify("-".join(lazy_pinyin(short)))[:max_length].strip("-")
    if not anchor:
        anchor = "s-" + hashlib.sha1(heading.encode("utf-8")).hexdigest()[:8]
    elif anchor[0].isdigit():
        anchor = "s-" + anchor
    return anchor


def unique_anchor(anchor, taken):
    """anchor, or anchor-2, anchor-3… if it is already in taken (which it is then added to)."""
    candidate, n = anchor, 2
    while candidate in taken:
        candidate, n = f"{anchor}-{n}", n + 1
    taken.add(candidate)
    return candidate


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("小节标题"), max_length=120)
    anchor = blocks.CharBlock(
        label=_("锚点"),
        max_length=60,
        required=False,
        validators=[validate_slug],
        help_text=_(
            "本节链接末尾的 #名称；留空则按标题拼音自动生成，生成后请勿修改，以免旧链接失效。"
        ),
    )
    content = blocks.RichTextBlock(label=_("正文"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("小节")

    def clean(self, value):
        value = super().clean(value)
        # Fill the anchor once, when the section is saved, so that later edits to the
        # heading do not break links people have already shared.
        if not value.get("anchor"):
            value["anchor"] = section_anchor(value["heading"])
        return value
