"""Check that the English catalogue translates every interface string in the source.

Chinese is the msgid, so Chinese needs no catalogue; English needs a msgstr for each one.
This finds the msgids without GNU gettext (so CI and fresh machines can run it): the `ast`
module for Python, regular expressions for templates. `makemessages` (dev machines only,
`make messages`) is what writes the catalogue; this only checks it.

    python -m core.i18n_check            # list missing, untranslated and fuzzy strings
"""

import ast
import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
SKIP_DIRS = {".venv", "venv", "node_modules", "var", "static_collected", "locale", "tests", "site"}
TEMPLATE_SUFFIXES = {".html", ".txt"}

# name → (index of msgctxt or None, index of msgid)
PY_FUNCTIONS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}

_STRING = r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')"""
_TRANSLATE_TAG = re.compile(
    r"{%\s*trans(?:late)?\s+" + _STRING + r"(?:\s+context\s+" + _STRING + r")?[^%]*%}"
)
_TEMPLATE_CALL = re.compile(r"\b_\(\s*" + _STRING + r"\s*\)")
_BLOCK = re.compile(
    r"{%\s*blocktrans(?:late)?\b(?P<args>[^%]*)%}(?P<body>.*?)"
    r"(?:{%\s*plural\s*%}(?P<plural>.*?))?{%\s*endblocktrans(?:late)?\s*%}",
    re.DOTALL,
)
_BLOCK_CONTEXT = re.compile(r"\bcontext\s+" + _STRING)
_VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def _literal(match, first, second):
    value = match.group(first) if match.group(first) is not None else match.group(second)
    return None if value is None else re.sub(r"\\(.)", r"\1", value)


def _block_msgid(text, trimmed):
    text = text.replace("%", "%%")
    text = _VARIABLE.sub(r"%(\1)s", text)
    if trimmed:
        text = re.sub(r"\s*\n\s*", " ", text.strip())
    return text


def template_msgids(source):
    """(msgctxt, msgid) pairs in a Django template."""
    found = set()
    for match in _TRANSLATE_TAG.finditer(source):
        found.add((_literal(match, 3, 4), _literal(match, 1, 2)))
    for match in _TEMPLATE_CALL.finditer(source):
        found.add((None, _literal(match, 1, 2)))
    for match in _BLOCK.finditer(source):
        args = match.group("args")
        context = _BLOCK_CONTEXT.search(args)
        trimmed = re.search(r"\btrimmed\b", args) is not None
        found.add(
            (
                _literal(context, 1, 2) if context else None,
                _block_msgid(match.group("body"), trimmed),
            )
        )
    return found


def python_msgids(source):
    """(msgctxt, msgid) pairs passed as string literals to the gettext functions."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in PY_FUNCTIONS:
            continue
        context_index, msgid_index = PY_FUNCTIONS[name]
        args = node.args
        if len(args) <= msgid_index:
            continue
        msgid = args[msgid_index]
        if not (isinstance(msgid, ast.Constant) and isinstance(msgid.value, str)):
            continue
        context = None
        if context_index is not None:
            arg = args[context_index]
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                continue
            context = arg.value
        found.add((context, msgid.value))
    return found


def source_files(root=ROOT):
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if any(part in SKIP_DIRS or part.startswith(".") for part in parts[:-1]):
            continue
        if path.is_file() and (path.suffix == ".py" or path.suffix in TEMPLATE_SUFFIXES):
            yield path


def source_msgids(root=ROOT):
    """{(msgctxt, msgid): first file it appears in} for the project's own code and templates."""
    found = {}
    for path in source_files(root):
        text = path.read_text(encoding="utf-8")
        pairs = python_msgids(text) if path.suffix == ".py" else template_msgids(text)
        for pair in pairs:
            found.setdefault(pair, str(path.relative_to(root)))
    return found


def problems(catalogue=CATALOGUE, root=ROOT):
    """{'missing': [...], 'untranslated': [...], ...}: every list empty when complete."""
    po = polib.pofile(str(catalogue))
    entries = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    missing = sorted(
        f"{where}: {msgid!r}"
        for (context, msgid), where in source_msgids(root).items()
        if (context, msgid) not in entries
    )
    untranslated = sorted(e.msgid for e in entries.values() if not e.translated())
    fuzzy = sorted(e.msgid for e in entries.values() if e.fuzzy)
    placeholders = sorted(
        e.msgid
        for e in entries.values()
        if any(
            _placeholders(text) != _placeholders(e.msgid)
            for text in ([e.msgstr] if not e.msgid_plural else e.msgstr_plural.values())
            if text
        )
    )
    return {
        "missing": missing,
        "untranslated": untranslated,
        "fuzzy": fuzzy,
        "placeholders": placeholders,
    }


def _placeholders(text):
    """The %(name)s / %s placeholders of a message: a translation must keep the same ones."""
    return sorted(re.findall(r"%(?:\(\w+\))?[sd]", text))


def main():
    found = problems()
    for kind, items in found.items():
        for item in items:
            print(f"{kind}: {item}")
    if any(found.values()):
        print(
            "Run `make messages`, write the English msgstr for each entry in "
            f"{CATALOGUE.relative_to(ROOT)}, remove '#, fuzzy' flags once checked."
        )
        return 1
    print("English catalogue complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
