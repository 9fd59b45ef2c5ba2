"""recall@3 and query times of the site search over the demo data (search/queryset.json).

Used by tests/search/test_recall.py and bench/search_bench.py.
"""

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

QUERYSET = Path(__file__).resolve().parent / "queryset.json"


def load_queryset(path=QUERYSET):
    return json.loads(Path(path).read_text(encoding="utf-8"))


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


@dataclass
class Evaluation:
    recall: float
    times_ms: list = field(default_factory=list)
    misses: list = field(default_factory=list)

    @property
    def median_ms(self):
        return statistics.median(self.times_ms)

    @property
    def p95_ms(self):
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def evaluate(top_titles, queryset=None, k=3, repeat=1):
    """Run each query `repeat` times through `top_titles(query, k)` -> [title]."""
    queryset = queryset if queryset is not None else load_queryset()
    recalls, times, misses = [], [], []
    for entry in queryset:
        for _ in range(repeat):
            started = time.perf_counter()
            titles = top_titles(entry["query"], k)
            times.append((time.perf_counter() - started) * 1000)
        recall = query_recall(entry, titles[:k])
        recalls.append(recall)
        if recall < 1:
            misses.append((entry["query"], titles[:k]))
    return Evaluation(sum(recalls) / len(recalls), times, misses)


def site_search_top_titles(query, k):
    """The site search's first k result titles, in the default locale."""
    from wagtail.models import Locale

    from .results import search_pages  # imports models: bench scripts import this first

    return [page.title for page in search_pages(query, Locale.get_default())[:k]]
