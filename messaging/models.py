"""Secure messages (issue #20): one conversation per care relationship (a patient and their
therapist), holding plain-text messages from either side."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse

MESSAGE_MAX_LENGTH = 2000
DEFAULT_REPLY_TIME = "within 2 working days"


class Conversation(models.Model):
    """The messages between one patient and one therapist. `patient` is NULL once the patient
    erased their account: the therapist keeps a record that a conversation existed, without its
    content (the messages go with the account; docs/SECURITY.md)."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="conversations"
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_conversations"
    )
    reply_time = models.CharField(
        "expected reply time",
        max_length=80,
        default=DEFAULT_REPLY_TIME,
        help_text="Shown to the client beside the message box, e.g. “within 2 working days”.",
    )
    handled = models.BooleanField(default=False, help_text="The therapist has dealt with the last message.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "pk"]
        verbose_name = "conversation"
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "therapist"], name="messaging_one_conversation_per_care_link"
            ),
            models.CheckConstraint(
                condition=~Q(patient=models.F("therapist")), name="messaging_not_with_self"
            ),
        ]

    def __str__(self):
        return f"Conversation {self.pk}"

    def get_absolute_url(self):
        return reverse("messaging:conversation", args=[self.pk])


class Message(models.Model):
    """One message. `patient` repeats the conversation's patient so the message goes with the
    patient's account on erasure (accounts.privacy), whoever wrote it."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    from_patient = models.BooleanField()
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    # What the patient asked about ("Ask my therapist about this"): lesson and section, or the
    # question and the answer chosen; plain text, quoted above the message.
    context = models.CharField(max_length=500, blank=True)
    # The form's one-time token: a double submit stores one message.
    token = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "message"
        constraints = [
            models.UniqueConstraint(fields=["conversation", "token"], name="messaging_message_token_once"),
            models.CheckConstraint(
                condition=Q(GreaterThanOrEqual(Length("body"), 1))
                & Q(LessThanOrEqual(Length("body"), MESSAGE_MAX_LENGTH)),
                name="messaging_message_body_length",
            ),
        ]
        indexes = [
            # The conversation page: newest first, one conversation (and its unread count).
            models.Index(fields=["conversation", "-created_at"], name="messaging_msg_conv_created"),
        ]

    def __str__(self):
        return f"Message {self.pk}"
