"""Six signups with one email at the same moment (a double click is enough): one account, the
others answered like any signup for a taken address; never an IntegrityError, never the address
in a log line (PostgreSQL; issue #15 item 9)."""

import logging
import threading

import pytest
from django.db import close_old_connections, connection
from django.test import RequestFactory

from accounts.models import User
from accounts.services import sign_up

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real concurrent race needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_six_simultaneous_signups_with_one_email_make_one_account_and_no_error(caplog):
    start = threading.Barrier(6)
    errors, results = [], []

    def signup():
        try:
            start.wait(timeout=10)
            request = RequestFactory().post("/accounts/signup/")
            results.append(
                sign_up(
                    request=request, full_name="Nora", email="nora@example.com", password="quiet river walk"
                )
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    with caplog.at_level(logging.DEBUG):
        threads = [threading.Thread(target=signup) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert errors == []
    assert User.objects.filter(email="nora@example.com").count() == 1
    assert sum(user is not None for user in results) == 1
    assert "nora@example.com" not in caplog.text
