"""The database unavailable: the friendly 503 page with Retry-After, one traceback in the log;
any other failure: the 500 page (accounts.health.server_error; issue #15, faults)."""

import logging

import pytest
from django.contrib.auth.backends import ModelBackend
from django.db import OperationalError
from django.template import loader
from django.test import Client

from tests.factories import PatientFactory


@pytest.fixture
def logged_in(db):
    client = Client(raise_request_exception=False)
    client.force_login(PatientFactory())
    return client


def fail_loading_the_user(monkeypatch, exc):
    def get_user(self, user_id):
        raise exc

    monkeypatch.setattr(ModelBackend, "get_user", get_user)


def error_records(caplog):
    return [r for r in caplog.records if r.name == "django.request" and r.exc_info]


def test_database_unavailable_gives_the_503_page_with_retry_after(logged_in, monkeypatch, caplog):
    fail_loading_the_user(monkeypatch, OperationalError("connection to server at 10.0.0.20 failed"))
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = logged_in.get("/accounts/dashboard/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "<h1>Back in a moment</h1>" in body
    # No stack, no error text, no data.
    assert "10.0.0.20" not in body and "Traceback" not in body and "OperationalError" not in body


def test_one_traceback_per_failed_request(logged_in, monkeypatch, caplog):
    """The user failed to load in a middleware; PrivateCacheMiddleware, further out, used to ask
    for request.user again on the error response, failing and logging a second time."""
    fail_loading_the_user(monkeypatch, OperationalError("the database is down"))
    with caplog.at_level(logging.ERROR, logger="django.request"):
        logged_in.get("/accounts/dashboard/")
    assert len(error_records(caplog)) == 1


def test_any_other_failure_gives_the_500_page(logged_in, monkeypatch, caplog):
    fail_loading_the_user(monkeypatch, RuntimeError("a bug"))
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = logged_in.get("/accounts/dashboard/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    body = response.content.decode()
    assert "<h1>Something went wrong</h1>" in body and "a bug" not in body
    assert len(error_records(caplog)) == 1


def test_error_pages_carry_the_security_headers(logged_in, monkeypatch):
    fail_loading_the_user(monkeypatch, OperationalError("down"))
    response = logged_in.get("/accounts/dashboard/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("name", ["500.html", "503.html"])
def test_error_pages_need_no_database_no_user_no_template_tags(name, django_assert_num_queries, db):
    """nginx serves templates/503.html as a plain file too (deploy/nginx.conf): no template
    syntax may show there, and rendering may not depend on anything that could be failing."""
    source = loader.get_template(name).origin.name
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    assert "{%" not in text and "{{" not in text
    with django_assert_num_queries(0):
        rendered = loader.get_template(name).render()
    assert rendered == text
    assert 'href="/static/css/app.css"' in text and '<main id="main"' in text
