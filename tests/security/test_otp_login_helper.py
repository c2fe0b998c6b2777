"""The test helper other suites use to reach the admin as staff with two-step verification."""

from django.urls import reverse

from tests.conftest import otp_login


def test_otp_login_gives_a_verified_staff_session(client, therapist):
    device = otp_login(client, therapist)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.wsgi_request.user == therapist
    assert response.wsgi_request.user.is_verified()
    assert response.wsgi_request.user.otp_device == device


def test_otp_login_reuses_the_confirmed_device(client, editor):
    first = otp_login(client, editor)
    second = otp_login(client, editor)

    assert first == second


def test_staff_client_verified_fixture(staff_client_verified, editor):
    client = staff_client_verified(editor)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()
