"""Private session notes: visible to their author only, editable by them, in the client's data
export and erased with the client's account."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.privacy import erase_user, export_user_data
from care.models import MAX_SESSION_NOTE_LENGTH, SessionNote
from tests.admin.conftest import make_client_of


def add_url(client):
    return reverse("admin:care_client_note_add", args=[client.pk])


def test_writing_a_note_comes_back_to_the_client(therapist_admin, therapist, my_client):
    response = therapist_admin.post(add_url(my_client), {"day": "2026-11-30", "text": "Talked about sleep."})
    assert response["Location"] == reverse("admin:care_client", args=[my_client.pk])
    note = SessionNote.objects.get()
    assert (note.author, note.client, note.text, str(note.day)) == (
        therapist,
        my_client,
        "Talked about sleep.",
        "2026-11-30",
    )
    assert "Talked about sleep." in therapist_admin.get(response["Location"]).text


def test_an_oversized_or_empty_note_is_refused_with_a_message_and_the_text_kept(therapist_admin, my_client):
    long = "x" * (MAX_SESSION_NOTE_LENGTH + 1)
    response = therapist_admin.post(add_url(my_client), {"day": "2026-11-30", "text": long})
    assert response.status_code == 422
    assert "A note can be up to 5,000 characters" in response.text
    assert long in response.text
    response = therapist_admin.post(add_url(my_client), {"day": "not a date", "text": ""})
    assert response.status_code == 422
    assert not SessionNote.objects.exists()


@pytest.fixture
def shared_client(therapist, other_therapist, my_client):
    """`my_client`, also a client of `other_therapist`."""
    from accounts.models import SHARING_WORDING_VERSION, SharingConsent
    from tests.factories import CareRelationshipFactory

    CareRelationshipFactory(therapist=other_therapist, client=my_client)
    SharingConsent.objects.create(
        patient=my_client, therapist=other_therapist, wording_version=SHARING_WORDING_VERSION
    )
    return my_client


def test_another_therapist_of_the_same_client_sees_none_of_my_notes(
    therapist, shared_client, other_therapist_admin
):
    note = SessionNote.objects.create(author=therapist, client=shared_client, text="Mine only.")
    page = other_therapist_admin.get(reverse("admin:care_client", args=[shared_client.pk]))
    assert page.status_code == 200
    assert "Mine only." not in page.text
    assert other_therapist_admin.get(reverse("admin:care_note_edit", args=[note.pk])).status_code == 404
    response = other_therapist_admin.post(
        reverse("admin:care_note_edit", args=[note.pk]), {"day": "2026-11-30", "text": "Changed"}
    )
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.text == "Mine only."


def test_editors_cannot_read_notes(editor_admin, therapist, my_client):
    note = SessionNote.objects.create(author=therapist, client=my_client, text="Private.")
    assert editor_admin.get(reverse("admin:care_note_edit", args=[note.pk])).status_code == 403
    assert editor_admin.get(reverse("admin:care_client", args=[my_client.pk])).status_code == 403


def test_the_author_edits_their_note(therapist_admin, therapist, my_client):
    note = SessionNote.objects.create(author=therapist, client=my_client, text="First draft.")
    url = reverse("admin:care_note_edit", args=[note.pk])
    assert "First draft." in therapist_admin.get(url).text
    response = therapist_admin.post(url, {"day": "2026-11-29", "text": "Second draft."})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Second draft."
    assert therapist_admin.put(url).status_code == 405


def test_a_note_about_a_client_who_stopped_sharing_is_out_of_reach(therapist_admin, therapist, my_client):
    note = SessionNote.objects.create(author=therapist, client=my_client, text="Before.")
    my_client.sharing_consents.update(revoked_at=timezone.now())
    assert therapist_admin.get(reverse("admin:care_note_edit", args=[note.pk])).status_code == 404


def test_notes_are_in_the_clients_export_and_go_with_their_account(therapist, my_client):
    SessionNote.objects.create(author=therapist, client=my_client, text="Exported note.")
    data = export_user_data(my_client)
    assert [row["text"] for row in data["session_notes_about_me"]] == ["Exported note."]
    erase_user(my_client)
    assert not SessionNote.objects.exists()


def test_an_erased_therapists_notes_go_too(therapist, my_client):
    SessionNote.objects.create(author=therapist, client=my_client, text="Gone.")
    assert "text" not in export_user_data(therapist)["session_notes_written"][0]
    erase_user(therapist)
    assert not SessionNote.objects.exists()


def test_two_clients_notes_stay_apart(therapist_admin, therapist, my_client):
    second = make_client_of(therapist, full_name="Sam Second")
    SessionNote.objects.create(author=therapist, client=second, text="About Sam.")
    assert "About Sam." not in therapist_admin.get(reverse("admin:care_client", args=[my_client.pk])).text
