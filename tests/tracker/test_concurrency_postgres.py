"""Two submissions for the same day at the same moment leave exactly one row (PostgreSQL).

SQLite runs one writer at a time, so it cannot show this race; there the same guarantee
is tested with a simulated race in test_services.py."""

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction

from tracker.models import Entry
from tracker.services import save_checkin

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real concurrent race needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def run_in_threads(*targets):
    errors = []

    def wrap(target):
        def run():
            try:
                target()
            except Exception as exc:  # noqa: BLE001 - reported by the test below
                errors.append(exc)
            finally:
                close_old_connections()
                connection.close()

        return run

    threads = [threading.Thread(target=wrap(target)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a submission hung"
    return errors


def test_a_second_submission_waiting_on_the_first_updates_its_row(patient, today):
    """Deterministic: the first request has inserted (uncommitted) when the second looks;
    the second finds nothing, its INSERT waits on the unique index, fails when the first
    commits, and it then updates the row the first wrote."""
    inserted = threading.Event()

    def first():
        with transaction.atomic():
            save_checkin(patient=patient, day=today, values={"stress": 2, "note": "first"})
            inserted.set()
            time.sleep(0.5)  # hold the uncommitted row while the second request runs

    def second():
        inserted.wait(timeout=10)
        save_checkin(patient=patient, day=today, values={"stress": 8, "note": "second"})

    assert run_in_threads(first, second) == []
    rows = list(Entry.objects.filter(patient=patient, day=today))
    assert len(rows) == 1
    assert (rows[0].stress, rows[0].note) == (8, "second")


def test_many_simultaneous_submissions_leave_one_row(patient, today):
    start = threading.Barrier(6)

    def submit(level):
        def run():
            start.wait(timeout=10)
            save_checkin(patient=patient, day=today, values={"stress": level})

        return run

    assert run_in_threads(*(submit(level) for level in range(6))) == []
    rows = list(Entry.objects.filter(patient=patient, day=today))
    assert len(rows) == 1
    assert rows[0].stress in range(6)
