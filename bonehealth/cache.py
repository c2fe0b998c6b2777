"""The shared cache (Redis): keys that never outlive their code or their database, and a cache
whose failure is a miss, never an error page.

Used only when REDIS_URL is set (bonehealth.settings); without it each process has Django's
local-memory cache, which dies with the process (so a restart, part of every deploy and of
the restore procedure in docs/DEPLOY.md, empties it).

**Keys.** Every key is `bonehealth:<release>:<database>.<generation>:<version>:<key>`:
- `<release>`: settings.RELEASE_ID (bonehealth.release): a deploy never reads a fragment the
  previous release rendered;
- `<database>`: database_identity(), a random UUID stored in the database by a migration (a new
  database has a new one) and, on PostgreSQL, the OID of the table holding it, which
  pg_restore renews (it recreates the table). Fragments are keyed by database ids (a patient's
  id); after a restore or on a new database they can never be read again, whatever Redis
  still holds. Read once per process;
- `<generation>`: a random token stored in Redis itself (GENERATION_KEY), replaced after every
  outage (below).
Callers use `django.core.cache.cache` as usual and never see any of it.

**Failures.** Short connect and read timeouts (settings.REDIS_*_TIMEOUT) and no retries, so a
dead or frozen Redis costs one timeout, not redis-py's retries. Every error is a miss for a
read and ignored for a write or delete; after one, the cache is not asked again for
RETRY_SECONDS (each request would otherwise wait for the timeout), and one warning is logged
per WARNING_INTERVAL, not one per request. Sessions are Django's `cached_db` store: a miss
reads them from the database, so logins keep working.

**Nothing stale afterwards.** A delete or write that failed during the outage (a check-in's
tracker fragments, a logged-out session) may still be in Redis when it answers again: a frozen
Redis resumes with everything it held. So the first thing a process does once Redis answers
after an error is to replace the generation token, which makes every key written before
unreachable (they expire by their own timeouts); a background thread retries that every
RETRY_SECONDS, so it happens even if the process gets no requests. Other processes read the
token at most GENERATION_CHECK_SECONDS old. A short timeout on everything was the alternative;
it would make the cache much less useful and still serve stale pages for that long.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache call (about
60 µs: redis-py fills a table of ~170 response callbacks in each constructor); the client here
keeps one per connection pool. A `redis.Redis` is safe to share between threads, and the pools
are made lazily in each process, after gunicorn forks.
"""

import logging
import threading
import time
import uuid

import redis
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import DatabaseError, connection, transaction
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger("bonehealth.cache")

# Everything redis-py raises for a server that is down, frozen, full or refusing us.
CACHE_ERRORS = (redis.exceptions.RedisError, OSError)
RETRY_SECONDS = 2.0
WARNING_INTERVAL = 60.0
GENERATION_CHECK_SECONDS = 1.0
GENERATION_KEY = "cache-generation"


class CacheUnavailable(Exception):
    """The cache cannot be used for this call (the database identity is unknown)."""


# --- the database identity -----------------------------------------------------------------------

_identity = None


def database_identity() -> str | None:
    """This database's identity (see the module docstring), read once per process; None when it
    cannot be read now (the database is down, or not migrated yet), and tried again next time."""
    global _identity
    if _identity is None:
        # A row is made only outside the caller's transaction, which could roll it back.
        may_create = not connection.in_atomic_block
        try:
            # A savepoint: a failure must not break the caller's transaction on PostgreSQL.
            with transaction.atomic():
                _identity = _read_identity(may_create)
        except DatabaseError:
            return None
    return _identity


def _read_identity(may_create: bool) -> str | None:
    from bonehealth.models import DatabaseIdentity

    row = DatabaseIdentity.objects.order_by("pk").first()
    if row is None:
        # A flushed database (the migration's row deleted) is a new database.
        if not may_create:
            return None
        DatabaseIdentity.objects.create()
        # The first row wins when two processes made one at once.
        row = DatabaseIdentity.objects.order_by("pk").first()
    identity = row.uuid.hex[:16]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s::regclass::oid", [DatabaseIdentity._meta.db_table])
            identity += f"-{cursor.fetchone()[0]}"
    return identity


def forget_database_identity() -> None:
    """Read the identity again on next use (tests; a process never needs it)."""
    global _identity
    _identity = None


# --- health of the connection, per process and server --------------------------------------------


class _Health:
    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.owes_new_generation = False
        self.warned_at = None
        self.generation = None
        self.checked_at = 0.0
        self.retrying = False


_health: dict[str, _Health] = {}
_health_lock = threading.Lock()


def _health_of(location: str) -> _Health:
    with _health_lock:
        return _health.setdefault(location, _Health())


def reset_health() -> None:
    """Forget every outage and generation this process knows of (tests)."""
    with _health_lock:
        _health.clear()


# --- the backend ---------------------------------------------------------------------------------


class ReusingRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, servers, **options):
        # No retries: a timeout is already long enough to wait once.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(servers, **options)
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
        self._location = server if isinstance(server, str) else ",".join(server)
        self._generation_key = f"{self.key_prefix}:{GENERATION_KEY}"
        # Per server and key prefix: the generation belongs to the prefix.
        self._health_key = f"{self._location} {self.key_prefix}"

    @property
    def health(self) -> _Health:
        return _health_of(self._health_key)

    # Keys --------------------------------------------------------------------------------------

    def make_key(self, key, version=None):
        identity = database_identity()
        if identity is None:
            raise CacheUnavailable("the database identity cannot be read")
        namespace = f"{self.key_prefix}:{identity}.{self._generation()}"
        return self.key_func(key, namespace, self.version if version is None else version)

    def _generation(self) -> str:
        health = self.health
        now = time.monotonic()
        if health.owes_new_generation:
            self._start_new_generation()
        elif health.generation is None or now - health.checked_at >= GENERATION_CHECK_SECONDS:
            client = self._cache.get_client(write=True)
            token = client.get(self._generation_key)
            if token is None:
                token = uuid.uuid4().hex[:12].encode()
                # nx: when two processes make the first token at once, both use the one stored first.
                if not client.set(self._generation_key, token, nx=True):
                    token = client.get(self._generation_key) or token
            health.generation, health.checked_at = token.decode(), now
        return health.generation

    def _start_new_generation(self) -> None:
        health = self.health
        token = uuid.uuid4().hex[:12]
        self._cache.get_client(write=True).set(self._generation_key, token)
        with health.lock:
            health.generation, health.checked_at = token, time.monotonic()
            health.owes_new_generation = False
            warned, health.warned_at = health.warned_at, None
        if warned is not None:
            log.warning("Cache answering again: started cache generation %s", token)

    # Failures ----------------------------------------------------------------------------------

    def _guarded(self, default, operation, *args, **kwargs):
        health = self.health
        if time.monotonic() < health.down_until:
            return default
        try:
            return operation(*args, **kwargs)
        except CacheUnavailable:
            return default
        except CACHE_ERRORS as exc:
            self._failed(exc)
            return default

    def _failed(self, exc) -> None:
        health = self.health
        now = time.monotonic()
        with health.lock:
            health.down_until = now + RETRY_SECONDS
            health.owes_new_generation = True
            warn = health.warned_at is None or now - health.warned_at >= WARNING_INTERVAL
            if warn:
                health.warned_at = now
            start_retrying = not health.retrying
            health.retrying = True
        if warn:
            log.warning(
                "Cache unavailable (%s: %s): serving without it, next try in %.0f s",
                type(exc).__name__,
                exc,
                RETRY_SECONDS,
            )
        if start_retrying:
            threading.Thread(target=self._retry_until_answering, name="cache-recovery", daemon=True).start()

    def _retry_until_answering(self) -> None:
        """Start the new generation as soon as Redis answers, with or without requests."""
        health = self.health
        try:
            # Until done, or until the state is forgotten (reset_health(), in tests).
            while health.owes_new_generation and _health.get(self._health_key) is health:
                time.sleep(RETRY_SECONDS)
                if not health.owes_new_generation:
                    break
                try:
                    self._start_new_generation()
                except CACHE_ERRORS:
                    with health.lock:
                        health.down_until = time.monotonic() + RETRY_SECONDS
        finally:
            health.retrying = False

    def is_answering(self) -> bool:
        """One PING (the readiness check): False when Redis is down, frozen or refusing us."""
        if time.monotonic() < self.health.down_until:
            return False
        try:
            return bool(self._cache.get_client(write=True).ping())
        except CACHE_ERRORS as exc:
            self._failed(exc)
            return False

    # Every operation: a miss or nothing on failure ---------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._guarded(missing, super().incr, key, delta, version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded(None, super().delete_many, keys, version)

    def clear(self):
        """A new generation rather than FLUSHDB, which would empty the whole Redis database
        (another release's keys, or another application's)."""
        return self._guarded(None, self._start_new_generation)
