"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache call (about
60 µs here: redis-py fills a table of ~170 response callbacks in each constructor). Every
logged-in request reads its session through the cache, and pages read cached fragments, so that
construction was paid several times per request. A `redis.Redis` is safe to share between
threads (each command takes a connection from the pool), and the pools, like Django's, are
made lazily in each process, after gunicorn forks.

Used only when REDIS_URL is set (bonehealth.settings); everything else is Django's backend.
"""

from django.core.cache.backends import redis as django_redis


class ReusingRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
