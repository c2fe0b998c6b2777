"""The database task backend with a real worker: what `make run` and production do.

Unit tests run tasks at once (ImmediateBackend, tests/settings.py); here tasks are rows, and
`manage.py db_worker --batch` (bounded: it stops when the queue is empty, and after --max-tasks)
runs them in this process, so the locmem outbox shows what was sent."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from bonehealth.emails import send_templated_email
from notifications.models import ScheduledRun, SentReminder
from notifications.schedule import enqueue_due
from tests.factories import PatientFactory, ReminderSettingsFactory

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def run_worker(max_tasks=20):
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", f"--max-tasks={max_tasks}", verbosity=0
    )


def test_an_email_waits_in_the_queue_until_the_worker_sends_it(database_tasks):
    send_templated_email(
        to=["ada@example.com"],
        template="notifications/email/notice",
        context={
            "first_name": "Ada",
            "text": "A new reading",
            "link_url": "http://x/",
            "unsubscribe_url": "http://x/u/",
        },
    )
    row = DBTaskResult.objects.get()
    assert row.status == "READY"
    assert mail.outbox == []

    run_worker()

    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    (message,) = mail.outbox
    assert message.subject == "New on Bone health: A new reading"


def test_the_scheduler_and_worker_send_a_due_reminder_once(database_tasks):
    patient = PatientFactory(email="erin@example.com")
    ReminderSettingsFactory(
        user=patient,
        checkin_reminder=True,
        reminder_time=datetime.time(0, 0),
        quiet_start=datetime.time(0, 0),
        quiet_end=datetime.time(0, 0),
        time_zone="UTC",
    )
    assert "due_reminders" in enqueue_due()
    # A second scheduler (or pass) in the same slot enqueues nothing more.
    assert enqueue_due() == []
    run_worker()

    assert [m.to for m in mail.outbox] == [["erin@example.com"]]
    assert SentReminder.objects.filter(recipient=patient).count() == 1
    assert ScheduledRun.objects.filter(job="due_reminders").count() == 1
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()

    # The reminders job run again (a retry, another worker) sends nothing more.
    from notifications.tasks import due_reminders

    due_reminders.enqueue()
    run_worker()
    assert len(mail.outbox) == 1
