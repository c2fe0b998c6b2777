"""The therapist workspace's own records: each therapist's attention thresholds, their private
session notes about a client, and the invitations they send to new clients."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from care import thresholds

MAX_SESSION_NOTE_LENGTH = 5000


def _between(field, bounds):
    low, high = bounds
    return Q(**{f"{field}__gte": low, f"{field}__lte": high})


class CareSettings(models.Model):
    """One therapist's adjustments of the "needs attention" thresholds (care.thresholds)."""

    therapist = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_settings"
    )
    quiet_days = models.PositiveSmallIntegerField(
        "days without a check-in",
        default=thresholds.DEFAULT_QUIET_DAYS,
        help_text="A client who has not checked in for this many days needs attention.",
    )
    stress_level = models.PositiveSmallIntegerField(
        "stress level (when the client has no stress goal)",
        default=thresholds.DEFAULT_STRESS_LEVEL,
        help_text=f"Stress at or above this on {thresholds.STRESS_HITS} of the last "
        f"{thresholds.STRESS_WINDOW} check-ins needs attention.",
    )
    sleep_nights = models.PositiveSmallIntegerField(
        "nights below the sleep goal, out of 7",
        default=thresholds.DEFAULT_SLEEP_NIGHTS,
        help_text="Sleep below the goal on this many of the last 7 nights needs attention.",
    )

    class Meta:
        verbose_name = "workspace settings"
        verbose_name_plural = "workspace settings"
        constraints = [
            models.CheckConstraint(
                condition=_between("quiet_days", thresholds.QUIET_DAYS_RANGE), name="care_settings_quiet_days"
            ),
            models.CheckConstraint(
                condition=_between("stress_level", thresholds.STRESS_LEVEL_RANGE),
                name="care_settings_stress_level",
            ),
            models.CheckConstraint(
                condition=_between("sleep_nights", thresholds.SLEEP_NIGHTS_RANGE),
                name="care_settings_sleep_nights",
            ),
        ]

    def __str__(self):
        return f"Workspace settings of {self.therapist}"


class SessionNoteQuerySet(models.QuerySet):
    def written_by(self, therapist):
        """The only way to read notes: a therapist sees the notes they wrote, no one else's."""
        return self.filter(author=therapist)


class SessionNote(models.Model):
    """A therapist's private note about a client (a session, a call): visible to its author
    only, never to the client's other therapists or to editors. Part of the client's data
    export and erased with their account (care/privacy.py)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_notes_written"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_notes_about"
    )
    day = models.DateField("date of the session", default=timezone.localdate)
    text = models.TextField(max_length=MAX_SESSION_NOTE_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-created_at"]
        verbose_name = "session note"
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="") & Q(LessThanOrEqual(Length("text"), MAX_SESSION_NOTE_LENGTH)),
                name="care_session_note_length",
            ),
            models.CheckConstraint(condition=~Q(author=F("client")), name="care_session_note_not_self"),
        ]
        indexes = [
            # The client page lists the author's notes about one client, newest first.
            models.Index(fields=["author", "client", "-day"], name="care_note_author_client"),
        ]

    def __str__(self):
        return f"Session note of {self.day:%d %b %Y}"


class InvitationState(models.TextChoices):
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


class InvitationQuerySet(models.QuerySet):
    def sent_by(self, therapist):
        return self.filter(therapist=therapist)


class Invitation(models.Model):
    """A therapist inviting someone by email to follow them as a client. The email's link is
    signed (care.invitations) and names this row and its `nonce`: re-sending draws a new nonce,
    so the earlier link stops working; accepting or withdrawing ends it for good."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    email = models.EmailField("client's email address")
    nonce = models.CharField(max_length=32)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = "invitation"
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("sent_at")), name="care_invitation_expires_later"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="care_invitation_accepted_or_withdrawn",
            ),
            models.CheckConstraint(condition=~Q(email=""), name="care_invitation_has_email"),
        ]

    def __str__(self):
        return f"Invitation to {self.email}"

    @property
    def state(self):
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.withdrawn_at:
            return InvitationState.WITHDRAWN
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.SENT

    @property
    def is_open(self):
        return self.state == InvitationState.SENT
