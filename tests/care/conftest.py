import pytest

from tests.admin.conftest import make_client_of
from tests.conftest import otp_login


@pytest.fixture
def my_client(therapist):
    """A patient `therapist` may see (linked and consented), checked in nothing yet."""
    return make_client_of(therapist, full_name="Pat Client", email="pat.client@example.com")


@pytest.fixture
def their_client(other_therapist):
    """A client of `other_therapist` only."""
    return make_client_of(other_therapist, full_name="Robin Other", email="robin.other@example.com")


@pytest.fixture
def therapist_admin(client, therapist):
    otp_login(client, therapist)
    return client


@pytest.fixture
def other_therapist_admin(other_therapist):
    from django.test import Client

    other = Client()
    otp_login(other, other_therapist)
    return other


@pytest.fixture
def editor_admin(client, editor):
    otp_login(client, editor)
    return client
