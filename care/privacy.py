"""The workspace's personal data (accounts.privacy finds this module): a client's private
session notes are theirs to export and go with their account; invitations are the sending
therapist's records, and say who accepted them."""

from accounts.privacy import ANONYMISE, register

register(
    "care.SessionNote",
    "client",
    section="session_notes_about_me",
    fields=["id", "author__full_name", "day", "text", "created_at", "updated_at"],
)
register(
    "care.SessionNote",
    "author",
    section="session_notes_written",
    fields=["id", "client_id", "day", "created_at", "updated_at"],
)
register("care.CareSettings", "therapist", section="workspace_settings")
register(
    "care.Invitation",
    "therapist",
    section="invitations_sent",
    fields=["id", "email", "sent_at", "expires_at", "accepted_at", "withdrawn_at"],
)
register(
    "care.Invitation",
    "accepted_by",
    section="invitations_accepted",
    fields=["id", "therapist__full_name", "accepted_at"],
    erase=ANONYMISE,
)
