"""Fixed-window counters in the cache. Keys hold a hash, never a phone number or address."""

import hashlib

from django.core.cache import cache


def _key(scope, value):
    return f"feedback:rl:{scope}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def hit(scope, value, limit):
    """Count one attempt; False when the window's limit is already used up."""
    count, window = limit
    key = _key(scope, value)
    cache.add(key, 0, window)
    try:
        return cache.incr(key) <= count
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return True


def client_ip(request):
    # Behind the proxy, REMOTE_ADDR is set from the trusted proxy header by the web server.
    return request.META.get("REMOTE_ADDR", "")
