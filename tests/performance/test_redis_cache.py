"""bonehealth.cache.RedisCache: Django's Redis backend, with one client per connection pool."""

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from bonehealth.cache import RedisCache


def make_cache(location="redis://127.0.0.1:6379/14"):
    return RedisCache(location, {"KEY_PREFIX": "bonehealth-test"})


def test_it_is_djangos_backend():
    assert isinstance(make_cache(), DjangoRedisCache)


def test_one_client_is_reused_for_every_call():
    cache = make_cache()
    first = cache._cache.get_client("a")
    assert isinstance(first, redis.Redis)
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first


def test_each_pool_has_its_own_client():
    """With replicas (several LOCATIONs) reads go to another server's pool than writes."""
    cache = RedisCache(["redis://127.0.0.1:6379/14", "redis://127.0.0.1:6380/14"], {})
    write_client = cache._cache.get_client(write=True)
    read_client = cache._cache.get_client()
    assert write_client is not read_client
    assert write_client.connection_pool is not read_client.connection_pool
    assert cache._cache.get_client() is read_client


def test_django_would_build_a_client_per_call():
    """Why the subclass exists: if Django starts reusing its client, it can go."""
    cache = DjangoRedisCache("redis://127.0.0.1:6379/14", {})
    assert cache._cache.get_client() is not cache._cache.get_client()


def test_round_trip_through_the_shared_client(db):
    """Against the machine's Redis (database 14, keys under this test's own prefix). The keys
    hold the database's identity (bonehealth.cache), read from the database."""
    cache = make_cache()
    try:
        cache.set("round-trip", {"answer": 42}, 30)
        assert cache.get("round-trip") == {"answer": 42}
        assert cache.get_many(["round-trip", "missing"]) == {"round-trip": {"answer": 42}}
        cache.delete("round-trip")
        assert cache.get("round-trip") is None
    finally:
        cache.delete("round-trip")
