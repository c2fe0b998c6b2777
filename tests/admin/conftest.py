import pytest

from accounts.models import SHARING_WORDING_VERSION, SharingConsent
from tests.conftest import otp_login
from tests.factories import CareRelationshipFactory, PatientFactory, ReviewerFactory


def make_client_of(therapist, **patient_fields):
    """A patient the therapist may see: an active care relationship and an active consent."""
    patient = PatientFactory(**patient_fields)
    CareRelationshipFactory(therapist=therapist, client=patient)
    SharingConsent.objects.create(
        patient=patient, therapist=therapist, wording_version=SHARING_WORDING_VERSION
    )
    return patient


@pytest.fixture
def consent(care_link):
    return SharingConsent.objects.create(
        patient=care_link.client, therapist=care_link.therapist, wording_version=SHARING_WORDING_VERSION
    )


@pytest.fixture
def my_client(therapist, patient, consent):
    """`patient`, visible to `therapist`."""
    return patient


@pytest.fixture
def their_client(other_therapist, other_patient):
    """`other_patient`, a client of `other_therapist` (linked and consented), not of `therapist`."""
    CareRelationshipFactory(therapist=other_therapist, client=other_patient)
    SharingConsent.objects.create(
        patient=other_patient, therapist=other_therapist, wording_version=SHARING_WORDING_VERSION
    )
    return other_patient


@pytest.fixture
def therapist_admin(client, therapist):
    otp_login(client, therapist)
    return client


@pytest.fixture
def editor_admin(client, editor):
    otp_login(client, editor)
    return client


# --- editors (issue #19): a clinical reviewer, on a test client of their own -------------------


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(full_name="Rhea Reviewer", email="rhea@example.com", credentials="RD, MSc")


@pytest.fixture
def reviewer_admin(reviewer):
    """The reviewer, logged in with two-step verification on a client of their own (so a test
    can have an editor on `client` at the same time)."""
    from django.test import Client

    client = Client()
    otp_login(client, reviewer)
    return client
