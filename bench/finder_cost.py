"""CPU time of the station finder for short and worst-case queries (units/finder.py).

    .venv/bin/python bench/finder_cost.py

Uses the development database (DATABASE_URL, default var/db.sqlite3, which `make demo` builds);
prints the number of names scored and, for each query, the CPU milliseconds of one search.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

QUERIES = {
    "a compound name": "海馨园",
    "name and building": "东方小区 3号楼2单元",
    "60 characters, one word": ("海馨园裕华园东方小区" * 6)[:60],
    "60 characters, five words": " ".join(
        ["静海镇胜利大街光明", "海馨园裕华园东方", "众泰欣苑"] * 5
    )[:60],
}


def main():
    import django

    django.setup()
    from units.finder import _index, find_units

    print(f"{len(_index.get())} names of stations and compounds")
    for label, query in QUERIES.items():
        runs = 5
        started = time.process_time()
        for _run in range(runs):
            find_units(query)
        cost = (time.process_time() - started) / runs * 1000
        print(f"  {label:28} {len(query):3} chars  {cost:7.1f} ms CPU")


if __name__ == "__main__":
    main()
