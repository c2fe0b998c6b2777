"""StaffSessionLimitMiddleware moves a staff session's expiry forward at most once a minute, so
most admin requests do not write the session (docs/PERFORMANCE.md, finding 2)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import otp_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    """timezone.now() under the test's control."""
    state = {"now": timezone.now()}
    with mock.patch("django.utils.timezone.now", lambda: state["now"]):
        yield state


def admin_request_writes(client):
    """The session-table writes of one admin page request."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def expire_date(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_requests_within_a_minute_do_not_write_the_session(client, therapist, clock):
    otp_login(client, therapist)
    client.get(reverse("admin:index"))
    expires = expire_date(client)

    clock["now"] += timedelta(seconds=30)
    assert admin_request_writes(client) == []
    assert expire_date(client) == expires


def test_a_request_after_a_minute_moves_the_expiry_forward(client, therapist, clock):
    otp_login(client, therapist)
    client.get(reverse("admin:index"))
    expires = expire_date(client)

    clock["now"] += timedelta(seconds=90)
    assert admin_request_writes(client) != []
    assert expire_date(client) == expires + timedelta(seconds=90)


def test_idle_timeout_counts_from_the_last_refresh_so_is_exact_to_the_minute(client, therapist, clock):
    otp_login(client, therapist)
    client.get(reverse("admin:index"))
    clock["now"] += timedelta(seconds=50)  # not refreshed: the expiry stays an hour after the first request
    assert client.get(reverse("admin:index")).status_code == 200

    clock["now"] += timedelta(minutes=59, seconds=20)  # 60 min 10 s after the refresh, 59 min 20 s idle
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_active_staff_session_stays_open_past_the_hour(client, therapist, clock):
    otp_login(client, therapist)
    for _ in range(4):  # a request every 40 minutes: never an hour idle
        clock["now"] += timedelta(minutes=40)
        assert client.get(reverse("admin:index")).status_code == 200
