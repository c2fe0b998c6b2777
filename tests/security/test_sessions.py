"""Sessions: a new key at login, gone at logout, other sessions end with a password change,
staff sessions limited to 1 hour idle and 24 hours in all."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import otp_login
from tests.factories import DEFAULT_PASSWORD

NEW_PASSWORD = "another calm evening stroll by the river"


def login_through_form(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client.session.session_key


@pytest.mark.django_db
def test_session_key_changes_at_login(client, patient):
    session = client.session
    session["seen_before_login"] = True
    session.save()
    anonymous_key = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = anonymous_key

    logged_in_key = login_through_form(client, patient)

    assert logged_in_key != anonymous_key
    assert not Session.objects.filter(session_key=anonymous_key).exists()
    assert Session.objects.get(session_key=logged_in_key).get_decoded()["_auth_user_id"] == str(patient.pk)


@pytest.mark.django_db
def test_logout_deletes_the_session_row(client, patient):
    key = login_through_form(client, patient)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db
def test_password_change_ends_the_users_other_sessions(patient, other_patient):
    laptop, phone, someone_else = Client(), Client(), Client()
    login_through_form(laptop, patient)
    phone_key = login_through_form(phone, patient)
    other_key = login_through_form(someone_else, other_patient)

    response = laptop.post(
        reverse("accounts:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    # The phone's session is gone from the server, not just refused at its next request.
    assert not Session.objects.filter(session_key=phone_key).exists()
    assert phone.get(reverse("accounts:profile"))["Location"].startswith(reverse("accounts:login"))
    # This device stays logged in (under a new key); another user's session is untouched.
    assert laptop.get(reverse("accounts:profile")).status_code == 200
    assert Session.objects.filter(session_key=other_key).exists()
    assert someone_else.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_password_change_with_wrong_current_password_changes_nothing(client, patient):
    phone = Client()
    phone_key = login_through_form(phone, patient)
    login_through_form(client, patient)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not it at all", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 422
    assert "Your old password was entered incorrectly" in response.content.decode()
    patient.refresh_from_db()
    assert patient.check_password(DEFAULT_PASSWORD)
    assert Session.objects.filter(session_key=phone_key).exists()


@pytest.mark.django_db
def test_password_change_wrong_method(client, patient):
    client.force_login(patient)
    assert client.delete(reverse("accounts:password_change")).status_code == 405


@pytest.mark.django_db
def test_password_reset_ends_every_session(client, patient):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    phone = Client()
    phone_key = login_through_form(phone, patient)
    patient.refresh_from_db()  # the token covers last_login
    uid = urlsafe_base64_encode(force_bytes(patient.pk))
    token = default_token_generator.make_token(patient)
    form_url = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]))["Location"]

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=phone_key).exists()


# --- staff session limits -------------------------------------------------------------------------


class Clock:
    """timezone.now() under the test's control: sessions, expiry and the middleware all read it."""

    def __init__(self):
        self.now = timezone.now()

    def advance(self, **delta):
        self.now += timedelta(**delta)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    clock = Clock()
    with mock.patch("django.utils.timezone.now", clock):
        yield clock


@pytest.mark.django_db
def test_staff_session_ends_after_an_hour_idle(client, therapist, clock):
    otp_login(client, therapist)
    assert client.get(reverse("admin:index")).status_code == 200

    clock.advance(minutes=59)
    assert client.get(reverse("admin:index")).status_code == 200  # activity moves the expiry on

    clock.advance(minutes=59)
    assert client.get(reverse("admin:index")).status_code == 200

    clock.advance(minutes=61)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_staff_session_ends_after_24_hours_even_when_active(client, editor, clock):
    otp_login(client, editor)
    for _ in range(23 * 2):  # every 30 minutes for 23 hours
        clock.advance(minutes=30)
        assert client.get(reverse("admin:index")).status_code == 200

    clock.advance(minutes=30)  # 23.5 hours
    assert client.get(reverse("admin:index")).status_code == 200
    clock.advance(minutes=31)  # past 24 hours
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_session_expiry_is_at_most_an_hour(client, therapist, clock):
    otp_login(client, therapist)
    client.get(reverse("admin:index"))

    key = client.session.session_key
    expires = Session.objects.get(session_key=key).expire_date
    assert expires - clock.now <= timedelta(hours=1)


@pytest.mark.django_db
def test_patient_session_lasts_the_configured_age_from_login(client, patient, clock):
    logged_in_at = clock.now
    login_through_form(client, patient)
    clock.advance(hours=5)
    assert client.get(reverse("accounts:profile")).status_code == 200

    expires = Session.objects.get(session_key=client.session.session_key).expire_date
    assert expires == logged_in_at + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    clock.advance(seconds=settings.SESSION_COOKIE_AGE)
    assert client.get(reverse("accounts:profile")).status_code == 302
