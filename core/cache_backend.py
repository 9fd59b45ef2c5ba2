"""The shared cache (Redis, through django-redis), built so that losing it is not an outage.

Redis holds nothing of record here (site/README.md): pages, navigation, session copies and
rate-limit counters. When it cannot be reached:

- every call gives up within a fraction of a second (short socket timeouts) and answers as a
  miss: a read returns the default, a write is dropped; the site renders from the database
  (django-redis's IGNORE_EXCEPTIONS, applied to every method below);
- after a failure Redis is left alone for RETRY_SECONDS, so a request does not wait on a dead
  server once per cache call;
- rate-limit counters (core.ratelimit and allauth, keys under "allauth:rl:") move to this
  process's memory, so every limit keeps holding, per process, instead of failing open or
  locking everyone out;
- keys written or deleted while Redis was away are deleted from Redis as soon as it answers
  again, so that an older copy cannot outlive the change (a logged-out session kept by a
  Redis that was only cut off, not restarted).

Sessions do not depend on the cache: they are `cached_db` (settings), stored in the database
and only copied here.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

# Rate-limit counters, and the marks of TOTP codes already used (allauth refuses a code it
# cannot mark: without these, no one could pass the second factor while Redis is away).
LOCAL_PREFIXES = ("allauth:rl:", "allauth.mfa.totp.used?")
RETRY_SECONDS = 5
MAX_PENDING = 10_000
DEFAULT_OPTIONS = {
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": 0.5,
    "SOCKET_TIMEOUT": 0.5,
}


def _counter(key):
    return isinstance(key, str) and key.startswith(LOCAL_PREFIXES)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._local = LocMemCache("linli-counters", {"OPTIONS": {"MAX_ENTRIES": 50_000}})
        self._down_until = 0.0
        self._pending = {}  # key -> version, to delete from Redis once it is back
        self._lock = threading.Lock()

    # Availability

    def is_available(self):
        """Whether Redis answers a PING now (for /healthz); resets the back-off if it does."""
        try:
            self.client.get_client(write=True).ping()
        except Exception:  # noqa: BLE001 - any failure means unavailable
            self._went_away()
            return False
        self._came_back()
        return True

    def _went_away(self):
        if time.monotonic() >= self._down_until:
            logger.warning("shared cache unavailable; serving without it")
        self._down_until = time.monotonic() + RETRY_SECONDS

    def _came_back(self):
        self._down_until = 0.0
        with self._lock:
            pending, self._pending = self._pending, {}
        for key, version in pending.items():
            try:
                self.client.delete(key, version=version)
            except ConnectionInterrupted:
                self._went_away()
                with self._lock:
                    self._pending.update(pending)
                return

    def _remember(self, key, version):
        with self._lock:
            if len(self._pending) < MAX_PENDING:
                self._pending[key] = version

    def _call(self, method, *args, key=None, version=None, fallback=None, writes=False):
        """`method` of the Redis client, or `fallback()` when Redis is away."""
        if time.monotonic() >= self._down_until:
            try:
                result = getattr(self.client, method)(*args, version=version)
            except ConnectionInterrupted:
                self._went_away()
            else:
                if self._pending:
                    self._came_back()
                return result
        if writes and key is not None:
            for one in key if isinstance(key, list | tuple) else [key]:
                self._remember(one, version)
        return fallback() if fallback else None

    # The cache API

    def get(self, key, default=None, version=None, client=None):
        if _counter(key):
            return self._call(
                "get",
                key,
                default,
                version=version,
                fallback=lambda: self._local.get(key, default, version),
            )
        return self._call("get", key, default, version=version, fallback=lambda: default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, client=None, **kwargs):
        if _counter(key):
            return self._call(
                "set",
                key,
                value,
                self._timeout(timeout),
                version=version,
                fallback=lambda: self._local.set(key, value, self._timeout(timeout), version),
            )
        return self._call(
            "set", key, value, self._timeout(timeout), key=key, version=version, writes=True
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, client=None):
        if _counter(key):
            return self._call(
                "add",
                key,
                value,
                self._timeout(timeout),
                version=version,
                fallback=lambda: self._local.add(key, value, self._timeout(timeout), version),
            )
        return self._call(
            "add",
            key,
            value,
            self._timeout(timeout),
            key=key,
            version=version,
            writes=True,
            fallback=lambda: False,
        )

    def incr(self, key, delta=1, version=None, client=None):
        if _counter(key):
            return self._call(
                "incr",
                key,
                delta,
                version=version,
                fallback=lambda: self._local.incr(key, delta, version),
            )
        return self._call("incr", key, delta, key=key, version=version, writes=True)

    def decr(self, key, delta=1, version=None, client=None):
        return self.incr(key, -delta, version=version)

    def delete(self, key, version=None, client=None):
        if _counter(key):
            return bool(
                self._call(
                    "delete",
                    key,
                    version=version,
                    fallback=lambda: self._local.delete(key, version),
                )
            )
        return bool(self._call("delete", key, key=key, version=version, writes=True))

    def get_many(self, keys, version=None, client=None):
        return self._call("get_many", keys, version=version, fallback=dict)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None, client=None):
        self._call(
            "set_many",
            data,
            self._timeout(timeout),
            key=list(data),
            version=version,
            writes=True,
        )
        return []

    def delete_many(self, keys, version=None, client=None):
        keys = list(keys)
        return self._call("delete_many", keys, key=keys, version=version, writes=True)

    def has_key(self, key, version=None, client=None):
        return bool(self._call("has_key", key, version=version, fallback=lambda: False))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None, client=None):
        return bool(self._call("touch", key, self._timeout(timeout), version=version))

    def clear(self):
        self._local.clear()
        if time.monotonic() >= self._down_until:
            try:
                return self.client.clear()
            except ConnectionInterrupted:
                self._went_away()
        return None

    def _timeout(self, timeout):
        return self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout
