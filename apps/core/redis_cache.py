"""Django's Redis cache, keeping one redis-py client per connection pool.

Django's RedisCacheClient builds a new `redis.Redis` object for every cache call. With
redis-py 8 that construction costs more than the round trip itself, and a signed-in request
makes three calls (session, member, page). A client holds nothing but its pool and is safe
to share between threads, so one per pool is kept for the life of the process."""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
