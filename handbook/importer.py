"""Import the handbook from a Markdown file, and keep the pages in step with it.

The format is a small subset of Markdown:

    # 书名                 the book (once, first)
    text                   the book's preface
    ## 章标题               a chapter: its own page, titled with the heading text
    text                   the chapter's lead
    ### 节标题              a section within the chapter (an anchored block)
    text, - / * lists, 1. lists, **bold**

Chapters are matched to existing pages by title; a chapter with a new title takes over the
unmatched page with which it shares the most section headings, so a retitled chapter keeps
its page and URL as long as it keeps at least one of its sections. Pages whose chapters
left the file are unpublished, never deleted; sections keep their anchor while their
heading is unchanged.
"""

import re
from pathlib import Path
from typing import NamedTuple

from django.db import transaction
from django.utils.html import escape
from wagtail.models import Site

from core.slugs import pinyin_slug

from .blocks import section_anchor, unique_anchor
from .models import HandbookChapterPage, HandbookPage

DEMO_HANDBOOK = Path(__file__).resolve().parent / "content" / "handbook.md"
BOOK_SLUG = "handbook"

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
ORDERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")


class HandbookFormatError(ValueError):
    pass


class Section(NamedTuple):
    heading: str
    html: str


class Chapter(NamedTuple):
    title: str
    intro: str
    sections: tuple


class Handbook(NamedTuple):
    title: str
    intro: str
    chapters: tuple


class Change(NamedTuple):
    action: str  # created | updated | unchanged | unpublished | reordered
    title: str
    detail: str = ""


# ---------------------------------------------------------------- parsing (no database)


def inline(text):
    return BOLD.sub(r"<b>\1</b>", escape(text.strip()))


def _join(left, right):
    # Chinese lines wrapped in the source join without a space; Latin ones with one.
    if left and right and (ord(left[-1]) > 127 or ord(right[0]) > 127):
        return left + right
    return f"{left} {right}".strip()


def blocks_to_html(lines):
    """Paragraphs → <p>, -/* lists → <ul>, 1. lists → <ol>; all text HTML-escaped."""
    html, paragraph, items, kind = [], "", [], None

    def flush_paragraph():
        nonlocal paragraph
        if paragraph:
            html.append(f"<p>{inline(paragraph)}</p>")
        paragraph = ""

    def flush_list():
        nonlocal items, kind
        if items:
            html.append(
                f"<{kind}>" + "".join(f"<li>{inline(i)}</li>" for i in items) + f"</{kind}>"
            )
        items, kind = [], None

    previous_blank = True
    for line in lines:
        bullet, ordered = BULLET.match(line), ORDERED.match(line)
        heading = HEADING.match(line)
        if not line.strip():
            flush_paragraph()
            previous_blank = True
            continue
        if bullet or ordered:
            flush_paragraph()
            new_kind = "ul" if bullet else "ol"
            if kind and kind != new_kind:
                flush_list()
            kind = new_kind
            items.append((bullet or ordered).group(1))
        elif items and not previous_blank and line[:1].isspace():
            items[-1] = _join(items[-1], line.strip())
        elif heading:  # #### and deeper: a bold line of its own
            flush_paragraph()
            flush_list()
            html.append(f"<p><b>{inline(heading.group(2))}</b></p>")
        else:
            flush_list()
            paragraph = _join(paragraph, line.strip())
        previous_blank = False
    flush_paragraph()
    flush_list()
    return "".join(html)


def parse_handbook(text):
    """Markdown text → Handbook(title, intro, chapters[Chapter(title, intro, sections)])."""
    title, book_lines, chapters = None, [], []
    current = book_lines
    for number, line in enumerate(text.splitlines(), start=1):
        match = HEADING.match(line)
        level = len(match.group(1)) if match else 0
        if match and level <= 3 and not match.group(2):
            raise HandbookFormatError(f"第 {number} 行：标题为空")
        if level == 1:
            if title is not None:
                raise HandbookFormatError(f"第 {number} 行：只能有一个“# 书名”")
            title = match.group(2)
        elif title is None and line.strip():
            raise HandbookFormatError(f"第 {number} 行：文件须以“# 书名”开头")
        elif level == 2:
            if any(c["title"] == match.group(2) for c in chapters):
                raise HandbookFormatError(f"第 {number} 行：章标题重复：{match.group(2)}")
            chapters.append({"title": match.group(2), "lead": [], "sections": []})
            current = chapters[-1]["lead"]
        elif level == 3:
            if not chapters:
                raise HandbookFormatError(f"第 {number} 行：“###”小节须在某一章（##）之下")
            section = (match.group(2), [])
            chapters[-1]["sections"].append(section)
            current = section[1]
        else:
            current.append(line)
    if title is None:
        raise HandbookFormatError("文件须以“# 书名”开头")
    return Handbook(
        title=title,
        intro=blocks_to_html(book_lines),
        chapters=tuple(
            Chapter(
                title=c["title"],
                intro=blocks_to_html(c["lead"]),
                sections=tuple(Section(h, blocks_to_html(lines)) for h, lines in c["sections"]),
            )
            for c in chapters
        ),
    )


