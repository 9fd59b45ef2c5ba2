"""Values built once per process and rebuilt when something changes, in every process.

A name index or the synonym list is too costly to rebuild or unpickle on every request, and
too small to need a shared store: each process keeps its own copy, and the shared cache keeps
only a version stamp. `invalidate()` (on publish, on an editor's change) gives a new stamp, and
every process rebuilds on its next request (a process reads the stamp at most once a second).
Without a shared cache (tests, one process) it works the same with the local-memory cache.
"""

import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache

VERSION_SECONDS = 24 * 3600
# How long a process trusts the version it last read when the cache is shared (Redis): a
# change made in another process is seen within this time, and a search does not wait on the
# cache for every memo. A local-memory cache is read every time: that costs nothing.
CHECK_SECONDS = 1.0
_registry = []


def _shared_cache():
    return "LocMemCache" not in settings.CACHES["default"]["BACKEND"]


def reset_process_caches():
    """Forget every per-process copy (tests that roll the database back call this)."""
    for memo in _registry:
        memo._values.clear()
        memo._checked = (0.0, None)
    _local.clear()


class Memo:
    def __init__(self, name, build):
        self.name = name
        self.build = build
        self._lock = threading.Lock()
        self._values = {}
        self._checked = (0.0, None)  # (monotonic time, version) of the last read
        _registry.append(self)

    @property
    def _version_key(self):
        return f"search:memo:{self.name}:version"

    def _version(self):
        checked_at, version = self._checked
        recent = time.monotonic() - checked_at < CHECK_SECONDS
        if version is not None and recent and _shared_cache():
            return version
        version = self._read_version()
        self._checked = (time.monotonic(), version)
        return version

    def _read_version(self):
        version = cache.get(self._version_key)
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(self._version_key, version, VERSION_SECONDS):
                version = cache.get(self._version_key) or version
        return version

    def get(self, *args):
        """The value for `args` (passed to build), current as of the last invalidate()."""
        version = self._version()
        found = self._values.get(args)
        if found is not None and found[0] == version:
            return found[1]
        with self._lock:
            value = self.build(*args)
            self._values[args] = (version, value)
        return value

    def invalidate(self, **kwargs):
        """Signal receiver too: any arguments are ignored."""
        cache.set(self._version_key, uuid.uuid4().hex, VERSION_SECONDS)
        self._values.clear()
        self._checked = (0.0, None)


# Counts (search.retrieval) are also kept in the process this long, to spare a shared cache
# a round trip.
LOCAL_SECONDS = 60
_local = {}  # key → (monotonic expiry, value)


def _local_get_many(keys):
    now = time.monotonic()
    return {k: _local[k][1] for k in keys if k in _local and _local[k][0] > now}


def _local_set_many(values):
    expiry = time.monotonic() + LOCAL_SECONDS
    if len(_local) > 50000:
        _local.clear()
    _local.update((k, (expiry, v)) for k, v in values.items())


def cached(keys, compute, seconds):
    """{key: value} for `keys`, from this process (if the cache is shared), then the cache,
    then compute(missing keys) → {key: value}."""
    found = _local_get_many(keys) if _shared_cache() else {}
    missing = [k for k in keys if k not in found]
    if missing:
        shared = cache.get_many(missing)
        found.update(shared)
        _local_set_many(shared)
        missing = [k for k in missing if k not in shared]
    if missing:
        computed = compute(missing)
        cache.set_many(computed, seconds)
        _local_set_many(computed)
        found.update(computed)
    return found
