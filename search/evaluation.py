"""recall@3, MRR and query times of the site search over the demo data (search/queryset.json).

Each entry has a query, the titles a resident would expect near the top ("expected"; with
"any": true one of them is enough; "title_contains" when many pages answer equally well) and a
category (names, partial names, homophones, traditional, pinyin, initials, departments,
questions, handbook, english, noisy). Used by tests/search/test_recall.py and
bench/search_bench.py.
"""

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from wagtail.models import Locale, Page

from .presenting import group_hits
from .service import site_search

QUERYSET = Path(__file__).resolve().parent / "queryset.json"
MRR_DEPTH = 10

# The worst case for bench/load.py's scale dataset: queries made only of the words commonest in
# its notices (every body ends "示例通知，规模测试用"; most name a 邻里之家 and its 小区 and speak
# to 居民). Each matches most of the 200,000 notices. The list was checked against the index's
# own term counts (SQLite fts5vocab) on the built dataset: see bench/RESULTS.md.
COMMON_WORD_QUERIES = [
    "通知",
    "停水通知",
    "示例通知",
    "规模测试",
    "邻里之家",
    "小区",
    "居民",
    "示例通知规模测试用",
    "邻里之家通知",
    "小区居民",
    "居民 小区 邻里之家 通知",
    "请居民到邻里之家",
    "停水停电通知",
    "示例 通知 规模 测试",
]


def load_queryset(path=QUERYSET):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _is_expected(entry, title):
    if "title_contains" in entry:
        return entry["title_contains"] in title
    return title in entry["expected"]


def query_recall(entry, top_titles):
    """Share of the expected titles among the top results; with "any", 1 if one of them is;
    with "title_contains" (a query many pages answer equally well), 1 if a top title contains it."""
    if "title_contains" in entry:
        return 1.0 if any(entry["title_contains"] in title for title in top_titles) else 0.0
    expected = entry["expected"]
    found = [title for title in expected if title in top_titles]
    if entry.get("any"):
        return 1.0 if found else 0.0
    return len(found) / min(len(expected), len(top_titles) or 3, 3)


def reciprocal_rank(entry, titles):
    for rank, title in enumerate(titles[:MRR_DEPTH], start=1):
        if _is_expected(entry, title):
            return 1.0 / rank
    return 0.0


@dataclass
class Evaluation:
    recall: float
    times_ms: list = field(default_factory=list)
    misses: list = field(default_factory=list)
    mrr: float = 0.0
    by_category: dict = field(default_factory=dict)  # category → (queries, recall@3, MRR)

    @property
    def median_ms(self):
        return statistics.median(self.times_ms)

    @property
    def p95_ms(self):
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def evaluate(top_titles, queryset=None, k=3, repeat=1):
    """Run each query `repeat` times through `top_titles(query, depth)` -> [title]."""
    queryset = queryset if queryset is not None else load_queryset()
    recalls, ranks, times, misses = [], [], [], []
    categories = {}
    for entry in queryset:
        for _ in range(repeat):
            started = time.perf_counter()
            titles = top_titles(entry["query"], MRR_DEPTH)
            times.append((time.perf_counter() - started) * 1000)
        recall = query_recall(entry, titles[:k])
        rr = reciprocal_rank(entry, titles)
        recalls.append(recall)
        ranks.append(rr)
        categories.setdefault(entry.get("category", "other"), []).append((recall, rr))
        if recall < 1 or rr < 1:
            misses.append((entry["query"], titles[:k]))
    by_category = {
        name: (len(rows), sum(r for r, _ in rows) / len(rows), sum(m for _, m in rows) / len(rows))
        for name, rows in categories.items()
    }
    return Evaluation(
        sum(recalls) / len(recalls), times, misses, sum(ranks) / len(ranks), by_category
    )


def site_search_top_titles(query, k):
    """The first k result titles as the site search shows them (identical notices grouped),
    in the default locale."""
    entries = group_hits(site_search(query, Locale.get_default()).hits)[:k]
    titles = dict(
        Page.objects.filter(pk__in=[e.hit.page_id for e in entries]).values_list("pk", "title")
    )
    return [titles[e.hit.page_id] for e in entries if e.hit.page_id in titles]
