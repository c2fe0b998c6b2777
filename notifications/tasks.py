"""The periodic tasks the scheduler enqueues (notifications.schedule). Each is idempotent: the
sent-log (reminders, digests, review notices) or the publishing rules (a lesson already
published is skipped) make a second run do nothing."""

import logging

from django_tasks import task

from education.publishing import publish_due
from notifications.digests import notify_reviews_due, send_weekly_digests
from notifications.reminders import send_due_reminders

logger = logging.getLogger(__name__)


@task()
def due_reminders():
    return send_due_reminders()


@task()
def weekly_digests():
    return send_weekly_digests()


@task()
def reviews_due():
    return notify_reviews_due()


@task()
def publish_scheduled():
    published, skipped = publish_due()
    for lesson, reason in skipped:
        logger.warning("scheduled publication of lesson_id=%s skipped: %s", lesson.pk, reason)
    return {"published": len(published), "skipped": len(skipped)}


@task()
def housekeeping():
    """Once a day: finished task rows after 14 days (failed ones after 60, so they can be read in
    the admin), and the scheduler's claims after 30 days."""
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from notifications.models import ScheduledRun

    call_command("prune_db_task_results", "--min-age-days=14", "--failed-min-age-days=60", verbosity=0)
    ScheduledRun.objects.filter(slot__lt=timezone.now() - datetime.timedelta(days=30)).delete()
