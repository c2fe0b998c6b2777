"""Two data sets, built once for the module: a week of data and a year of it.

`week`: 4 patients with 7 daily check-ins each, one therapist with 4 clients.
`year`: 50 patients with 365 daily check-ins each, one therapist with 50 clients.
Both have the same lesson progress for the patient the tests use (every lesson completed),
so a page's query count can only differ with the amount of data.

The rows live in one transaction around the module (like Django's setUpTestData) and are
rolled back at the end, so other test modules never see them.
"""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench import dataset

TRANSACTION_CONTROL = re.compile(r"^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b")


class Size:
    """One data set and the users the tests act as."""

    def __init__(self, name, data):
        from accounts.models import User

        self.name = name
        self.data = data
        done_all = min(len(data.lesson_slugs), len(data.patient_ids) - 1)
        self.patient = User.objects.get(pk=data.patient_ids[done_all])
        self.therapist = User.objects.get(pk=data.therapist_ids[0])
        self.client_id = data.clients[self.therapist.pk][done_all]
        self.lesson_slug = data.lesson_slugs[1]
        self.open_questions = [q for q in data.open_questions if q[0] == self.patient.pk]


@pytest.fixture(scope="module")
def sizes(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            week = dataset.build(
                patients=4, therapists=1, clients_per_therapist=4, days=7, week_patients=0, prefix="w"
            )
            year = dataset.build(
                patients=50, therapists=1, clients_per_therapist=50, days=365, week_patients=0, prefix="y"
            )
            yield {"week": Size("week", week), "year": Size("year", year)}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def count_queries(request_function):
    """Run one request; return (statements that do work, response). BEGIN, COMMIT and SAVEPOINT
    are left out of the count, as in the benchmark."""
    with CaptureQueriesContext(connection) as queries:
        response = request_function()
    statements = [q["sql"] for q in queries.captured_queries]
    return sum(1 for sql in statements if not TRANSACTION_CONTROL.match(sql)), response
