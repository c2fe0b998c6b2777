"""Therapists no longer link clients by typing an address here (that told them whether an account
used it): they invite (tests/care/test_invitations.py). Care links stay readable and endable."""

from django.urls import reverse

from accounts.models import CareRelationship

ADD = reverse("admin:accounts_carerelationship_add")


def test_therapists_cannot_add_a_link_by_email(therapist_admin, patient):
    assert therapist_admin.get(ADD).status_code == 403
    response = therapist_admin.post(ADD, {"client_email": patient.email, "started": "2026-11-01"})
    assert response.status_code == 403
    assert not CareRelationship.objects.exists()


def test_a_pending_link_is_not_listed_by_name(therapist_admin, care_link, patient):
    listing = therapist_admin.get(reverse("admin:accounts_carerelationship_changelist"))
    assert listing.status_code == 200
    assert patient.email not in listing.text
