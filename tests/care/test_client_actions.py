"""Assigning a lesson and setting a goal from the client page, and coming back to it."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from education.models import Assignment, Status
from tests.factories import LessonFactory
from tracker.factors import Factor
from tracker.models import Goal


@pytest.fixture
def lesson2(db):
    LessonFactory(order=1, slug="lesson-one", title="Lesson one", status=Status.PUBLISHED)
    return LessonFactory(order=2, slug="lesson-two", title="Lesson two", status=Status.PUBLISHED)


def test_assigning_a_lesson_comes_back_to_the_client(
    therapist_admin, therapist, my_client, lesson2, django_capture_on_commit_callbacks
):
    url = reverse("admin:care_client_assign", args=[my_client.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = therapist_admin.post(url, {"lesson": lesson2.pk, "note": "Read before we meet."})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:care_client", args=[my_client.pk])
    assignment = Assignment.objects.get()
    assert (assignment.therapist, assignment.client, assignment.lesson) == (therapist, my_client, lesson2)
    assert [m.to for m in mail.outbox] == [[my_client.email]]
    page = therapist_admin.get(response["Location"])
    assert "Lesson two is assigned" in page.text


def test_assigning_without_a_lesson_shows_the_error_on_the_page(therapist_admin, my_client, lesson2):
    response = therapist_admin.post(reverse("admin:care_client_assign", args=[my_client.pk]), {"lesson": "x"})
    assert response.status_code == 422
    assert "Please correct the following" in response.text
    assert not Assignment.objects.exists()


def test_assigning_to_another_therapists_client_is_a_404(therapist_admin, their_client, lesson2):
    response = therapist_admin.post(
        reverse("admin:care_client_assign", args=[their_client.pk]), {"lesson": lesson2.pk}
    )
    assert response.status_code == 404
    assert not Assignment.objects.exists()


def test_setting_a_sleep_goal_with_units(therapist_admin, therapist, my_client):
    url = reverse("admin:care_client_goal", args=[my_client.pk])
    response = therapist_admin.post(url, {"preset": "sleep-7-9", "note": "Lights out by 11."})
    assert response["Location"] == reverse("admin:care_client", args=[my_client.pk])
    goal = Goal.objects.get()
    assert (goal.factor, goal.target_min, goal.target_max, goal.set_by) == (
        Factor.SLEEP,
        Decimal(7),
        Decimal(9),
        therapist,
    )
    page = therapist_admin.get(response["Location"])
    assert "Goal set for Pat: 7 to 9 hours of sleep a night." in page.text
    assert "Goal you set:</strong> 7 to 9 hours a night" in page.text


def test_a_new_goal_replaces_the_old_one(therapist_admin, my_client):
    url = reverse("admin:care_client_goal", args=[my_client.pk])
    therapist_admin.post(url, {"preset": "training-2"})
    therapist_admin.post(url, {"preset": "training-3"})
    assert list(Goal.objects.values_list("factor", "target_min")) == [(Factor.TRAINING, Decimal(3))]


def test_an_unknown_preset_is_an_error_and_nothing_is_stored(therapist_admin, my_client):
    response = therapist_admin.post(
        reverse("admin:care_client_goal", args=[my_client.pk]), {"preset": "sleep-99"}
    )
    assert response.status_code == 422
    assert not Goal.objects.exists()


def test_goal_for_another_therapists_client_is_a_404(therapist_admin, their_client):
    response = therapist_admin.post(
        reverse("admin:care_client_goal", args=[their_client.pk]), {"preset": "sleep-7"}
    )
    assert response.status_code == 404
    assert not Goal.objects.exists()


@pytest.mark.parametrize("name", ["care_client_assign", "care_client_goal", "care_client_note_add"])
def test_get_is_not_allowed(therapist_admin, my_client, name):
    assert therapist_admin.get(reverse(f"admin:{name}", args=[my_client.pk])).status_code == 405
