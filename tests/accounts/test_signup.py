import pytest
from django.urls import reverse

from accounts.models import Role, User
from tests.factories import PatientFactory

URL = reverse("accounts:signup")
VALID = {
    "full_name": "Nora New",
    "email": "Nora@Example.com",
    "password1": "quiet river morning walk",
    "password2": "quiet river morning walk",
}


@pytest.mark.django_db
def test_signup_page_shows_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Create your account" in response.content
    assert b'name="email"' in response.content


@pytest.mark.django_db
def test_signup_creates_patient_and_logs_in(client):
    response = client.post(URL, VALID)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    user = User.objects.get()
    assert user.email == "nora@example.com"  # stored lower-case
    assert user.role == Role.PATIENT
    assert not user.is_staff
    assert user.check_password("quiet river morning walk")
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_signup_rejects_duplicate_email_case_insensitively(client):
    PatientFactory(email="nora@example.com")
    response = client.post(URL, VALID)
    assert response.status_code == 422
    content = response.content.decode()
    assert "An account with this email address already exists" in content
    assert "There is a problem" in content  # error summary
    assert 'href="#id_email"' in content  # summary links to the field
    assert 'value="Nora New"' in content  # entered values kept
    assert "<title>Error: " in content
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not-an-email"}, "Enter an email address in the right format"),
        ({"password1": "password123", "password2": "password123"}, "too common"),
        ({"password1": "short", "password2": "short"}, "too short"),
        ({"password2": "something else entirely"}, "didn"),
        ({"full_name": ""}, "This field is required"),
    ],
)
def test_signup_bad_input_is_explained_and_nothing_stored(client, changes, message):
    response = client.post(URL, {**VALID, **changes})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_accepts_long_passphrase(client):
    phrase = "a long passphrase made of many ordinary words " * 2  # 92 characters
    response = client.post(URL, {**VALID, "password1": phrase, "password2": phrase})
    assert response.status_code == 302
    assert User.objects.get().check_password(phrase)


@pytest.mark.django_db
def test_signup_redirects_logged_in_user(client, patient):
    client.force_login(patient)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")


@pytest.mark.django_db
def test_signup_wrong_method(client):
    assert client.delete(URL).status_code == 405
    assert client.put(URL).status_code == 405
