"""Helpers for the cache-failure tests: a Redis server that is not there, one that accepts
connections and never answers (a frozen Redis: the kernel still completes the TCP handshake),
and caches built exactly as bonehealth.settings builds them."""

import socket
import threading
import uuid

import pytest

from bonehealth import cache as bonehealth_cache
from bonehealth.models import DatabaseIdentity

MACHINE_REDIS = "redis://127.0.0.1:6379/14"


def make_cache(location=MACHINE_REDIS, release="test-release", timeout=0.2):
    """The production backend with the production options (bonehealth.settings)."""
    return bonehealth_cache.RedisCache(
        location,
        {
            "KEY_PREFIX": f"bonehealth-test-{uuid.uuid4().hex[:8]}:{release}",
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        },
    )


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


class SilentServer:
    """Accepts every connection and never answers: what redis-py meets when Redis is frozen."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.connections:
            conn.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def fresh_cache_state(db):
    """Every test reads the database identity and the generation afresh; the identity row exists
    (a transactional test elsewhere may have flushed the migration's row)."""
    if not DatabaseIdentity.objects.exists():
        DatabaseIdentity.objects.create()
    bonehealth_cache.forget_database_identity()
    bonehealth_cache.reset_health()
    yield
    bonehealth_cache.forget_database_identity()
    bonehealth_cache.reset_health()
