"""Assigning content: from the assignment form, and the service (all or nothing). The client page's
own form: tests/care/test_client_actions.py."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from education.assigning import assign_content
from education.models import Assignment
from tests.factories import LessonFactory


@pytest.fixture
def lesson2(db):
    LessonFactory(order=1, slug="lesson-one", title="Lesson one")
    return LessonFactory(order=2, slug="lesson-two", title="Lesson two")


def test_assign_service_refuses_a_client_not_visible_and_keeps_nothing(
    therapist, my_client, their_client, lesson2, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        assign_content(
            therapist=therapist, clients=[my_client, their_client], series=lesson2.series, lesson=lesson2
        )
    assert not Assignment.objects.exists()
    assert mail.outbox == []


def test_assignment_form_sets_me_as_therapist_and_emails_the_client(
    therapist_admin, therapist, other_therapist, my_client, lesson2, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = therapist_admin.post(
            reverse("admin:education_assignment_add"),
            {
                "client": my_client.pk,
                "series": lesson2.series.pk,
                "lesson": lesson2.pk,
                "due_date": "2026-12-24",
                "note": "",
                "therapist": other_therapist.pk,
            },
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assignment = Assignment.objects.get()
    assert (assignment.therapist, assignment.client, assignment.lesson) == (therapist, my_client, lesson2)
    assert [m.to for m in mail.outbox] == [[my_client.email]]


def test_patient_dashboard_shows_the_assignment(client, therapist, my_client, lesson2):
    Assignment.objects.create(
        therapist=therapist,
        client=my_client,
        series=lesson2.series,
        lesson=lesson2,
        due_date=datetime.date(2026, 12, 24),
    )
    client.force_login(my_client)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert "Lesson two" in response.text
    assert f"Assigned by {therapist.full_name}, due 24 December 2026" in response.text
