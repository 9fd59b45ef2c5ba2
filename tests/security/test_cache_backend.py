"""core/cache_backend.py against a real redis-server of the test's own, reached through a
proxy the test can cut (a network failure: Redis keeps its data) or by stopping Redis."""

import time

import pytest

from core.cache_backend import ResilientRedisCache
from tests import topology

pytestmark = pytest.mark.skipif(not topology.redis_available(), reason="needs redis-server")


@pytest.fixture
def redis():
    server = topology.RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def link(redis):
    proxy = topology.TcpProxy(("127.0.0.1", redis.port))
    yield proxy
    proxy.cut()


def _cache(port):
    return ResilientRedisCache(f"redis://127.0.0.1:{port}/0", {"KEY_PREFIX": "t"})


def test_without_redis_reads_miss_writes_drop_and_nothing_waits(redis):
    cache = _cache(redis.port)
    cache.set("page", "cached")
    assert cache.get("page") == "cached"
    redis.stop()
    started = time.monotonic()
    assert cache.get("page") is None
    assert cache.get("page", "default") == "default"
    assert cache.get_many(["page", "other"]) == {}
    assert cache.set("page", "new") is None
    assert cache.add("lock", 1) is False
    assert cache.incr("generation") is None
    assert cache.delete("page") is False
    assert "page" not in cache
    assert time.monotonic() - started < 1.5
    assert cache.is_available() is False


def test_rate_limit_counters_move_to_this_process(redis):
    cache = _cache(redis.port)
    redis.stop()
    key = "allauth:rl:linli:report:5/3600/ip:ip:127.0.0.2"
    assert cache.add(f"{key}:lock", True, 10) is True
    assert cache.add(f"{key}:lock", True, 10) is False  # a lock that holds
    cache.set(key, [3.0, 2.0, 1.0], 3600)
    assert cache.get(key) == [3.0, 2.0, 1.0]
    cache.delete(f"{key}:lock")
    assert cache.get(f"{key}:lock") is None


def test_totp_codes_are_marked_used_in_this_process_while_redis_is_away(redis):
    """allauth marks a TOTP code used with cache.add() and refuses the code when that fails:
    while Redis is away the mark lives in this process, so staff can still pass the second
    factor, and a code cannot be used twice."""
    cache = _cache(redis.port)
    key = "allauth.mfa.totp.used?user=7&code=123456"
    assert cache.add(key, "y", 90) is True
    assert cache.add(key, "y", 90) is False  # Redis up: refused the second time
    redis.stop()
    other = "allauth.mfa.totp.used?user=7&code=654321"
    assert cache.add(other, "y", 90) is True
    assert cache.add(other, "y", 90) is False


def test_what_changed_during_a_network_failure_is_not_resurrected(redis, link):
    """A session copy written before the failure, deleted or rewritten during it (a logout),
    must not come back from Redis afterwards: Redis kept its data through the failure."""
    cache = _cache(link.port)
    cache.set("session:a", {"user": 7})
    cache.set("session:b", {"user": 8})
    link.cut()
    cache.delete("session:a")  # logout: the database row is gone, Redis cannot be told
    cache.set("session:b", {"user": 8, "mfa": True})
    link.restore()
    time.sleep(5.1)  # core.cache_backend.RETRY_SECONDS
    assert cache.get("anything") is None  # the first call that reaches Redis again…
    assert cache.get("session:a") is None  # …has removed what changed meanwhile
    assert cache.get("session:b") is None  # (the next read fills it from the database)
    cache.set("session:b", {"user": 8, "mfa": True})
    assert cache.get("session:b") == {"user": 8, "mfa": True}
