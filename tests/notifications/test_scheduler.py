import datetime

import pytest
from django.core.management import call_command

from notifications.models import ScheduledRun
from notifications.schedule import JOBS, Job, enqueue_due

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


class FakeTask:
    def __init__(self):
        self.calls = 0

    def enqueue(self):
        self.calls += 1


def test_each_slot_is_enqueued_once_however_many_schedulers():
    task = FakeTask()
    job = Job("probe", task, every=datetime.timedelta(minutes=5))
    now = datetime.datetime(2026, 3, 10, 9, 2, tzinfo=UTC)
    assert enqueue_due(now=now, jobs=[job]) == ["probe"]
    assert enqueue_due(now=now + datetime.timedelta(minutes=2), jobs=[job]) == []  # same slot
    assert task.calls == 1
    assert enqueue_due(now=now + datetime.timedelta(minutes=3), jobs=[job]) == ["probe"]  # 09:05
    assert list(ScheduledRun.objects.order_by("slot").values_list("slot", flat=True)) == [
        datetime.datetime(2026, 3, 10, 9, 0, tzinfo=UTC),
        datetime.datetime(2026, 3, 10, 9, 5, tzinfo=UTC),
    ]


def test_the_weekly_digest_goes_on_monday_morning_not_when_a_scheduler_first_starts():
    digest = next(job for job in JOBS if job.name == "weekly_digests")
    monday = datetime.datetime(2026, 3, 9, 7, 10, tzinfo=UTC)
    assert monday.weekday() == 0
    assert digest.slot(monday) == datetime.datetime(2026, 3, 9, 7, 0, tzinfo=UTC)
    assert digest.is_due(monday)
    assert not digest.is_due(monday + datetime.timedelta(days=2))


def test_a_failing_enqueue_leaves_the_slot_free_for_the_next_pass():
    class Broken:
        def enqueue(self):
            raise RuntimeError("queue unavailable")

    job = Job("broken", Broken(), every=datetime.timedelta(minutes=1))
    with pytest.raises(RuntimeError):
        enqueue_due(jobs=[job])
    assert not ScheduledRun.objects.exists()


def test_the_command_runs_once_and_enqueues_the_publication_job(capsys):
    call_command("run_scheduler", "--once")
    assert "Enqueued publish_scheduled." in capsys.readouterr().out
    assert ScheduledRun.objects.filter(job="publish_scheduled").count() == 1


def test_scheduled_publication_runs_as_a_task():
    from django.utils import timezone

    from notifications.tasks import publish_scheduled
    from tests.admin.review_helpers import approved
    from tests.factories import LessonFactory

    # Publishing needs a clinical reviewer's approval (issue #19), scheduled or not.
    due = timezone.now() - datetime.timedelta(minutes=1)
    lesson = approved(LessonFactory(status="draft", publish_at=due))
    result = publish_scheduled.enqueue()
    assert result.return_value["published"] == 1
    lesson.refresh_from_db()
    assert lesson.status == "published"
