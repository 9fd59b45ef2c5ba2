"""Search's per-process values, on core.cache's one model: each Memo is a named generation.

A name index or the synonym list is too costly to rebuild or unpickle on every request, and
too small to need a shared store: each process keeps its own copy (core.cache.Generation.value)
under the generation's number, which lives in the shared cache. `invalidate()` (on publish, on
an editor's change; search.signals, units.finder) moves the number on, and every process
rebuilds within core.cache.CHECK_SECONDS. Counts that change without an edit expire instead
(`cached`, core.cache.expiring).
"""

from core.cache import Generation, expiring, forget_process_copies

__all__ = ["Memo", "cached", "reset_process_caches"]

cached = expiring
reset_process_caches = forget_process_copies


class Memo:
    def __init__(self, name, build):
        self.name = name
        self.build = build
        self.generation = Generation(name)

    def get(self, *args):
        """The value for `args` (passed to build), current as of the last invalidate()."""
        return self.generation.value(args, lambda: self.build(*args))

    def invalidate(self, **kwargs):
        """Signal receiver too: any arguments are ignored."""
        self.generation.bump()
