"""Login brute-force protection (django-axes, username AND IP, with a cool-off) and the login log
that never holds credentials or email addresses."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

LOGIN = "accounts:login"
WRONG = "not my password at all"


def attempt(client, email, password, ip="203.0.113.7"):
    return client.post(reverse(LOGIN), {"username": email, "password": password}, REMOTE_ADDR=ip)


def fail_times(client, email, times, ip="203.0.113.7"):
    """Wrong passwords: the form again with its message, then the lockout at the fifth."""
    for number in range(1, times + 1):
        response = attempt(client, email, WRONG, ip=ip)
        assert response.status_code == (429 if number >= 5 else 200)
    return response


@pytest.mark.django_db
def test_five_failures_lock_that_username_from_that_ip_with_a_friendly_page(client, patient):
    fail_times(client, patient.email, 4)
    response = attempt(client, patient.email, WRONG)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html
    assert "15 minutes" in html
    assert reverse("accounts:password_reset") in html
    # Even the right password is refused during the cool-off.
    response = attempt(client, patient.email, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_page_carries_the_security_headers(client, patient):
    fail_times(client, patient.email, 4)
    response = attempt(client, patient.email, WRONG)

    assert response.status_code == 429
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert patient.email not in response.content.decode()


@pytest.mark.django_db
def test_lock_is_per_username_and_ip_so_an_attacker_cannot_lock_a_patient_out(client, patient, other_patient):
    fail_times(client, patient.email, 5, ip="203.0.113.7")

    # The same patient from their own network still logs in.
    assert attempt(client, patient.email, DEFAULT_PASSWORD, ip="198.51.100.20").status_code == 302
    client.post(reverse("accounts:logout"))
    # Another account from the attacker's address is not locked either.
    assert attempt(client, other_patient.email, DEFAULT_PASSWORD, ip="203.0.113.7").status_code == 302


@pytest.mark.django_db
def test_the_username_is_counted_whatever_its_case(client, patient):
    for email in ["ADA@example.com", "Ada@Example.com", " ada@example.com", "ada@EXAMPLE.com"]:
        attempt(client, email, WRONG)
    assert attempt(client, "ada@example.COM", WRONG).status_code == 429
    assert AccessAttempt.objects.get().username == "ada@example.com"


def minutes_pass(minutes):
    """Age the recorded failures, as if `minutes` had passed."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off(client, patient):
    fail_times(client, patient.email, 5)

    minutes_pass(14)
    assert attempt(client, patient.email, DEFAULT_PASSWORD).status_code == 429
    minutes_pass(16)
    assert attempt(client, patient.email, DEFAULT_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_successful_login_clears_earlier_failures(client, patient):
    fail_times(client, patient.email, 4)
    assert attempt(client, patient.email, DEFAULT_PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    fail_times(client, patient.email, 4)  # a fresh count: four more are allowed
    assert attempt(client, patient.email, DEFAULT_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_password_reset_lifts_the_lock(client, patient):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    fail_times(client, patient.email, 5)
    assert attempt(client, patient.email, DEFAULT_PASSWORD).status_code == 429

    uid = urlsafe_base64_encode(force_bytes(patient.pk))
    form_url = client.get(
        reverse("accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(patient)])
    )["Location"]
    new = "a brand new passphrase for spring"
    assert client.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302

    assert attempt(client, patient.email, new).status_code == 302


@pytest.mark.django_db
def test_the_admin_login_is_protected_too(client, therapist):
    for _ in range(4):
        client.post(reverse("admin:login"), {"username": therapist.email, "password": WRONG})
    response = client.post(reverse("admin:login"), {"username": therapist.email, "password": WRONG})
    assert response.status_code == 429


@pytest.mark.django_db
def test_logins_are_logged_without_credentials_or_email(client, patient, caplog):
    caplog.set_level(logging.DEBUG)

    attempt(client, patient.email, "Secret-Guess-1", ip="203.0.113.7")
    attempt(client, patient.email, DEFAULT_PASSWORD, ip="203.0.113.7")
    client.post(reverse("accounts:logout"))
    fail_times(client, patient.email, 5)  # and a lockout

    messages = [record.getMessage() for record in caplog.records]
    text = "\n".join(messages)
    assert f"login succeeded user_id={patient.pk}" in text
    assert "login failed ip=203.0.113.7" in text
    assert "login locked out ip=203.0.113.7" in text
    for secret in ("Secret-Guess-1", DEFAULT_PASSWORD, WRONG, patient.email, "ada@", patient.full_name):
        assert secret not in text, f"{secret!r} appears in the log"
    # Nor hidden in a record's arguments or extra attributes.
    for record in caplog.records:
        blob = repr(record.__dict__)
        assert patient.email not in blob
        assert DEFAULT_PASSWORD not in blob


@pytest.mark.django_db
def test_behind_a_proxy_the_lock_uses_the_address_the_proxy_saw(client, patient, settings):
    settings.PROXY_COUNT = 1
    proxy = "10.0.0.2"

    def via_proxy(password, client_address, spoofed=""):
        forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
        return client.post(
            reverse(LOGIN),
            {"username": patient.email, "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for number in range(5):
        # The attacker varies a spoofed left-most entry: it does not reset the count.
        response = via_proxy(WRONG, "203.0.113.7", spoofed=f"192.0.2.{number}")
    assert response.status_code == 429
    # The patient at home, through the same proxy, is not locked out.
    assert via_proxy(DEFAULT_PASSWORD, "198.51.100.20").status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


@pytest.mark.django_db
def test_a_forwarded_address_that_is_not_an_address_is_ignored(client, patient, settings):
    settings.PROXY_COUNT = 1
    response = client.post(
        reverse(LOGIN),
        {"username": patient.email, "password": WRONG},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="not-an-address",
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.get().ip_address == "10.0.0.2"


# --- issue #15 item 5: one normalised email for storage, lookup and the lockout --------------------

SPELLINGS = [
    "PATIENT@Example.com",
    " patient@example.com ",
    "pat\u0131ent@example.com",  # the dotless ı: PostgreSQL's UPPER() maps it to I
    "\uff50atient@example.com",  # a fullwidth p
    "patient@example.com",
    "\u212a@example.com",  # the Kelvin sign, which NFKC makes a K
]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", SPELLINGS)
def test_a_spelling_that_logs_in_is_counted_by_the_lockout_as_the_stored_address(typed):
    """Every spelling that finds an account is counted under that account's stored address, on
    SQLite and PostgreSQL (on PostgreSQL 'patıent@' logged in as patient@ while the lockout
    counted it apart, so it had five more tries for each such spelling)."""
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    from accounts.security import axes_username
    from tests.factories import PatientFactory

    owners = [PatientFactory(email="patient@example.com"), PatientFactory(email="k@example.com")]
    request = RequestFactory().post("/accounts/login/", {"username": typed})
    request.axes_locked_out = False
    user = authenticate(request, username=typed, password=DEFAULT_PASSWORD)
    if user is not None:
        assert user in owners
        assert axes_username(request, {"username": typed}) == user.email


@pytest.mark.django_db
def test_the_dotless_i_does_not_log_in_as_the_account_with_an_i():
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    from tests.factories import PatientFactory

    patient = PatientFactory(email="patient@example.com")
    dotless = "pat\u0131ent@example.com"
    request = RequestFactory().post("/accounts/login/")
    request.axes_locked_out = False
    assert authenticate(request, username=dotless, password=DEFAULT_PASSWORD) is None
    assert authenticate(request, username=patient.email, password=DEFAULT_PASSWORD) == patient


@pytest.mark.django_db
def test_addresses_are_stored_in_their_normalised_form():
    from accounts.models import User

    user = User.objects.create_user("\uff21da@EXAMPLE.org", DEFAULT_PASSWORD, full_name="Ada")
    assert user.email == "ada@example.org"
    assert User.objects.get_by_natural_key("ADA@example.org ") == user
