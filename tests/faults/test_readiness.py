"""GET /readyz/: readiness for the load balancer: the database answers (and how the cache is),
quickly and without details; /healthz/ stays liveness (accounts.health; issue #15, faults)."""

import logging

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.faults.conftest import closed_port


def test_ready_when_the_database_answers(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = Client().get("/readyz/")
    assert response.status_code == 200
    assert response.content.decode() == "ready\ndatabase ok\ncache local\n"
    assert "no-cache" in response["Cache-Control"]


def test_not_ready_when_the_database_does_not_answer(db, monkeypatch, caplog):
    def cursor():
        raise OperationalError("could not connect to server at 10.0.0.20 port 5432")

    with monkeypatch.context() as patched, caplog.at_level(logging.WARNING):
        patched.setattr(connection, "cursor", cursor)
        response = Client().get("/readyz/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.content.decode() == "not ready\ndatabase unavailable\ncache local\n"
    # One plain line of our own, not Django's "Service Unavailable" for every poll.
    assert [r.getMessage() for r in caplog.records] == ["Not ready: the database does not answer"]


def test_the_cache_down_is_reported_but_still_ready(db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "bonehealth.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = Client().get("/readyz/")
    assert response.status_code == 200
    assert response.content.decode() == "ready\ndatabase ok\ncache unavailable\n"


def test_the_cache_up_is_reported(db, settings):
    settings.CACHES = {
        "default": {"BACKEND": "bonehealth.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/14"}
    }
    assert Client().get("/readyz/").content.decode().endswith("cache ok\n")


def test_head_answers_and_logs_nothing(db, caplog):
    with caplog.at_level(logging.INFO):
        response = Client().head("/readyz/")
    assert response.status_code == 200
    assert response.content == b""
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_post_is_refused(db):
    assert Client().post("/readyz/").status_code == 405


@pytest.mark.django_db
def test_not_redirected_to_https(settings):
    """Load balancers poll each app server directly, over plain HTTP behind the proxy; the
    production settings' exemption (SECURE_REDIRECT_EXEMPT) covers both checks."""
    assert not settings.DEBUG
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/readyz/").status_code == 200
    assert client.get("/healthz/").status_code == 200
    assert client.get("/").status_code == 301
