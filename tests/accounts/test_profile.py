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
def test_profile_shows_own_details_and_the_email_change_link(patient_client, patient):
    response = patient_client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Ada Patient"' in content
    assert "You log in with <strong>ada@example.com</strong>" in content
    assert reverse("accounts:email_change") in content


@pytest.mark.django_db
def test_profile_edit_saves_the_name(patient_client, patient):
    response = patient_client.post(URL, {"full_name": "Ada Lovelace"})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.full_name == "Ada Lovelace"


@pytest.mark.django_db
def test_profile_form_cannot_change_the_email_address(patient_client, patient, other_patient):
    """The email changes only through a confirmed link (accounts.email_change): an email field
    in the profile POST is ignored, so the profile page also cannot tell whether an address has
    an account."""
    response = patient_client.post(URL, {"full_name": "Ada", "email": "BO@example.com"})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.email == "ada@example.com"
    assert patient.full_name == "Ada"


@pytest.mark.django_db
def test_profile_rejects_a_blank_name(patient_client, patient):
    response = patient_client.post(URL, {"full_name": "   "})
    assert response.status_code == 422
    content = response.content.decode()
    assert "Enter your name." in content
    assert "There is a problem" in content
    patient.refresh_from_db()
    assert patient.full_name == "Ada Patient"


@pytest.mark.django_db
def test_profile_edits_only_the_logged_in_user(patient_client, patient):
    other = PatientFactory(email="x@example.com", full_name="X")
    # An extra id field in the POST cannot retarget the form at another account.
    patient_client.post(URL, {"full_name": "Changed", "id": other.pk, "pk": other.pk})
    other.refresh_from_db()
    assert other.full_name == "X"
    patient.refresh_from_db()
    assert patient.full_name == "Changed"


@pytest.mark.django_db
def test_profile_wrong_method(patient_client):
    assert patient_client.delete(URL).status_code == 405
