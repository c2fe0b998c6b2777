"""messaging.therapist_views: a therapist reads and answers a client's messages in the workspace."""

import pytest
from django.urls import reverse

from accounts.models import AccessAction, AccessLog, CareRelationship
from messaging.models import Conversation, Message
from tests.factories import MessageFactory
from tests.messaging.conftest import revoke

pytestmark = pytest.mark.django_db


def url(client):
    return reverse("admin:messaging_client_conversation", args=[client.pk])


def test_the_therapist_reads_the_clients_message_and_it_is_logged(therapist_admin, conversation, my_client):
    message = MessageFactory(conversation=conversation, patient=my_client, body="Why did my answer fail?")
    response = therapist_admin.get(url(my_client))
    assert response.status_code == 200
    assert "Why did my answer fail?" in response.text
    message.refresh_from_db()
    assert message.read_at is not None
    log = AccessLog.objects.get()
    assert (log.client_id, log.action) == (my_client.pk, AccessAction.VIEW)


def test_the_therapist_replies(therapist_admin, conversation, my_client):
    response = therapist_admin.post(
        url(my_client), {"body": "Good question.", "token": "reply-token-0000001"}
    )
    assert response.status_code == 302
    reply = Message.objects.get()
    assert (reply.from_patient, reply.body, reply.patient_id) == (False, "Good question.", my_client.pk)


def test_an_empty_reply_is_not_stored(therapist_admin, conversation, my_client):
    response = therapist_admin.post(url(my_client), {"body": "", "token": "reply-token-0000001"})
    assert response.status_code == 422
    assert "Write your message" in response.text
    assert not Message.objects.exists()


def test_the_therapist_marks_the_conversation_handled(therapist_admin, conversation, my_client):
    response = therapist_admin.post(
        reverse("admin:messaging_client_handled", args=[my_client.pk]), {"handled": "1"}
    )
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.handled
    assert (
        therapist_admin.get(reverse("admin:messaging_client_handled", args=[my_client.pk])).status_code == 405
    )


def test_a_new_message_from_the_client_needs_the_therapist_again(patient_client, conversation):
    Conversation.objects.filter(pk=conversation.pk).update(handled=True)
    patient_client.post(
        reverse("messaging:conversation", args=[conversation.pk]), {"body": "One more", "token": "x" * 20}
    )
    conversation.refresh_from_db()
    assert not conversation.handled


def test_the_therapist_sets_the_expected_reply_time(therapist_admin, patient_client, conversation, my_client):
    therapist_admin.post(url(my_client), {"reply_time": "within a week"})
    conversation.refresh_from_db()
    assert conversation.reply_time == "within a week"
    assert "usually replies within a week" in patient_client.get(conversation.get_absolute_url()).text


def test_another_therapist_never_sees_the_conversation(other_therapist_admin, conversation, my_client):
    MessageFactory(conversation=conversation, patient=my_client)
    assert other_therapist_admin.get(url(my_client)).status_code == 404
    assert other_therapist_admin.post(url(my_client), {"body": "x", "token": "y" * 20}).status_code == 404
    assert Message.objects.count() == 1
    assert Conversation.objects.count() == 1


def test_after_revoked_consent_the_therapist_gets_a_404(therapist_admin, conversation, my_client, therapist):
    revoke(my_client, therapist)
    assert therapist_admin.get(url(my_client)).status_code == 404
    assert not AccessLog.objects.exists()


def test_after_the_care_link_ended_the_therapist_gets_a_404(
    therapist_admin, conversation, my_client, therapist
):
    link = CareRelationship.objects.get(client=my_client, therapist=therapist)
    link.started = link.started.replace(year=link.started.year - 1)
    link.ended = link.started
    link.save()
    assert therapist_admin.get(url(my_client)).status_code == 404


def test_a_made_up_client_id_is_a_404(therapist_admin):
    assert therapist_admin.get("/admin/care/clients/999999/messages/").status_code == 404


def test_the_client_page_links_to_the_messages(therapist_admin, my_client):
    page = therapist_admin.get(reverse("admin:care_client", args=[my_client.pk])).text
    assert url(my_client) in page


def test_the_wrong_method_is_a_405(therapist_admin, my_client):
    assert therapist_admin.put(url(my_client)).status_code == 405


@pytest.mark.parametrize("count", [10, 1000])
def test_query_count_does_not_grow_with_messages(
    therapist_admin, conversation, my_client, count, django_assert_num_queries
):
    MessageFactory.create_batch(count, conversation=conversation, patient=my_client)
    therapist_admin.get(url(my_client))  # the session's first admin request may do more
    with django_assert_num_queries(QUERIES):
        therapist_admin.get(url(my_client))


QUERIES = 11
