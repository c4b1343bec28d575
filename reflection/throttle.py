"""A limit on wrong join codes, so nobody can walk the code space to sit in on someone else's session.

The join page is public (participants use their phones, without an account), so the code is the only key.
Wrong codes are counted per device (the browser's Django session) and per client address; when either count
reaches its limit within the window, every join attempt from there is refused with a 429 page until the window
has passed, a correct code included (otherwise guessing would simply go on). The address limit is higher than
the device limit because a whole room may share one address behind the venue's Wi-Fi.

The counters live in Django's cache. In settings.py that is the database cache, shared by all worker
processes and hosts: a per-process cache would multiply the limit by the number of workers.
"""

import time

from django.core.cache import cache
from django.http import HttpRequest

from accounts.security import client_ip

WINDOW_SECONDS = 10 * 60
MAX_FAILURES_PER_DEVICE = 5
MAX_FAILURES_PER_ADDRESS = 50

_PREFIX = "reflection-join-failures"


def _keys(request: HttpRequest) -> list[tuple[str, int]]:
    keys: list[tuple[str, int]] = []
    address = client_ip(request)
    if address:
        keys.append((f"{_PREFIX}:address:{address}", MAX_FAILURES_PER_ADDRESS))
    session_key = request.session.session_key
    if session_key:
        keys.append((f"{_PREFIX}:device:{session_key}", MAX_FAILURES_PER_DEVICE))
    return keys


def _count(key: str) -> int:
    counter = cache.get(key)
    if not isinstance(counter, dict) or counter.get("until", 0) <= time.time():
        return 0
    return int(counter.get("n", 0))


def is_blocked(request: HttpRequest) -> bool:
    """True when this device or address used up its wrong codes for the current window."""
    return any(_count(key) >= limit for key, limit in _keys(request))


def record_failure(request: HttpRequest) -> None:
    """Count one wrong (or closed) code against this device and this address.

    A fixed window per counter: it starts at the first failure and is not extended by later ones.
    """
    if not request.session.session_key:
        request.session.save()  # gives the device an identity, so clearing cookies is the only way out
    now = time.time()
    for key, _limit in _keys(request):
        counter = cache.get(key)
        if not isinstance(counter, dict) or counter.get("until", 0) <= now:
            counter = {"n": 0, "until": now + WINDOW_SECONDS}
        counter["n"] = int(counter["n"]) + 1
        cache.set(key, counter, timeout=max(1, int(counter["until"] - now) + 1))
