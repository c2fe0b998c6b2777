"""Deleting an account: password again, then every row about the patient goes and every session
ends."""

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import SharingConsent, User
from tests.factories import DEFAULT_PASSWORD, CareRelationshipFactory, EntryFactory, GoalFactory
from tracker.models import Entry, Goal

DELETE = reverse("accounts:delete_account")


def log_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client.session.session_key


@pytest.mark.django_db
def test_deletion_removes_the_patient_their_data_and_sessions(client, patient, other_patient, therapist):
    CareRelationshipFactory(therapist=therapist, client=patient)
    SharingConsent.objects.create(patient=patient, therapist=therapist, wording_version="1")
    EntryFactory(patient=patient)
    GoalFactory(patient=patient)
    kept = EntryFactory(patient=other_patient)
    client.post(reverse("accounts:login"), {"username": patient.email, "password": "a wrong guess"})
    phone = Client()
    phone_key = log_in(phone, patient)
    this_key = log_in(client, patient)
    assert client.get(DELETE).status_code == 200

    response = client.post(DELETE, {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=patient.pk).exists()
    assert not Entry.objects.filter(patient_id=patient.pk).exists()
    assert not Goal.objects.filter(patient_id=patient.pk).exists()
    assert not SharingConsent.objects.filter(patient_id=patient.pk).exists()
    assert not therapist.client_links.exists()
    assert not AccessAttempt.objects.filter(username=patient.email).exists()
    assert Entry.objects.filter(pk=kept.pk).exists()
    assert not Session.objects.filter(session_key__in=[phone_key, this_key]).exists()
    assert phone.get(reverse("accounts:profile")).status_code == 302
    assert "have been deleted" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_wrong_password_deletes_nothing(patient_client, patient):
    EntryFactory(patient=patient)

    response = patient_client.post(DELETE, {"password": "not my password"})

    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a problem" in html
    assert "That password is not right" in html
    assert User.objects.filter(pk=patient.pk).exists()
    assert Entry.objects.filter(patient=patient).exists()


@pytest.mark.django_db
def test_missing_password_is_explained(patient_client, patient):
    response = patient_client.post(DELETE, {})
    assert response.status_code == 422
    assert "Enter your password." in response.content.decode()
    assert User.objects.filter(pk=patient.pk).exists()


@pytest.mark.django_db
def test_delete_account_needs_login(client):
    response = client.post(DELETE, {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_staff_accounts_are_not_deleted_here(client, therapist):
    from tests.conftest import otp_login

    otp_login(client, therapist)
    response = client.post(DELETE, {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert User.objects.filter(pk=therapist.pk).exists()


@pytest.mark.django_db
def test_delete_account_wrong_method(patient_client):
    assert patient_client.put(DELETE).status_code == 405
