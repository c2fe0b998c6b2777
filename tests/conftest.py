import pytest

from tests.factories import CareRelationshipFactory, EditorFactory, PatientFactory, TherapistFactory


@pytest.fixture
def patient(db):
    return PatientFactory(full_name="Ada Patient", email="ada@example.com")


@pytest.fixture
def other_patient(db):
    return PatientFactory(full_name="Bo Other", email="bo@example.com")


@pytest.fixture
def therapist(db):
    return TherapistFactory(full_name="Theo Therapist", email="theo@example.com")


@pytest.fixture
def other_therapist(db):
    return TherapistFactory(full_name="Olga Othertherapist", email="olga@example.com")


@pytest.fixture
def editor(db):
    return EditorFactory(full_name="Edith Editor", email="edith@example.com")


@pytest.fixture
def care_link(therapist, patient):
    return CareRelationshipFactory(therapist=therapist, client=patient)


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient)
    return client


@pytest.fixture
def htmx_headers():
    """Headers htmx sends with each request (django-htmx reads HX-Request)."""
    return {"HTTP_HX_REQUEST": "true"}
