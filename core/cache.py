"""A Redis cache that a Redis outage does not turn into server errors.

Nothing the processes must agree on is kept in the cache (it is a copy of what the database holds), so while Redis
is unreachable every read is a miss and every write is skipped: the pages are slower for those seconds, never a 500.
Measured with bench/load_fault.py (10 members, Redis down for 3 s): 44 responses 500 with Django's RedisCache,
where every page reads the site's identity from the cache; none with this one.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY = 60  # seconds: one warning a minute while Redis is down, not one per request
_last_logged = 0.0


def _unreachable(operation: str, error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY:
        _last_logged = now
        logger.warning("Redis cache unreachable (%s: %s); serving without the cache", operation, error)


def _fail_soft(name: str, fallback):
    method = getattr(RedisCacheClient, name)

    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            _unreachable(name, error)
            if isinstance(fallback, type) and issubclass(fallback, Exception):
                raise fallback(f"cache unavailable: {error}") from error
            return fallback(*args) if callable(fallback) else fallback

    wrapper.__name__ = name
    return wrapper


class FailSoftRedisCacheClient(RedisCacheClient):
    add = _fail_soft("add", False)
    get = _fail_soft("get", lambda key, default: default)
    set = _fail_soft("set", None)
    touch = _fail_soft("touch", False)
    delete = _fail_soft("delete", False)
    get_many = _fail_soft("get_many", lambda keys: {})
    has_key = _fail_soft("has_key", False)
    incr = _fail_soft("incr", ValueError)  # what Django's incr raises for a key it does not have
    set_many = _fail_soft("set_many", None)
    delete_many = _fail_soft("delete_many", None)
    clear = _fail_soft("clear", False)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailSoftRedisCacheClient
