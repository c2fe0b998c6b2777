"""The patient's data export: everything about them as a JSON download, nobody else's."""

import json

import pytest
from django.urls import reverse

from tests.conftest import otp_login
from tests.education.quiz_helpers import finished_attempt
from tests.factories import (
    CareRelationshipFactory,
    EntryFactory,
    GoalFactory,
    LessonProgressFactory,
    build_quiz,
)

EXPORT = reverse("accounts:data_export")


@pytest.mark.django_db
def test_export_downloads_the_patients_data_as_json(patient_client, patient, other_patient, therapist):
    CareRelationshipFactory(therapist=therapist, client=patient)
    mine = EntryFactory(patient=patient, note="slept badly")
    EntryFactory(patient=other_patient, note="someone else's note")
    GoalFactory(patient=patient)
    LessonProgressFactory(user=patient)
    attempt = finished_attempt(patient, build_quiz(size=2), wrong_positions=[2])

    response = patient_client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="bone-health-data-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"] == {
        "id": patient.pk,
        "email": "ada@example.com",
        "full_name": "Ada Patient",
        "role": "patient",
        "date_joined": data["profile"]["date_joined"],
        "last_login": data["profile"]["last_login"],
    }
    assert [entry["id"] for entry in data["tracker_entries"]] == [mine.pk]
    assert data["tracker_entries"][0]["note"] == "slept badly"
    assert len(data["goals"]) == 1
    assert len(data["lesson_progress"]) == 1
    assert data["care_relationships"][0]["therapist__full_name"] == "Theo Therapist"
    # Quiz attempts with their answers, as taken.
    [exported_attempt] = data["quiz_attempts"]
    assert exported_attempt["id"] == attempt.pk
    assert [answer["position"] for answer in exported_attempt["answers"]] == [1, 2]
    assert [answer["is_correct"] for answer in exported_attempt["answers"]] == [True, False]
    assert "someone else's note" not in response.content.decode()
    assert other_patient.email not in response.content.decode()


@pytest.mark.django_db
def test_export_never_contains_secrets(client, patient):
    device = otp_login(client, patient)

    content = client.get(EXPORT).content.decode()

    assert patient.password not in content
    assert device.key not in content
    assert json.loads(content)["two_step_devices"][0]["name"] == device.name


@pytest.mark.django_db
def test_export_needs_login(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_export_is_for_patients(client, therapist):
    otp_login(client, therapist)
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_export_wrong_method(patient_client):
    assert patient_client.post(EXPORT).status_code == 405


@pytest.mark.django_db
def test_profile_links_to_export_and_deletion(patient_client):
    html = patient_client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{EXPORT}"' in html
    assert f'href="{reverse("accounts:delete_account")}"' in html
