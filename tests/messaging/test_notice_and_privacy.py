"""The email notice of a new message (messaging.tasks) and messages as personal data."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.privacy import erase_user, export_user_data
from messaging.models import Conversation, Message
from messaging.tasks import notify_if_unread
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_a_new_message_emails_the_therapist_without_its_content(
    patient_client, conversation, therapist, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        patient_client.post(
            conversation.get_absolute_url(), {"body": "My hip hurts when I lift", "token": "t" * 20}
        )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [therapist.email]
    assert email.subject.strip() == "You have a new message"
    assert reverse("admin:messaging_client_conversation", args=[conversation.patient_id]) in email.body
    assert "hip" not in email.body and "hip" not in email.subject
    assert all("hip" not in content for content, _ in getattr(email, "alternatives", []))


def test_a_reply_emails_the_patient_a_link_to_the_conversation(conversation):
    reply = MessageFactory(
        conversation=conversation, patient=conversation.patient, from_patient=False, body="Secret"
    )
    assert notify_if_unread.call(message_id=reply.pk) == "sent"
    assert mail.outbox[0].to == [conversation.patient.email]
    assert conversation.get_absolute_url() in mail.outbox[0].body
    assert "Secret" not in mail.outbox[0].body


def test_no_email_once_the_message_was_read(conversation):
    message = MessageFactory(conversation=conversation, patient=conversation.patient, read_at=timezone.now())
    assert notify_if_unread.call(message_id=message.pk) == "read or gone"
    assert not mail.outbox


def test_the_patients_export_holds_their_messages(conversation):
    MessageFactory(conversation=conversation, patient=conversation.patient, body="Exported words")
    MessageFactory(conversation=conversation, patient=conversation.patient, from_patient=False, body="Reply")
    data = export_user_data(conversation.patient)
    assert sorted(row["body"] for row in data["messages"]) == ["Exported words", "Reply"]
    assert data["conversations"][0]["therapist__full_name"] == conversation.therapist.full_name


def test_erasure_deletes_the_messages_and_keeps_an_empty_conversation_record(conversation, therapist):
    MessageFactory(conversation=conversation, patient=conversation.patient, body="Gone")
    erase_user(conversation.patient)
    assert not Message.objects.exists()
    kept = Conversation.objects.get()
    assert (kept.patient_id, kept.therapist_id) == (None, therapist.pk)
