import pytest
from django.urls import reverse

from tests.factories import PatientFactory

URL = reverse("accounts:profile")


@pytest.mark.django_db
def test_profile_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_profile_shows_own_details(patient_client, patient):
    response = patient_client.get(URL)
    assert response.status_code == 200
    assert 'value="ada@example.com"' in response.content.decode()


@pytest.mark.django_db
def test_profile_edit_saves_name_and_email(patient_client, patient):
    response = patient_client.post(URL, {"full_name": "Ada Lovelace", "email": "ADA.L@example.com"})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.full_name == "Ada Lovelace"
    assert patient.email == "ada.l@example.com"


@pytest.mark.django_db
def test_profile_rejects_email_of_another_account(patient_client, patient, other_patient):
    response = patient_client.post(URL, {"full_name": "Ada", "email": "BO@example.com"})
    assert response.status_code == 422
    content = response.content.decode()
    assert "Another account already uses this email address" in content
    assert "There is a problem" in content
    assert 'value="BO@example.com"' in content  # what was typed is kept
    patient.refresh_from_db()
    assert patient.email == "ada@example.com"
    assert patient.full_name == "Ada Patient"


@pytest.mark.django_db
def test_profile_rejects_blank_name_and_bad_email(patient_client, patient):
    response = patient_client.post(URL, {"full_name": "   ", "email": "nope"})
    assert response.status_code == 422
    content = response.content.decode()
    assert "Enter an email address in the right format" in content
    patient.refresh_from_db()
    assert patient.full_name == "Ada Patient"


@pytest.mark.django_db
def test_profile_edits_only_the_logged_in_user(patient_client, patient):
    other = PatientFactory(email="x@example.com", full_name="X")
    # An extra id field in the POST cannot retarget the form at another account.
    patient_client.post(
        URL, {"full_name": "Changed", "email": "ada@example.com", "id": other.pk, "pk": other.pk}
    )
    other.refresh_from_db()
    assert other.full_name == "X"
    patient.refresh_from_db()
    assert patient.full_name == "Changed"


@pytest.mark.django_db
def test_profile_wrong_method(patient_client):
    assert patient_client.delete(URL).status_code == 405
