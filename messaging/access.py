"""The scoped fetches (one per side), issue #20.

A patient reaches their own conversations, always (after revoking consent or the end of the care
link they keep their copy, read-only). A therapist reaches a conversation only while the patient
is one of `User.objects.clients_of(therapist)` (active care link and active consent); otherwise,
like every id outside their scope, a 404.
"""

from django.http import Http404

from accounts.models import User
from messaging.models import Conversation


def get_conversation_for_patient(request, conversation_id):
    """One of the patient's own conversations, or a 404."""
    conversation = (
        Conversation.objects.filter(patient=request.user, pk=conversation_id)
        .select_related("therapist")
        .first()
    )
    if conversation is None:
        raise Http404("No such conversation.")
    return conversation


def patient_may_write(conversation):
    """Writing needs the care link and the consent to share to be active, as reading does for
    the therapist."""
    return User.objects.clients_of(conversation.therapist).filter(pk=conversation.patient_id).exists()


def get_client_conversation_for_therapist(request, client_id):
    """(client, conversation) for one of the therapist's clients, or a 404. The conversation
    is made on first use (one per care relationship; the unique constraint keeps it one)."""
    from care.access import get_client_for_therapist
    from messaging.services import conversation_between

    client = get_client_for_therapist(request, client_id)
    return client, conversation_between(patient=client, therapist=request.user)
