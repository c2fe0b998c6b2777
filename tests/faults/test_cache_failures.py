"""Redis down or frozen: every cache call is a miss or does nothing, the cache is not asked again
for a moment, one warning is logged, sessions come from the database, and nothing written
before the outage is read after it (bonehealth.cache; issue #15, faults). The real thing, with
a Redis killed and frozen under gunicorn, is test_redis_outage.py."""

import logging

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.test import Client

from bonehealth import cache as bonehealth_cache
from tests.faults.conftest import closed_port, make_cache


def every_call(cache):
    """Each operation once, with what a caller gets back."""
    return {
        "get": cache.get("k", "default"),
        "get_many": cache.get_many(["k", "l"]),
        "add": cache.add("k", 1),
        "set": cache.set("k", 1),
        "set_many": cache.set_many({"k": 1}),
        "delete": cache.delete("k"),
        "delete_many": cache.delete_many(["k"]),
        "has_key": cache.has_key("k"),
        "touch": cache.touch("k"),
        "get_or_set": cache.get_or_set("k", "built"),
        "clear": cache.clear(),
    }


EXPECTED = {
    "get": "default",
    "get_many": {},
    "add": False,
    "set": None,
    "set_many": ["k"],
    "delete": False,
    "delete_many": None,
    "has_key": False,
    "touch": False,
    "get_or_set": "built",
    "clear": None,
}


def test_redis_down_is_a_miss_for_every_call():
    cache = make_cache(f"redis://127.0.0.1:{closed_port()}/0")
    assert every_call(cache) == EXPECTED
    with pytest.raises(ValueError):
        cache.incr("k")


def test_redis_frozen_is_asked_once_then_left_alone(silent_server):
    """A frozen Redis accepts connections and never answers: the first call waits for the read
    timeout, and the calls after it do not connect again (each would wait as long)."""
    cache = make_cache(f"redis://127.0.0.1:{silent_server.port}/0")
    for _ in range(20):
        assert every_call(cache) == EXPECTED
    assert len(silent_server.connections) == 1


def test_one_warning_for_an_outage_not_one_per_call(caplog):
    cache = make_cache(f"redis://127.0.0.1:{closed_port()}/0")
    with caplog.at_level(logging.WARNING, logger="bonehealth.cache"):
        for _ in range(5):
            cache.get("k")
            cache.health.down_until = 0  # as if the retry were due
    warnings = [r for r in caplog.records if r.name == "bonehealth.cache"]
    assert len(warnings) == 1
    assert "Cache unavailable" in warnings[0].getMessage()
    assert warnings[0].exc_info is None  # a line, not a traceback


def test_nothing_written_before_an_outage_is_read_after_it(caplog):
    """A delete that failed during the outage leaves the old value in Redis (a frozen Redis
    keeps everything): the first call after it starts a new generation, so the old value is
    never read."""
    cache = make_cache()
    cache.set("tracker:2:token:7", "before")
    old_key = cache.make_key("tracker:2:token:7")
    try:
        cache._failed(ConnectionError("as if Redis had gone away"))  # the delete that failed
        cache.health.down_until = 0  # Redis answers again
        with caplog.at_level(logging.WARNING, logger="bonehealth.cache"):
            assert cache.get("tracker:2:token:7") is None
        assert cache.make_key("tracker:2:token:7") != old_key
        assert any("answering again" in r.getMessage() for r in caplog.records)
        cache.set("tracker:2:token:7", "after")
        assert cache.get("tracker:2:token:7") == "after"
    finally:
        cache.delete("tracker:2:token:7")
        cache._cache.get_client(write=True).delete(old_key, cache._generation_key)


def test_other_processes_follow_the_new_generation():
    """The generation lives in Redis: another process (another backend object, its own view of
    the generation) reads the new one within GENERATION_CHECK_SECONDS."""
    cache = make_cache()
    other = bonehealth_cache.RedisCache(cache._location, {"KEY_PREFIX": cache.key_prefix})
    try:
        cache.set("k", "before")
        assert other.get("k") == "before"
        cache.clear()  # a new generation, as after an outage
        health = cache.health
        health.checked_at -= bonehealth_cache.GENERATION_CHECK_SECONDS  # a second later
        assert other.get("k") is None
    finally:
        cache._cache.get_client(write=True).delete(cache._generation_key)


def test_clear_never_empties_the_whole_redis_database():
    cache = make_cache()
    client = cache._cache.get_client(write=True)
    client.set("bonehealth-test-someone-else", "theirs", ex=60)
    try:
        cache.clear()
        assert client.get("bonehealth-test-someone-else") == b"theirs"
    finally:
        client.delete("bonehealth-test-someone-else", cache._generation_key)


@pytest.fixture
def broken_redis_sessions(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "bonehealth.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "KEY_PREFIX": "bonehealth-test",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return settings


def test_sessions_come_from_the_database_when_redis_is_down(broken_redis_sessions, patient):
    client = Client()
    client.force_login(patient)
    session = SessionStore(client.cookies["sessionid"].value)
    assert session.load()["_auth_user_id"] == str(patient.pk)
    response = client.get("/accounts/dashboard/")
    assert response.status_code == 200
    assert response.context["user"] == patient


def test_login_and_logout_work_when_redis_is_down(broken_redis_sessions, patient):
    patient.set_password("a long passphrase for the outage")
    patient.save()
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": patient.email, "password": "a long passphrase for the outage"}
    )
    assert response.status_code == 302
    assert client.get("/accounts/dashboard/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/dashboard/").status_code == 302
