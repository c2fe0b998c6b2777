"""A therapist links a client by email; the link shows only once the patient consents."""

from django.urls import reverse

from accounts.models import SHARING_WORDING_VERSION, CareRelationship, SharingConsent
from tests.factories import PatientFactory

ADD = reverse("admin:accounts_carerelationship_add")


def test_add_form_asks_for_an_email_not_a_list_of_patients(therapist_admin, patient, other_patient):
    response = therapist_admin.get(ADD)
    assert response.status_code == 200
    assert "client_email" in response.text
    assert patient.email not in response.text
    assert other_patient.email not in response.text


def test_linking_by_email_creates_a_pending_link(therapist_admin, therapist, patient):
    response = therapist_admin.post(ADD, {"client_email": "ADA@example.com", "started": "2026-11-01"})
    assert response.status_code == 302
    link = CareRelationship.objects.get()
    assert (link.therapist, link.client) == (therapist, patient)
    # Not visible until the patient consents.
    listing = therapist_admin.get(reverse("admin:accounts_carerelationship_changelist"))
    assert patient.email not in listing.text
    assert therapist_admin.get(reverse("admin:accounts_client_change", args=[patient.pk])).status_code == 404

    SharingConsent.objects.create(
        patient=patient, therapist=therapist, wording_version=SHARING_WORDING_VERSION
    )
    assert therapist_admin.get(reverse("admin:accounts_client_change", args=[patient.pk])).status_code == 200


def test_unknown_email_and_staff_email_are_refused(therapist_admin, other_therapist):
    for email in ["nobody@example.com", other_therapist.email]:
        response = therapist_admin.post(ADD, {"client_email": email, "started": "2026-11-01"})
        assert response.status_code == 200
        assert "No patient account uses this email address." in response.text
    assert not CareRelationship.objects.exists()


def test_linking_twice_is_refused(therapist_admin, care_link, patient):
    response = therapist_admin.post(ADD, {"client_email": patient.email, "started": "2026-11-01"})
    assert "already linked" in response.text
    assert CareRelationship.objects.count() == 1


def test_therapist_cannot_link_someone_else_as_therapist(therapist_admin, therapist, other_therapist):
    client_user = PatientFactory()
    therapist_admin.post(
        ADD, {"client_email": client_user.email, "started": "2026-11-01", "therapist": other_therapist.pk}
    )
    assert CareRelationship.objects.get().therapist == therapist
