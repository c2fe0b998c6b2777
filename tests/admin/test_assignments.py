"""Assigning content: from the assignment form, and in bulk from the client list (all or nothing)."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from education.assigning import assign_content
from education.models import Assignment
from tests.admin.conftest import make_client_of
from tests.factories import LessonFactory

CLIENTS = reverse("admin:accounts_client_changelist")


@pytest.fixture
def lesson2(db):
    LessonFactory(order=1, slug="lesson-one", title="Lesson one")
    return LessonFactory(order=2, slug="lesson-two", title="Lesson two")


def test_bulk_assign_shows_an_intermediate_form_first(therapist_admin, therapist, my_client, lesson2):
    response = therapist_admin.post(
        CLIENTS, {"action": "assign_content_action", "_selected_action": [my_client.pk]}
    )
    assert response.status_code == 200
    assert "Assign and email the clients" in response.text
    assert my_client.full_name in response.text
    assert not Assignment.objects.exists()


def test_bulk_assign_creates_one_assignment_per_client_and_emails_them(
    therapist_admin, therapist, my_client, lesson2, django_capture_on_commit_callbacks
):
    second = make_client_of(therapist)
    due = timezone.localdate() + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        response = therapist_admin.post(
            CLIENTS,
            {
                "action": "assign_content_action",
                "_selected_action": [my_client.pk, second.pk],
                "apply": "1",
                "lesson": lesson2.pk,
                "due_date": due.isoformat(),
                "note": "Have a look before our next session.",
            },
        )
    assert response.status_code == 302
    assignments = Assignment.objects.order_by("client__email")
    assert {a.client for a in assignments} == {my_client, second}
    assert all(
        (a.therapist, a.lesson, a.series, a.due_date) == (therapist, lesson2, lesson2.series, due)
        for a in assignments
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([my_client.email, second.email])
    assert "Lesson two" in mail.outbox[0].body
    # The therapist's note stays in the app: it may hold health details (issue #17).
    assert "Have a look before our next session." not in mail.outbox[0].body
    assert "They added a note for you" in mail.outbox[0].body


def test_bulk_assign_rolls_back_when_one_row_fails(
    therapist_admin, therapist, my_client, lesson2, django_capture_on_commit_callbacks
):
    second = make_client_of(therapist)
    real_create = Assignment.objects.create
    calls = []

    def fail_on_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            from django.db import IntegrityError

            raise IntegrityError("simulated failure")
        return real_create(**kwargs)

    with (
        mock.patch.object(Assignment.objects, "create", side_effect=fail_on_second),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = therapist_admin.post(
            CLIENTS,
            {
                "action": "assign_content_action",
                "_selected_action": [my_client.pk, second.pk],
                "apply": "1",
                "lesson": lesson2.pk,
            },
            follow=True,
        )
    assert len(calls) == 2
    assert "Nothing was assigned" in response.text
    assert not Assignment.objects.exists()
    assert mail.outbox == []


def test_assign_service_refuses_a_client_not_visible_and_keeps_nothing(
    therapist, my_client, their_client, lesson2, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        assign_content(
            therapist=therapist, clients=[my_client, their_client], series=lesson2.series, lesson=lesson2
        )
    assert not Assignment.objects.exists()
    assert mail.outbox == []


def test_bulk_assign_ignores_ids_outside_my_clients(therapist_admin, my_client, their_client, lesson2):
    therapist_admin.post(
        CLIENTS,
        {
            "action": "assign_content_action",
            "_selected_action": [my_client.pk, their_client.pk],
            "apply": "1",
            "lesson": lesson2.pk,
        },
    )
    assert [a.client for a in Assignment.objects.all()] == [my_client]


def test_bulk_assign_needs_a_lesson_or_series(therapist_admin, my_client, lesson2):
    response = therapist_admin.post(
        CLIENTS, {"action": "assign_content_action", "_selected_action": [my_client.pk], "apply": "1"}
    )
    assert "Choose a lesson or a series." in response.text
    assert not Assignment.objects.exists()


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
