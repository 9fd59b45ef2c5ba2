"""Chinese text as space-separated tokens that every search backend matches word for word.

SQLite FTS5 (unicode61) and PostgreSQL ('simple' or 'english') keep a whole run of Chinese
characters as one token, so "六必访" inside "六必访即每天……" can never match. Instead of relying on
a backend's tokenizer we index, for each run of CJK characters, its single characters and its
overlapping bigrams, and turn a query's CJK runs into bigrams (a lone character stays itself):

    index_text("六必访工作法")  -> "六 必 访 工 作 法 六必 必访 访工 工作 作法"
    query_terms("六必访")       -> ["六必", "必访"]
    query_terms("水")           -> ["水"]

Every bigram of a query run is also a bigram of any text containing the run, so AND over the
query terms finds every page containing the words; unigrams make one-character queries work.
Latin letters and digits are kept as lower-case words (an English plural loses its "s", so
"stations" finds "station"); punctuation is dropped.

Both sides are folded first (`fold`): full-width forms to ASCII, lower case, and Traditional
characters to Simplified with OpenCC, so 開放時間 finds 开放时间. Changing the folding changes the
indexed tokens: run `manage.py update_index` afterwards.
"""

import re
import unicodedata
from functools import lru_cache

import opencc

# Han (with extensions and compatibility ideographs), kana and hangul: scripts without spaces.
_CJK = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0002ffff\U00030000-\U0003134f"
)
_TOKEN_RE = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")
_CJK_RE = re.compile(rf"[{_CJK}]")


_T2S = opencc.OpenCC("t2s")


def fold(text):
    """Full-width letters and digits to ASCII, lower case, Traditional to Simplified."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _T2S.convert(text) if has_cjk(text) else text


normalize = fold  # the name the rest of the code used before folding Traditional characters


@lru_cache(maxsize=4096)
def stem(word):
    """An English plural to its singular, crudely: "stations" → "station", "duties" → "duty".
    Pinyin never ends in "s", so pinyin words are left alone."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha() or not word.endswith("s"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


def has_cjk(text):
    return bool(_CJK_RE.search(text or ""))


def _runs(text):
    """(is_cjk, run) for each CJK run or latin/digit word, in order."""
    for match in _TOKEN_RE.finditer(fold(text)):
        if match.group("cjk"):
            yield True, match.group("cjk")
        else:
            yield False, stem(match.group("word"))


def bigrams(run):
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text):
    tokens = []
    for is_cjk, run in _runs(text):
        if is_cjk:
            tokens.extend(run)
            tokens.extend(bigrams(run))
        else:
            tokens.append(run)
    return tokens


def index_text(text):
    """The text a backend should index in place of `text`."""
    return " ".join(index_tokens(text))


def query_terms(query):
    """The terms a page must contain (all of them, or as many as possible) to match `query`."""
    terms = []
    for is_cjk, run in _runs(query):
        for term in (bigrams(run) or [run]) if is_cjk else [run]:
            if term not in terms:
                terms.append(term)
    return terms


def query_text(query):
    return " ".join(query_terms(query))


def highlight_terms(query):
    """What to mark in a snippet: the query's words and CJK runs, then their bigrams and
    characters so that a partial (OR) match is still visible. Longest first."""
    terms = set()
    for is_cjk, run in _runs(query):
        terms.add(run)
        if is_cjk:
            terms.update(bigrams(run))
    return sorted(terms, key=lambda term: (-len(term), term))
