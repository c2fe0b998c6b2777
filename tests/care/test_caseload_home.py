"""The caseload home: what a therapist sees after logging in to the admin."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import CareRelationshipFactory, EntryFactory, PatientFactory

HOME = reverse("admin:index")


def test_a_therapist_lands_on_their_caseload_with_who_needs_attention_and_why(therapist_admin, my_client):
    EntryFactory(patient=my_client, day=timezone.localdate() - datetime.timedelta(days=5))
    response = therapist_admin.get(HOME)
    assert response.status_code == 200
    assert "Your caseload" in response.text
    assert "Who may need attention" in response.text
    assert "Pat Client" in response.text
    assert "No check-in for 5 days" in response.text
    assert "(since " in response.text
    assert reverse("admin:care_client", args=[my_client.pk]) in response.text


def test_the_workspace_home_has_its_own_address_too(therapist_admin, my_client):
    assert therapist_admin.get(reverse("admin:care_home")).status_code == 200


def test_counts_and_recent_checkins(therapist_admin, my_client):
    EntryFactory(patient=my_client, day=timezone.localdate())
    response = therapist_admin.get(HOME)
    assert response.context["client_count"] == 1
    assert response.context["active_this_week"] == 1
    assert "Pat Client</a> checked in on" in response.text


def test_pending_consent_is_listed_by_email_only(therapist_admin, therapist):
    pending = PatientFactory(full_name="Secret Name", email="waiting@example.com")
    CareRelationshipFactory(therapist=therapist, client=pending)
    response = therapist_admin.get(HOME)
    assert "waiting@example.com" in response.text
    assert "Secret Name" not in response.text


def test_another_therapists_clients_never_appear(therapist_admin, my_client, their_client):
    EntryFactory(patient=their_client, day=timezone.localdate() - datetime.timedelta(days=9))
    response = therapist_admin.get(HOME)
    assert "Robin Other" not in response.text
    assert their_client.email not in response.text


def test_editors_keep_the_admin_index(editor_admin):
    response = editor_admin.get(HOME)
    assert response.status_code == 200
    assert "Your caseload" not in response.text
    assert editor_admin.get(reverse("admin:care_home")).status_code == 403


def test_post_is_not_allowed(therapist_admin):
    assert therapist_admin.post(reverse("admin:care_home")).status_code == 405
