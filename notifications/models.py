"""Reminders and notices (issue #17): who wants which email, what was sent, what is unread.

ReminderSettings is one row per user, made on first save of the reminders page (no row: every
reminder off). SentReminder is the sent-log: its unique (recipient, kind, local date) is what
keeps a reminder single when the run is retried, or two schedulers or app servers run it.
OneTapUse records each one-tap check-in link used, so a link works once. Notice is the in-app
list on the dashboard. ScheduledRun is the scheduler's claim on one slot of one periodic job.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReminderSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    checkin_reminder = models.BooleanField("daily check-in reminder", default=False)
    reminder_time = models.TimeField("reminder time", default=datetime.time(19, 0))
    time_zone = models.CharField("time zone", max_length=64, default="Europe/London")
    assignment_reminders = models.BooleanField("reading due tomorrow or overdue", default=False)
    lesson_reminders = models.BooleanField("lesson started but not finished", default=False)
    lesson_reminder_days = models.PositiveSmallIntegerField("days before a lesson reminder", default=3)
    quiet_start = models.TimeField("quiet hours start", default=datetime.time(21, 0))
    quiet_end = models.TimeField("quiet hours end", default=datetime.time(8, 0))
    notice_emails = models.BooleanField("email me my notices", default=False)
    weekly_digest = models.BooleanField("weekly digest of my clients", default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user"]
        verbose_name = "reminder settings"
        verbose_name_plural = "reminder settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(lesson_reminder_days__gte=1, lesson_reminder_days__lte=30),
                name="notifications_remindersettings_lesson_days_1_to_30",
            ),
        ]

    def __str__(self):
        return f"Reminder settings of {self.user}"

    @property
    def any_reminder(self):
        return self.checkin_reminder or self.assignment_reminders or self.lesson_reminders


class ReminderKind(models.TextChoices):
    CHECKIN = "checkin", "Daily check-in"
    ASSIGNMENT_DUE = "assignment_due", "Reading due tomorrow"
    ASSIGNMENT_OVERDUE = "assignment_overdue", "Reading overdue"
    LESSON = "lesson", "Lesson not finished"
    DIGEST = "digest", "Weekly digest"
    REVIEW_DUE = "review_due", "Lesson reviews due"


class SentReminder(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_reminders", db_index=False
    )
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    # The day in the recipient's own time zone the reminder was for.
    local_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-local_date", "kind"]
        verbose_name = "sent reminder"
        constraints = [
            # Also the index of "anything sent to this user on this day?" (recipient first).
            models.UniqueConstraint(
                fields=["recipient", "local_date", "kind"], name="notifications_sentreminder_once_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient} on {self.local_date}"


class OneTapUse(models.Model):
    """A one-tap check-in link that was used: its key (one per email and question) is unique."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="one_tap_uses"
    )
    key = models.CharField(max_length=64)
    day = models.DateField()
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-used_at"]
        verbose_name = "one-tap link used"
        constraints = [models.UniqueConstraint(fields=["key"], name="notifications_onetapuse_single_use")]

    def __str__(self):
        return f"One-tap link of {self.patient} for {self.day}"


class NoticeKind(models.TextChoices):
    ASSIGNMENT = "assignment", "New reading"
    GOAL = "goal", "Goal set or changed"
    SHARING = "sharing", "Request to share"
    REVIEW_DUE = "review_due", "Lesson review due"


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", db_index=False
    )
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    # What happened, in words without health data ("Sam Lee asked you to read: Lesson 2").
    text = models.CharField(max_length=200)
    link = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        # The dashboard's list: a user's newest notices (and the cascade on erasure).
        indexes = [models.Index(fields=["recipient", "-created"], name="notifications_notice_recent")]

    def __str__(self):
        return self.text


class ScheduledRun(models.Model):
    """One periodic job's claim on one time slot: whichever scheduler inserts it enqueues the task."""

    job = models.CharField(max_length=50)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="notifications_scheduledrun_once")
        ]

    def __str__(self):
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M}"
