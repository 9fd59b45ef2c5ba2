import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from handbook.models import HandbookChapterPage, HandbookPage

pytestmark = pytest.mark.django_db

V1 = """# 测试工作法

前言。

## 一轴：轴心

### 党支部

党支部是轴心。

### 党支部

同名的第二节。

## 四清

### 家庭情况清

- 住户人数
- 联系方式
"""


@pytest.fixture
def no_book(demo):
    for book in HandbookPage.objects.all():
        book.delete()


def run(tmp_path, text):
    path = tmp_path / "handbook.md"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_handbook", str(path), stdout=out)
    return out.getvalue().splitlines()


def chapter(title):
    return HandbookChapterPage.objects.get(title=title)


def test_first_import_creates_book_chapters_and_anchors(no_book, tmp_path):
    lines = run(tmp_path, V1)
    assert lines == ["新增：测试工作法", "新增：一轴：轴心", "新增：四清"]
    book = HandbookPage.objects.get()
    assert book.live and book.url == "/handbook/"
    assert [c.url for c in book.chapters()] == ["/handbook/yizhou/", "/handbook/siqing/"]
    sections = chapter("一轴：轴心").sections
    assert [s["anchor"] for s in sections] == ["dang-zhi-bu", "dang-zhi-bu-2"]
    assert sections[0]["content"].source == "<p>党支部是轴心。</p>"
    assert chapter("四清").latest_revision_id is not None


def test_reimport_changes_nothing(no_book, tmp_path):
    run(tmp_path, V1)
    before = list(HandbookChapterPage.objects.values_list("pk", "latest_revision_id", "path"))
    revisions = Revision.objects.count()
    lines = run(tmp_path, V1)
    assert lines == ["未变：测试工作法", "未变：一轴：轴心", "未变：四清"]
    assert list(HandbookChapterPage.objects.values_list("pk", "latest_revision_id", "path")) == (
        before
    )
    assert Revision.objects.count() == revisions


def test_changed_file_updates_in_place(no_book, tmp_path, client):
    run(tmp_path, V1)
    old = chapter("一轴：轴心")
    lines = run(tmp_path, V1.replace("党支部是轴心。", "党支部是邻里之家的轴心。"))
    assert lines == ["未变：测试工作法", "更新：一轴：轴心", "未变：四清"]
    new = chapter("一轴：轴心")
    assert (new.pk, new.url) == (old.pk, old.url)
    assert new.latest_revision_id != old.latest_revision_id
    assert "党支部是邻里之家的轴心。" in client.get(new.url).content.decode()


def test_retitled_chapter_keeps_its_url_and_removed_one_is_unpublished(no_book, tmp_path):
    run(tmp_path, V1)
    siqing = chapter("四清")
    yizhou = chapter("一轴：轴心")
    text = "# 测试工作法\n\n前言。\n\n## 四清：底数清\n\n### 家庭情况清\n\n- 住户人数\n"
    lines = run(tmp_path, text)
    assert "更新：四清：底数清（原标题：四清）" in lines
    assert "下线：一轴：轴心" in lines
    retitled = HandbookChapterPage.objects.get(pk=siqing.pk)
    assert retitled.title == "四清：底数清" and retitled.url == "/handbook/siqing/"
    removed = HandbookChapterPage.objects.get(pk=yizhou.pk)
    assert not removed.live
    assert [c.pk for c in HandbookPage.objects.get().chapters()] == [siqing.pk]

    # Putting the chapter back publishes the same page again, at its old URL.
    lines = run(tmp_path, V1)
    assert "更新：一轴：轴心" in lines
    assert HandbookChapterPage.objects.get(pk=yizhou.pk).live


def test_reordered_chapters_follow_the_file(no_book, tmp_path):
    run(tmp_path, V1)
    first, second = V1.split("## 四清")
    lines = run(
        tmp_path, "# 测试工作法\n\n前言。\n\n## 四清" + second + "\n" + first.split("前言。")[1]
    )
    assert lines[-1] == "调整章节顺序：测试工作法"
    assert [c.title for c in HandbookPage.objects.get().chapters()] == ["四清", "一轴：轴心"]


def test_bad_file_is_reported(no_book, tmp_path):
    with pytest.raises(CommandError, match="书名"):
        run(tmp_path, "## 没有书名")
    with pytest.raises(CommandError, match="找不到"):
        call_command("import_handbook", str(tmp_path / "missing.md"))
