"""The writes of secure messages, each in one transaction (issue #20)."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from messaging.models import Conversation, Message

# The email notice waits this long, and goes only if the message is still unread by then.
NOTICE_DELAY = timedelta(minutes=10)


def conversation_between(*, patient, therapist):
    """The one conversation of a care relationship (made on first use). The caller has checked
    scope (messaging.access)."""
    try:
        with transaction.atomic():
            conversation, _ = Conversation.objects.get_or_create(patient=patient, therapist=therapist)
    except IntegrityError:  # two first requests at once: the other one made it
        conversation = Conversation.objects.get(patient=patient, therapist=therapist)
    return conversation


def send_message(*, conversation, from_patient, body, token, context=""):
    """Store one message and queue its email notice; a second submit with the same form token
    stores nothing and returns the first message. Returns (message, created)."""
    with transaction.atomic():
        existing = Message.objects.filter(conversation=conversation, token=token).first()
        if existing is not None:
            return existing, False
        message = Message.objects.create(
            conversation=conversation,
            patient_id=conversation.patient_id,
            from_patient=from_patient,
            body=body,
            token=token,
            context=context,
        )
        # A new message from the patient needs the therapist again; the therapist's reply does not.
        Conversation.objects.filter(pk=conversation.pk).update(
            last_message_at=message.created_at, **({"handled": False} if from_patient else {})
        )
        transaction.on_commit(lambda: queue_notice(message))
    return message, True


def queue_notice(message):
    from messaging.tasks import notify_if_unread

    task = notify_if_unread
    if task.get_backend().supports_defer:  # the database queue; tests run tasks at once
        task = task.using(run_after=timezone.now() + NOTICE_DELAY)
    task.enqueue(message_id=message.pk)


def mark_read(*, conversation, reader_is_patient):
    """Mark the other side's messages as read (one UPDATE)."""
    return Message.objects.filter(
        conversation=conversation, from_patient=not reader_is_patient, read_at__isnull=True
    ).update(read_at=timezone.now())


def set_handled(*, conversation, handled):
    Conversation.objects.filter(pk=conversation.pk).update(handled=handled)
    conversation.handled = handled


def notice_link(message):
    """Where the notice's link goes: the reader's side of the conversation."""
    if message.from_patient:
        return reverse("admin:messaging_client_conversation", args=[message.patient_id])
    return reverse("messaging:conversation", args=[message.conversation_id])
