import polib

from core.i18n_check import (
    CATALOGUE,
    ROOT,
    problems,
    python_msgids,
    source_files,
    source_msgids,
    template_msgids,
)


def test_english_catalogue_translates_every_string_in_the_source():
    found = problems()
    assert found == {"missing": [], "untranslated": [], "fuzzy": [], "placeholders": []}, (
        "Run `make messages`, then translate in locale/en/LC_MESSAGES/django.po"
    )


def test_catalogue_has_no_empty_or_fuzzy_entries():
    po = polib.pofile(str(CATALOGUE))
    assert len(po) > 200
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_extractor_reads_templates_like_makemessages():
    source = (
        '{% translate "跳到正文" %}{% trans \'语言\' context "菜单" %}{{ x|default:_("无") }}'
        "{% blocktranslate count n=rows|length %}找到 {{ n }} 个{% plural %}找到 {{ n }} 个"
        "{% endblocktranslate %}{% blocktranslate trimmed with q=query %}\n  “{{ q }}”\n  100%\n"
        "{% endblocktranslate %}"
    )
    assert template_msgids(source) == {
        (None, "跳到正文"),
        ("菜单", "语言"),
        (None, "无"),
        (None, "找到 %(n)s 个"),
        (None, "“%(q)s” 100%%"),
    }


def test_extractor_reads_python_calls():
    source = (
        "from django.utils.translation import gettext_lazy as _, pgettext, ngettext\n"
        "a = _('地址')\nb = pgettext('月份', '五月')\nc = ngettext('%(n)s 行', '%(n)s 行', 2)\n"
        "d = _(variable)\ne = translation.gettext('文件')\n"
    )
    assert python_msgids(source) == {
        (None, "地址"),
        ("月份", "五月"),
        (None, "%(n)s 行"),
        (None, "文件"),
    }


def test_extractor_covers_every_app():
    apps = {path.relative_to(ROOT).parts[0] for path in source_files()}
    assert {"home", "units", "handbook", "search", "templates", "config"} <= apps
    assert len(source_msgids()) > 200


def test_check_reports_each_kind_of_problem(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(
        'from django.utils.translation import gettext as _\n_("新的")\n_("找到 %(n)s 个")\n',
        encoding="utf-8",
    )
    po = polib.POFile()
    po.append(polib.POEntry(msgid="找到 %(n)s 个", msgstr="Found %(count)s"))
    po.append(polib.POEntry(msgid="旧的", msgstr=""))
    po.append(polib.POEntry(msgid="草稿", msgstr="Draft", flags=["fuzzy"]))
    po.save(str(tmp_path / "django.po"))
    assert problems(tmp_path / "django.po", root=tmp_path) == {
        "missing": ["app/views.py: '新的'"],
        "untranslated": ["旧的", "草稿"],
        "fuzzy": ["草稿"],
        "placeholders": ["找到 %(n)s 个"],
    }
