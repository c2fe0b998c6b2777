"""Patients' reminder emails: which are due, and sending each at most once a day.

`send_due_reminders()` runs every few minutes (notifications.tasks, from the scheduler). For each
patient who turned a reminder on it looks at their own clock (stored time zone): from their
reminder time on, outside their quiet hours, it gathers what is due today (the check-in when
today has none, a reading due tomorrow or overdue since yesterday, a lesson started N days ago and
not finished) into one email. The sent-log rows for those kinds are written in the same
transaction as the email is queued; their unique (recipient, local date, kind) constraint makes a
second run, a retry or a second scheduler find the day taken and send nothing.
"""

import datetime
import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from education.catalogue import catalogue
from education.dashboard import lesson_rows, patient_assignments
from education.models import LessonProgress
from notifications.links import one_tap_links
from notifications.models import ReminderKind, ReminderSettings, SentReminder
from notifications.notices import send_optional_email
from tracker.models import Entry

logger = logging.getLogger(__name__)


def in_quiet_hours(moment, start, end):
    """Whether the local time `moment` falls in quiet hours from `start` to `end` (may pass midnight)."""
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def patients_with_reminders():
    wants_one = Q(checkin_reminder=True) | Q(assignment_reminders=True) | Q(lesson_reminders=True)
    return ReminderSettings.objects.filter(wants_one, user__is_active=True, user__role=Role.PATIENT)


def send_due_reminders(*, now=None):
    """Queue today's reminder for every patient whose time has come; returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    for prefs in patients_with_reminders().select_related("user").order_by("pk"):
        if send_reminder(prefs, now=now):
            queued += 1
    return queued


def local_now(prefs, now):
    try:
        return now.astimezone(ZoneInfo(prefs.time_zone))
    except (ZoneInfoNotFoundError, ValueError):
        # The form refuses unknown zones; a zone dropped from the system's list falls back.
        return now.astimezone(ZoneInfo(settings.TIME_ZONE))


def due_items(prefs, today, now):
    """{kind: [words]} of what today's reminder is about (empty: nothing to send)."""
    user = prefs.user
    items = {}
    if prefs.checkin_reminder and not Entry.objects.filter(patient=user, day=today).exists():
        items[ReminderKind.CHECKIN] = ["Your check-in for today is waiting."]
    if prefs.assignment_reminders:
        rows = lesson_rows(user, catalogue())
        open_assignments = [a for a in patient_assignments(user, rows, today) if not a.is_done]
        due = [a for a in open_assignments if a.due_date == today + datetime.timedelta(days=1)]
        late = [a for a in open_assignments if a.due_date == today - datetime.timedelta(days=1)]
        if due:
            items[ReminderKind.ASSIGNMENT_DUE] = [f"Due tomorrow: {assignment_title(a)}" for a in due]
        if late:
            items[ReminderKind.ASSIGNMENT_OVERDUE] = [f"Due yesterday: {assignment_title(a)}" for a in late]
    if prefs.lesson_reminders:
        days = prefs.lesson_reminder_days
        started_before = now - datetime.timedelta(days=days)
        lessons = list(
            LessonProgress.objects.filter(
                user=user, completed_at__isnull=True, started_at__lte=started_before
            )
            .select_related("lesson")
            .order_by("started_at")
        )
        recently = SentReminder.objects.filter(
            recipient=user, kind=ReminderKind.LESSON, local_date__gt=today - datetime.timedelta(days=days)
        ).exists()
        if lessons and not recently:
            items[ReminderKind.LESSON] = [
                f"You started {p.lesson.title}: pick up where you left off." for p in lessons
            ]
    return items


def assignment_title(assignment):
    return assignment.lesson.title if assignment.lesson_id else assignment.series.title


def send_reminder(prefs, *, now):
    """Queue this patient's reminder for their today, once; True when one was queued."""
    local = local_now(prefs, now)
    today = local.date()
    if local.time() < prefs.reminder_time or in_quiet_hours(local.time(), prefs.quiet_start, prefs.quiet_end):
        return False
    # At most one reminder email a day, whatever it was about.
    if SentReminder.objects.filter(recipient=prefs.user, local_date=today).exists():
        return False
    items = due_items(prefs, today, now)
    if not items:
        return False
    user = prefs.user
    context = {
        "items": [line for lines in items.values() for line in lines],
        "one_tap": one_tap_links(patient_id=user.pk, day=today) if ReminderKind.CHECKIN in items else None,
        "checkin_url": settings.SITE_URL + reverse("tracker:checkin"),
        "settings_url": settings.SITE_URL + reverse("notifications:settings"),
    }
    try:
        with transaction.atomic():
            SentReminder.objects.bulk_create(
                [SentReminder(recipient=user, kind=kind, local_date=today) for kind in items]
            )
            send_optional_email(user, template="notifications/email/reminder", context=context)
    except IntegrityError:
        logger.info("reminder for user_id=%s on %s already sent", user.pk, today)
        return False
    return True
