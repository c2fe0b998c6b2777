import re

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
def test_signup_creates_the_patient_and_emails_a_welcome(client, mailoutbox):
    response = client.post(URL, VALID)
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    user = User.objects.get()
    assert user.email == "nora@example.com"  # stored normalised
    assert user.role == Role.PATIENT
    assert not user.is_staff
    assert user.check_password("quiet river morning walk")
    assert "_auth_user_id" not in client.session  # they log in next, as anyone would
    (email,) = mailoutbox
    assert email.to == ["nora@example.com"]
    assert "account is ready" in email.subject
    assert "http://testserver/accounts/login/" in email.body


@pytest.mark.django_db
def test_signup_for_an_existing_address_answers_the_same_and_tells_the_owner(client, mailoutbox):
    owner = PatientFactory(email="nora@example.com", full_name="Nora Owner")
    new = client.post(URL, {**VALID, "email": "someone.new@example.com"})
    taken = client.post(URL, VALID)

    assert taken.status_code == new.status_code == 200

    def page(response, email):
        return re.sub(r'nonce="[^"]+"', "", response.content.decode().replace(email, "X"))

    assert page(taken, "nora@example.com") == page(new, "someone.new@example.com")
    assert "already" not in taken.content.decode()
    owner.refresh_from_db()
    assert owner.full_name == "Nora Owner"
    assert not owner.check_password("quiet river morning walk")
    assert User.objects.count() == 2
    notice = mailoutbox[-1]
    assert notice.to == ["nora@example.com"]
    assert "tried to create" in notice.subject
    assert "http://testserver/accounts/password/reset/" in notice.body


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
    assert response.status_code == 200
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


# --- issue #15 item 9: names refuse control characters -------------------------------------------


@pytest.mark.parametrize("name", ["Ada\r\nBcc: x@evil.example", "Ada\tLovelace", "Ada\x00", "A\x85da"])
@pytest.mark.django_db
def test_a_name_with_control_characters_is_refused_everywhere(name):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from accounts.forms import ProfileForm, SignupForm
    from tests.factories import PatientFactory

    signup = SignupForm(
        {
            "full_name": name,
            "email": "new@example.com",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
        }
    )
    assert not signup.is_valid()
    assert "control characters" in signup.errors["full_name"][0]
    patient = PatientFactory()
    profile = ProfileForm({"full_name": name, "email": patient.email}, instance=patient)
    assert not profile.is_valid()
    assert "control characters" in profile.errors["full_name"][0]
    patient.full_name = name
    with pytest.raises(ValidationError):
        patient.full_clean()
    if "\x00" not in name:  # PostgreSQL cannot store NUL at all
        with pytest.raises(IntegrityError), transaction.atomic():
            type(patient).objects.filter(pk=patient.pk).update(full_name=name)
