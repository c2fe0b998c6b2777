import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import SharingConsent
from tests.admin.conftest import make_client_of
from tests.conftest import otp_login
from tests.factories import ConversationFactory


@pytest.fixture
def my_client(therapist):
    """A patient `therapist` may see (linked and consented)."""
    return make_client_of(therapist, full_name="Pat Client", email="pat.client@example.com")


@pytest.fixture
def conversation(my_client, therapist):
    return ConversationFactory(patient=my_client, therapist=therapist)


@pytest.fixture
def patient_client(my_client):
    browser = Client()
    browser.force_login(my_client)
    return browser


@pytest.fixture
def therapist_admin(therapist):
    browser = Client()
    otp_login(browser, therapist)
    return browser


@pytest.fixture
def other_therapist_admin(other_therapist):
    browser = Client()
    otp_login(browser, other_therapist)
    return browser


def revoke(patient, therapist):
    SharingConsent.objects.filter(patient=patient, therapist=therapist).update(revoked_at=timezone.now())
