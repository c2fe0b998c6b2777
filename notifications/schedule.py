"""The periodic jobs and the claim that keeps each slot to one run, however many schedulers.

Every job runs in fixed slots (every 5 minutes, every day at 06:00 UTC, ...), counted from a
Monday at midnight UTC. A scheduler (`manage.py run_scheduler`, one or many, on any servers
sharing the database) inserts a ScheduledRun row for the current slot of each job; the unique
(job, slot) constraint lets exactly one insert succeed, and only that one enqueues the task, in
the same transaction. A scheduler that was down misses the slots of that time (no catch-up): each
job looks at the present state (what is due now), so the next slot does the work.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications import tasks
from notifications.models import ScheduledRun

EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)  # a Monday


@dataclass(frozen=True)
class Job:
    name: str
    task: object
    every: datetime.timedelta
    offset: datetime.timedelta = datetime.timedelta(0)
    # How long after its slot starts a job may still be enqueued (None: any time in the slot).
    # A weekly digest first started on a Wednesday waits for Monday instead of going out then.
    window: datetime.timedelta | None = None

    def slot(self, now):
        """The start of the slot `now` falls in."""
        count = (now - EPOCH - self.offset) // self.every
        return EPOCH + self.offset + count * self.every

    def is_due(self, now):
        return self.window is None or now - self.slot(now) < self.window


MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

JOBS = [
    Job("publish_scheduled", tasks.publish_scheduled, every=MINUTE),
    Job("due_reminders", tasks.due_reminders, every=5 * MINUTE),
    # Mondays at 06:00 UTC: editors' weekly notice of lessons due for review (issue #19).
    Job("reviews_due", tasks.reviews_due, every=7 * DAY, offset=datetime.timedelta(hours=6), window=HOUR),
    # Mondays at 07:00 UTC.
    Job(
        "weekly_digests", tasks.weekly_digests, every=7 * DAY, offset=datetime.timedelta(hours=7), window=HOUR
    ),
    Job("housekeeping", tasks.housekeeping, every=DAY, offset=datetime.timedelta(hours=3)),
]


def enqueue_due(*, now=None, jobs=JOBS):
    """Claim the current slot of each job and enqueue the ones this call claimed (their names)."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs:
        if not job.is_due(now):
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, slot=job.slot(now))
                job.task.enqueue()
        except IntegrityError:
            continue  # another scheduler (or an earlier pass) has this slot
        enqueued.append(job.name)
    return enqueued
