"""With Redis unreachable the cache misses and skips writes: pages are served, /readyz says the cache is down."""

import socket

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_every_operation_degrades_to_a_miss(redis_down):
    assert cache.get("k", "default") == "default"
    cache.set("k", "v")
    assert cache.get("k") is None
    assert cache.add("k", "v") is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == []
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    cache.delete_many(["a", "b"])
    assert cache.touch("k") is False
    with pytest.raises(ValueError):
        cache.incr("k")


def test_pages_are_served_while_redis_is_down(redis_down, client):
    assert client.get("/").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False and response.json()["checks"]["database"]["ok"]