# ---------------------------------------------------------------- syncing pages


def chapter_slug(title, book):
    """Pinyin of the title's short name, before any colon: 一轴：以……为轴心 → yizhou."""
    return pinyin_slug(re.split("[：:]", title, maxsplit=1)[0] or title, book)


def default_parent():
    return Site.objects.get(is_default_site=True).root_page.specific


def _sections_of(page):
    return [
        (b.value["heading"], b.value["anchor"], b.value["content"].source)
        for b in page.body
        if b.block_type == "section"
    ]


def _new_sections(chapter, page=None):
    # Keep the anchors a heading already has (in order, for repeated headings), so that
    # links people have shared keep working.
    known = {}
    for heading, anchor, _html in _sections_of(page) if page else []:
        known.setdefault(heading, []).append(anchor)
    taken, sections = set(), []
    for section in chapter.sections:
        previous = known.get(section.heading)
        anchor = (previous.pop(0) if previous else "") or section_anchor(section.heading)
        sections.append((section.heading, unique_anchor(anchor, taken), section.html))
    return sections


def _body(sections):
    return [
        {"type": "section", "value": {"heading": h, "anchor": a, "content": html}}
        for h, a, html in sections
    ]


def _publish(page):
    page.save_revision().publish()


def _sync_book(handbook, parent, changes):
    book = HandbookPage.objects.child_of(parent).first()
    if book is None:
        taken = set(parent.get_children().values_list("slug", flat=True))
        slug = BOOK_SLUG if BOOK_SLUG not in taken else pinyin_slug(handbook.title, parent)
        book = HandbookPage(title=handbook.title, slug=slug, intro=handbook.intro)
        parent.add_child(instance=book)
        _publish(book)
        changes.append(Change("created", book.title))
    elif (book.title, book.intro, book.live) != (handbook.title, handbook.intro, True):
        detail = book.title if book.title != handbook.title else ""
        book.title, book.intro = handbook.title, handbook.intro
        _publish(book)
        changes.append(Change("updated", book.title, detail))
    else:
        changes.append(Change("unchanged", book.title))
    return book


def _match_chapters(handbook, existing):
    """{file chapter index: page}, by title, else by the most section headings in common."""
    by_title = {page.title: page for page in existing}
    matched = {i: by_title[c.title] for i, c in enumerate(handbook.chapters) if c.title in by_title}
    used = {page.pk for page in matched.values()}
    headings_of = {page.pk: {h for h, _a, _html in _sections_of(page)} for page in existing}
    for i, chapter in enumerate(handbook.chapters):
        if i in matched:
            continue
        headings = {s.heading for s in chapter.sections}
        best, best_score = None, 0
        for page in existing:
            score = len(headings & headings_of[page.pk]) if page.pk not in used else 0
            if score > best_score:
                best, best_score = page, score
        if best is not None:
            matched[i] = best
            used.add(best.pk)
    return matched


@transaction.atomic
def sync_handbook(handbook, parent=None):
    """Create or update the book and its chapters from a parsed Handbook. Returns [Change]."""
    parent = parent or default_parent()
    changes = []
    book = _sync_book(handbook, parent, changes)
    existing = list(HandbookChapterPage.objects.child_of(book).order_by("path"))
    matched = _match_chapters(handbook, existing)

    order = []
    for i, chapter in enumerate(handbook.chapters):
        page = matched.get(i)
        if page is None:
            page = HandbookChapterPage(
                title=chapter.title,
                slug=chapter_slug(chapter.title, book),
                intro=chapter.intro,
                body=_body(_new_sections(chapter)),
            )
            book.add_child(instance=page)
            _publish(page)
            changes.append(Change("created", page.title))
        else:
            sections = _new_sections(chapter, page)
            old = (page.title, page.intro, _sections_of(page), page.live)
            if old == (chapter.title, chapter.intro, sections, True):
                changes.append(Change("unchanged", page.title))
            else:
                detail = page.title if page.title != chapter.title else ""
                page.title, page.intro, page.body = chapter.title, chapter.intro, _body(sections)
                _publish(page)
                changes.append(Change("updated", page.title, detail))
        order.append(page.pk)

    for page in existing:
        if page.pk not in order and page.live:
            page.unpublish()
            changes.append(Change("unpublished", page.title))

    current = [
        pk
        for pk in HandbookChapterPage.objects.child_of(book)
        .order_by("path")
        .values_list("pk", flat=True)
        if pk in order
    ]
    if current != order:
        for pk in order:
            HandbookChapterPage.objects.get(pk=pk).move(book, pos="last-child")
        changes.append(Change("reordered", book.title))
    return changes


def import_handbook_file(path, parent=None):
    """Parse a Markdown handbook file and sync the pages with it. Returns [Change]."""
    text = Path(path).read_text(encoding="utf-8-sig")
    return sync_handbook(parse_handbook(text), parent=parent)
