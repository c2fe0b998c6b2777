"""Oversized or overlong request bodies are refused with 400, never a 500."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User


@pytest.mark.django_db
def test_limit_is_half_a_megabyte():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 512 * 1024


@pytest.mark.django_db
def test_oversized_login_post_is_refused(client):
    response = client.post(
        reverse("accounts:login"), {"username": "a@example.com", "password": "x" * (600 * 1024)}
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_oversized_signup_post_is_refused_and_nothing_stored(client):
    big = "y" * (600 * 1024)
    response = client.post(
        reverse("accounts:signup"),
        {"full_name": big, "email": "big@example.com", "password1": "a long pass phrase", "password2": big},
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="big@example.com").exists()


@pytest.mark.django_db
def test_oversized_post_from_a_logged_in_patient_is_refused(patient_client, patient):
    response = patient_client.post(
        reverse("accounts:profile"), {"full_name": "z" * (600 * 1024), "email": patient.email}
    )
    assert response.status_code == 400
    patient.refresh_from_db()
    assert patient.full_name == "Ada Patient"


@pytest.mark.django_db
def test_oversized_raw_body_is_refused(patient_client):
    response = patient_client.post(
        reverse("accounts:profile"),
        data=b"a=" + b"b" * (600 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_too_many_fields_are_refused(client):
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("accounts:login"), fields)
    assert response.status_code == 400


@pytest.mark.django_db
def test_with_csrf_checks_on_the_refusal_is_still_400(patient):
    """The CSRF check reads the body first: the size limit still answers 400."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    client.get(reverse("accounts:profile"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("accounts:profile"), {"csrfmiddlewaretoken": token, "full_name": "z" * (600 * 1024)}
    )
    assert response.status_code == 400
    patient.refresh_from_db()
    assert patient.full_name == "Ada Patient"


# --- issue #15 item 7: no file uploads, and the whole body counts ----------------------------------


@pytest.mark.django_db
def test_a_20_mb_file_part_is_refused_and_nothing_stored(patient_client, patient):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = patient_client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Changed Name",
            "email": patient.email,
            "upload": SimpleUploadedFile("big.bin", b"\0" * (20 * 1024 * 1024)),
        },
    )

    assert response.status_code == 400
    patient.refresh_from_db()
    assert patient.full_name == "Ada Patient"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["accounts:profile", "tracker:checkin", "accounts:login"])
def test_a_small_file_part_is_refused_too(patient_client, patient, url_name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = patient_client.post(
        reverse(url_name),
        {"full_name": "Changed Name", "email": patient.email, "f": SimpleUploadedFile("a.txt", b"hello")},
    )

    assert response.status_code == 400
    patient.refresh_from_db()
    assert patient.full_name == "Ada Patient"


@pytest.mark.django_db
def test_a_body_declared_over_the_limit_is_refused_unread(patient_client):
    response = patient_client.generic(
        "POST",
        reverse("accounts:profile"),
        b"x" * 10,
        content_type="multipart/form-data; boundary=b",
        CONTENT_LENGTH=str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
    )
    assert response.status_code == 400
