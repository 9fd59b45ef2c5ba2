import pytest
from wagtail.rich_text import RichText

from handbook.blocks import SectionBlock, section_anchor
from handbook.importer import HandbookFormatError, blocks_to_html, parse_handbook

TEXT = """# 工作法

前言。

## 一轴：轴心

导语。

### 党支部

第一行
第二行

- 物业
- 民警

1. 网格员
2. 调解员

## 四清
### 家庭情况清
内容
"""


def test_parse_splits_book_chapters_and_sections():
    book = parse_handbook(TEXT)
    assert book.title == "工作法"
    assert book.intro == "<p>前言。</p>"
    assert [c.title for c in book.chapters] == ["一轴：轴心", "四清"]
    first = book.chapters[0]
    assert first.intro == "<p>导语。</p>"
    assert [s.heading for s in first.sections] == ["党支部"]
    assert first.sections[0].html == (
        "<p>第一行第二行</p><ul><li>物业</li><li>民警</li></ul><ol><li>网格员</li><li>调解员</li></ol>"
    )
    heading, html = book.chapters[1].sections[0]
    assert (heading, html) == ("家庭情况清", "<p>内容</p>")


def test_html_is_escaped_and_bold_kept():
    html = blocks_to_html(['<script>alert("x")</script> & **重点**', "", "* a<b>"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert "<b>重点</b>" in html
    assert html.endswith("<ul><li>a&lt;b&gt;</li></ul>")


def test_lists_latin_wrapping_and_continuation():
    html = blocks_to_html(["- one", "  more", "- two", "", "hello", "world"])
    assert html == "<ul><li>one more</li><li>two</li></ul><p>hello world</p>"
    assert blocks_to_html(["- a", "1. b"]) == "<ul><li>a</li></ul><ol><li>b</li></ol>"


@pytest.mark.parametrize(
    "text,message",
    [
        ("没有书名\n## 章", "书名"),
        ("# 书\n### 节", "###"),
        ("# 书\n## 章\n## 章", "重复"),
        ("# 书\n# 又一本", "一个"),
        ("", "书名"),
    ],
)
def test_format_errors(text, message):
    with pytest.raises(HandbookFormatError, match=message):
        parse_handbook(text)


def test_anchors_are_readable_pinyin():
    assert section_anchor("家庭情况清") == "jia-ting-qing-kuang-qing"
    assert section_anchor("组织活：党员亮身份") == "zu-zhi-huo"
    assert section_anchor("1. 开始") == "s-1-kai-shi"
    assert section_anchor("！？").startswith("s-")


def test_section_block_fills_an_empty_anchor():
    value = SectionBlock().clean(
        {"heading": "人员类别清", "anchor": "", "content": RichText("<p>x</p>")}
    )
    assert value["anchor"] == "ren-yuan-lei-bie-qing"
