"""Secure messages as personal data (accounts.privacy finds this module; issue #20).

The patient's export holds every message of their conversations (both sides). On erasure the
messages are deleted with the account (Message.patient), and the conversation row stays with
its patient set to NULL: the therapist keeps a record that a conversation existed, without its
content (docs/SECURITY.md, "Secure messages")."""

from accounts.privacy import ANONYMISE, register

register(
    "messaging.Message",
    "patient",
    section="messages",
    fields=["id", "conversation_id", "from_patient", "context", "body", "created_at", "read_at"],
)
register(
    "messaging.Conversation",
    "patient",
    section="conversations",
    fields=["id", "therapist__full_name", "created_at", "last_message_at"],
    erase=ANONYMISE,
)
register(
    "messaging.Conversation",
    "therapist",
    section="client_conversations",
    fields=["id", "patient_id", "reply_time", "handled", "created_at", "last_message_at"],
)
