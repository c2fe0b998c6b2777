"""`make run`'s SQLite under a few parallel requests: never "database is locked" (issue #15).

Five patients check in and save their reading place at the same moment, again and again, against
gunicorn (threads and two processes) on a file SQLite database with the production settings'
options (bonehealth.settings.sqlite_options: WAL, BEGIN IMMEDIATE, a busy timeout). Before them,
23% of such POSTs answered 500 in about 0.3 s.

SQLite only: it copies the test's SQLite database to a file (the schema and this test's rows).
"""

import sqlite3
import threading

import pytest
from django.db import connection
from django.utils import timezone

from tests.education.lesson_builders import build_lesson
from tests.factories import PatientFactory
from tests.faults.servers import Client, Gunicorn, set_password

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="about SQLite's locking: the PostgreSQL pass has no SQLite database to copy; "
    "CI's SQLite pass runs it",
)

PATIENTS = 5
ROUNDS = 4


@pytest.fixture
def file_database(transactional_db, tmp_path):
    emails = []
    for n in range(PATIENTS):
        patient = PatientFactory(email=f"patient{n}@example.com", password=None)
        set_password(patient)
        emails.append(patient.email)
    lesson = build_lesson(sections=ROUNDS)
    path = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return path, emails, lesson


def test_parallel_checkins_and_reading_progress_never_fail(file_database, tmp_path):
    path, emails, lesson = file_database
    server = Gunicorn(
        {"DATABASE_URL": f"sqlite:///{path}"}, workers=2, threads=4, log_path=tmp_path / "gunicorn.log"
    )
    try:
        clients = []
        for email in emails:
            client = Client(server.port, timeout=30)
            client.log_in(email)
            clients.append(client)
        anchors = list(lesson.sections.order_by("order").values_list("anchor", flat=True))
        statuses, start = [], threading.Barrier(PATIENTS)

        def patient_at_work(client):
            start.wait()
            for n in range(ROUNDS):
                fields = {"day": timezone.localdate().isoformat(), "sleep_hours": str(6 + n), "stress": "3"}
                statuses.append(client.post_form("/tracker/check-in/", "/tracker/check-in/", fields)[0])
                lesson_path = f"/lessons/{lesson.slug}/"
                progress = {"section": anchors[n]}
                statuses.append(client.post_form(lesson_path, f"{lesson_path}progress/", progress)[0])

        threads = [threading.Thread(target=patient_at_work, args=(client,)) for client in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        log = server.log_text()
    finally:
        server.stop()
    assert len(statuses) == PATIENTS * ROUNDS * 2
    assert set(statuses) == {302}, f"{statuses}\n{log[-3000:]}"
    assert "database is locked" not in log
