"""Punctuation per language: Chinese text takes full-width marks, English text never does.

Templates use the `colon`, `join_list` and `parens` tags of site_tags; code that builds text
(opening hours, share cards) calls these functions.
"""

from django.utils.translation import get_language

from .locale import source_language

# colon, list separator, clause separator, opening and closing parenthesis
_MARKS = {
    "zh": ("：", "、", "；", "（", "）"),
    "en": (": ", ", ", "; ", " (", ")"),
}


def _marks():
    language = (get_language() or source_language()).split("-")[0]
    return _MARKS.get(language, _MARKS["en"])


def colon():
    return _marks()[0]


def list_separator():
    return _marks()[1]


def clause_separator():
    return _marks()[2]


def parens(value):
    """（value） in Chinese, " (value)" in English; nothing for an empty value."""
    if not value:
        return ""
    marks = _marks()
    return f"{marks[3]}{value}{marks[4]}"
