"""Residents' questions: the words that ask, not what is asked about.

"楼道堆东西找谁" asks *who* about 楼道堆东西; "可以在邻里之家办居住证吗" asks *whether* about
邻里之家 and 居住证. `strip_question()` cuts the asking words out (they would otherwise match pages
that happen to say 找谁 or 怎么办) and says what kind of answer is wanted, so that ranking can
prefer a department for "who", a station or a guide for "where" (search/ranking.py).
"""

import re
from dataclasses import dataclass

WHO, WHERE, HOW, WHEN = "who", "where", "how", "when"

# Longest first within each intent; a phrase is cut wherever it occurs.
_CHINESE = {
    WHO: [
        "应该找哪个部门",
        "应该找什么部门",
        "找哪个部门",
        "找什么部门",
        "哪个部门管",
        "哪个部门负责",
        "哪个单位管",
        "找哪个单位",
        "归哪个部门",
        "该找谁",
        "应该找谁",
        "向谁反映",
        "找谁反映",
        "打什么电话",
        "打哪个电话",
        "电话是多少",
        "电话多少",
        "归谁管",
        "归哪管",
        "谁来管",
        "谁负责",
        "谁管",
        "找谁",
        "哪个部门",
        "什么部门",
        "怎么联系",
        "如何联系",
        "联系方式",
        "联系",
    ],
    WHERE: [
        "去哪里办理",
        "到哪里办理",
        "在哪里办理",
        "去哪里办",
        "到哪里办",
        "在哪里办",
        "去哪儿办",
        "在哪儿办",
        "去哪办",
        "到哪办",
        "在哪办",
        "哪里能办",
        "哪里可以办",
        "哪里办",
        "哪儿办",
        "在什么地方",
        "在哪里",
        "在哪儿",
        "去哪里",
        "去哪儿",
        "在哪",
        "去哪",
        "哪里有",
    ],
    HOW: [
        "该怎么办",
        "应该怎么办",
        "怎么处理",
        "如何处理",
        "怎么解决",
        "如何解决",
        "怎么办理",
        "如何办理",
        "怎样办理",
        "怎么申请",
        "如何申请",
        "怎么申领",
        "怎么报名",
        "怎么反映",
        "需要什么材料",
        "要什么材料",
        "要带什么",
        "怎么办",
        "怎么弄",
        "咋办",
        "咋整",
        "怎么样",
        "如何",
        "怎样",
        "怎么",
    ],
    WHEN: [
        "什么时候",
        "多长时间",
        "多少天",
        "多久",
        "几点",
        "何时",
        "几天",
    ],
}
# Asking and polite words with no intent of their own, and words residents add about
# themselves. Cut wherever they occur.
_FILLER = [
    "麻烦问一下",
    "想问一下",
    "请问一下",
    "问一下",
    "我想问",
    "想咨询",
    "咨询一下",
    "请问",
    "你好",
    "您好",
    "谢谢",
    "能不能",
    "可不可以",
    "是不是",
    "有没有",
    "行不行",
    "可以吗",
    "能否",
    "是否",
    "可以",
    "能够",
    "需要",
    "应该",
    "我们家",
    "我们小区",
    "咱们",
    "我家",
    "我们",
    "家里",
    "有人",
    "一直",
    "总是",
    "老是",
    "经常",
    "帮忙",
    "求助",
    "一下",
    "没有人管",
    "没人管",
    "没有人",
    "没人",
    "我想",
    "我要",
    "想要",
]
# Particles that only ask: cut at the edge of what is left. (Words such as 在, 到, 要 are left
# alone: they are also parts of words, 在职, 报到; a pair of characters no page holds is
# dropped by ranking anyway.)
_EDGE = "吗呢吧啊呀了么哦嘛的啦"
# 的 also links two things asked about: "小区的垃圾" is 小区 and 垃圾.
_SPLIT = "的"

_ENGLISH = {
    WHO: {"who", "whom", "whose", "contact", "responsible"},
    WHERE: {"where", "address", "located", "location"},
    HOW: {"how"},
    WHEN: {"when", "long"},
}
_ENGLISH_STOP = {
    "a",
    "an",
    "the",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "about",
    "with",
    "by",
    "from",
    "and",
    "or",
    "is",
    "are",
    "am",
    "was",
    "be",
    "do",
    "doe",
    "did",
    "does",
    "can",
    "could",
    "should",
    "would",
    "will",
    "shall",
    "may",
    "might",
    "must",
    "i",
    "me",
    "my",
    "we",
    "our",
    "you",
    "your",
    "it",
    "its",
    "this",
    "that",
    "there",
    "here",
    "what",
    "which",
    "why",
    "please",
    "help",
    "need",
    "want",
    "get",
    "find",
    "call",
    "handle",
    "deal",
    "anyone",
    "someone",
    "somebody",
    "if",
    "any",
    "have",
    "has",
    "some",
    "much",
    "many",
    "tell",
    "who",
    "whom",
    "where",
    "how",
    "when",
    "long",
    "contact",
    "responsible",
    "located",
}


@dataclass(frozen=True)
class Question:
    parts: tuple  # what is asked about, in order, each a piece of the folded query
    intents: frozenset


def _patterns():
    phrases = [(p, intent) for intent, ps in _CHINESE.items() for p in ps]
    phrases += [(p, None) for p in _FILLER]
    phrases.sort(key=lambda item: -len(item[0]))
    return phrases


_PHRASES = _patterns()
_PHRASE_RE = re.compile("|".join(re.escape(p) for p, _intent in _PHRASES))
_INTENT = dict(_PHRASES)
_EDGE_RE = re.compile(rf"^[{_EDGE}]|[{_EDGE}]$")
# 可以…吗 / 能…吗: the frame asks; what is inside is the question.
_FRAME_RE = re.compile(r"(可以|能|能够|会)(?=\S{2,}吗)")


def strip_question(text):
    """The parts of `text` (already folded) that say what is asked about, and the intents."""
    intents = set()

    def cut(match):
        intent = _INTENT.get(match.group())
        if intent:
            intents.add(intent)
        return " "

    text = _FRAME_RE.sub(" ", text)
    text = _PHRASE_RE.sub(cut, text)
    text = text.replace(_SPLIT, " ")
    parts = []
    for piece in re.split(r"[\s,，。？?！!、；;：:]+", text):
        if not piece:
            continue
        if piece.isascii():
            for word in re.findall(r"[a-z0-9]+", piece):
                intents.update(intent for intent, words in _ENGLISH.items() if word in words)
            parts.append(piece)
            continue
        while len(piece) > 2 and _EDGE_RE.search(piece):
            trimmed = _EDGE_RE.sub("", piece, count=1)
            if len(trimmed) < 2:
                break
            piece = trimmed
        if piece:
            parts.append(piece)
    return Question(tuple(parts), frozenset(intents))


def is_english_stopword(word):
    return word in _ENGLISH_STOP
