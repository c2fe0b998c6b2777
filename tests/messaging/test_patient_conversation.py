"""messaging.views.conversation and inbox: the patient's side of a conversation."""

import pytest
from django.urls import reverse

from accounts.models import CareRelationship
from messaging.models import MESSAGE_MAX_LENGTH, Conversation, Message
from tests.factories import ConversationFactory, MessageFactory, PatientFactory
from tests.messaging.conftest import revoke

pytestmark = pytest.mark.django_db


def url(conversation):
    return reverse("messaging:conversation", args=[conversation.pk])


def post(browser, conversation, body="Is walking enough?", token="a-token-of-16-chars", **extra):
    return browser.post(url(conversation), {"body": body, "token": token}, **extra)


def test_the_inbox_opens_the_one_conversation_with_my_therapist(patient_client, my_client, therapist):
    response = patient_client.get(reverse("messaging:inbox"))
    conversation = Conversation.objects.get(patient=my_client, therapist=therapist)
    assert response.status_code == 302
    assert response["Location"] == url(conversation)


def test_the_inbox_without_a_therapist_says_how_to_start(client):
    client.force_login(PatientFactory())
    response = client.get(reverse("messaging:inbox"))
    assert response.status_code == 200
    assert "once you share your progress" in response.text
    assert not Conversation.objects.exists()


def test_a_patient_sends_a_message_and_is_redirected(
    patient_client, conversation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(patient_client, conversation, body="Line one\nLine two")
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.body, message.from_patient, message.patient_id) == (
        "Line one\nLine two",
        True,
        conversation.patient_id,
    )
    page = patient_client.get(url(conversation)).text
    assert "Line one<br>Line two" in page
    assert "Not for emergencies" in page
    assert "within 2 working days" in page


def test_messages_are_shown_escaped(patient_client, conversation):
    MessageFactory(conversation=conversation, patient=conversation.patient, body="<script>x</script>")
    page = patient_client.get(url(conversation)).text
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_a_double_submit_stores_one_message(patient_client, conversation):
    post(patient_client, conversation)
    post(patient_client, conversation)
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Write your message"),
        ("   \n  ", "Write your message"),
        ("x" * (MESSAGE_MAX_LENGTH + 1), "too long"),
    ],
)
def test_an_empty_or_oversized_message_is_not_stored(patient_client, conversation, body, error):
    response = post(patient_client, conversation, body=body)
    assert response.status_code == 422
    assert error in response.text
    assert "Your message was not sent" in response.text
    assert not Message.objects.exists()


def test_a_missing_token_is_an_error_not_a_500(patient_client, conversation):
    response = patient_client.post(url(conversation), {"body": "Hello"})
    assert response.status_code == 422
    assert "Hello" in response.text
    assert not Message.objects.exists()


def test_another_patients_conversation_is_a_404(patient_client):
    theirs = ConversationFactory()
    assert patient_client.get(url(theirs)).status_code == 404
    assert post(patient_client, theirs).status_code == 404
    assert not Message.objects.exists()


def test_a_made_up_id_is_a_404(patient_client):
    assert patient_client.get("/messages/999999/").status_code == 404


def test_the_wrong_method_is_a_405(patient_client, conversation):
    assert patient_client.put(url(conversation)).status_code == 405
    assert patient_client.post(reverse("messaging:inbox")).status_code == 405


def test_staff_are_sent_to_the_admin(therapist_admin, conversation):
    assert therapist_admin.get(url(conversation))["Location"] == reverse("admin:index")


def test_after_revoking_consent_the_patient_keeps_a_read_only_copy(patient_client, conversation, therapist):
    MessageFactory(conversation=conversation, patient=conversation.patient, body="Kept copy")
    revoke(conversation.patient, therapist)
    page = patient_client.get(url(conversation)).text
    assert "Kept copy" in page
    assert "cannot send messages here" in page
    assert 'name="body"' not in page
    assert post(patient_client, conversation).status_code == 302
    assert Message.objects.count() == 1


def test_after_the_care_link_ended_the_patient_cannot_write(patient_client, conversation, therapist):
    link = CareRelationship.objects.get(client=conversation.patient, therapist=therapist)
    link.started = link.started.replace(year=link.started.year - 1)
    link.ended = link.started
    link.save()
    post(patient_client, conversation)
    assert not Message.objects.exists()


def test_htmx_post_returns_the_thread_in_place(patient_client, conversation):
    response = post(patient_client, conversation, body="In place", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="thread">')
    assert "In place" in response.text
    assert "<html" not in response.text
    assert Message.objects.count() == 1


def test_htmx_poll_returns_the_message_list_and_marks_the_therapists_replies_read(
    patient_client, conversation
):
    reply = MessageFactory(
        conversation=conversation, patient=conversation.patient, from_patient=False, body="Reply"
    )
    response = patient_client.get(url(conversation), HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith('<div id="messages"')
    assert 'hx-trigger="messages-poll"' in response.text
    assert "Reply" in response.text
    reply.refresh_from_db()
    assert reply.read_at is not None


def test_newest_first_and_paginated(patient_client, conversation):
    for n in range(25):
        MessageFactory(conversation=conversation, patient=conversation.patient, body=f"Number {n:02d}")
    first = patient_client.get(url(conversation)).text
    assert first.index("Number 24") < first.index("Number 23")
    assert "Number 04" not in first
    assert "Number 04" in patient_client.get(url(conversation) + "?page=2").text


@pytest.mark.parametrize("count", [10, 1000])
def test_query_count_does_not_grow_with_messages(
    patient_client, conversation, count, django_assert_num_queries
):
    MessageFactory.create_batch(count, conversation=conversation, patient=conversation.patient)
    with django_assert_num_queries(QUERIES):
        patient_client.get(url(conversation))


QUERIES = 7
