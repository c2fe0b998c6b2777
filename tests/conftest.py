import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from tests.factories import CareRelationshipFactory, EditorFactory, PatientFactory, TherapistFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rendered fragments cached by one test (the test
    settings use the in-process LocMemCache) must not be served to the next, whose rows may
    reuse the same ids."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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


def otp_login(client, user):
    """Log `user` in on the test client with a session that has passed two-step verification.

    Staff (therapists, editors, superusers) cannot reach /admin/ without a confirmed TOTP
    device and an OTP-verified session (accounts.mfa). Use this instead of
    `client.force_login(staff_user)` in any test that visits the admin. Returns the device.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    client.force_login(user)
    # What django_otp.login(request, device) stores in the session after a correct code.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def staff_client_verified(client):
    """A function `staff_client_verified(user)` that logs a staff user in, OTP-verified, on
    the `client` fixture and returns that client."""

    def login_verified(user):
        otp_login(client, user)
        return client

    return login_verified
