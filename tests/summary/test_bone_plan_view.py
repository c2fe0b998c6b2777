"""My bone plan (summary.views.bone_plan): the practical steps of lesson 3, read from the
lesson's own sections, with the patient's current goals."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import GoalFactory, LessonFactory, PatientFactory, SectionFactory, TherapistFactory
from tracker.factors import LESSON_SLUG, Factor

URL = reverse("summary:bone_plan")


@pytest.fixture
def lesson_three(db):
    lesson = LessonFactory(slug=LESSON_SLUG, title="What helps", order=3, takeaways=["Keep moving."])
    SectionFactory(lesson=lesson, anchor="sleep", heading="Sleep", body="Not in the plan.")
    SectionFactory(
        lesson=lesson,
        anchor="this-week",
        heading="What you can do this week",
        body="- **Pick 2 days** for strength exercise.",
    )
    SectionFactory(lesson=lesson, anchor="see-a-doctor", heading="When to see a doctor", body="If you fall.")
    return lesson


@pytest.mark.django_db
def test_plan_shows_the_lessons_steps_and_the_default_goals(patient_client, lesson_three):
    response = patient_client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "What you can do this week" in content
    assert "<strong>Pick 2 days</strong> for strength exercise." in content  # the lesson's own list
    assert "When to see a doctor" in content
    assert "Keep moving." in content
    assert "Not in the plan." not in content
    assert "7 to 9 hours a night" in content
    assert "(suggested starting goal)" in content
    assert "no goal yet" in content  # stress has no default
    assert f'href="/lessons/{LESSON_SLUG}/"' in content


@pytest.mark.django_db
def test_plan_follows_the_first_version_of_lesson_three(patient_client):
    lesson = LessonFactory(slug=LESSON_SLUG, title="What helps", order=3)
    SectionFactory(lesson=lesson, anchor="next-steps", heading="Putting it all together", body="Go.")
    content = patient_client.get(URL).content.decode()
    assert "Putting it all together" in content


@pytest.mark.django_db
def test_plan_shows_the_goals_agreed_with_the_therapist(patient_client, patient, lesson_three):
    GoalFactory(
        patient=patient,
        factor=Factor.STRESS,
        target_max=Decimal("5"),
        set_by=TherapistFactory(),
        note="Walk daily",
    )
    content = patient_client.get(URL).content.decode()
    assert "stress at 5 or below (out of 10) <span" in content
    assert "(goal set with your therapist)" in content
    assert "Walk daily" in content


@pytest.mark.django_db
def test_plan_shows_no_other_patients_goals(patient_client, lesson_three):
    GoalFactory(patient=PatientFactory(), factor=Factor.STRESS, target_max=Decimal("2"), note="Secret note")
    content = patient_client.get(URL).content.decode()
    assert "Secret note" not in content
    assert "stress at 2 or below" not in content


@pytest.mark.django_db
def test_plan_without_published_lessons_still_answers(patient_client):
    response = patient_client.get(URL)
    assert response.status_code == 200
    assert "The lessons are not published yet." in response.content.decode()


@pytest.mark.django_db
def test_plan_query_count_does_not_grow_with_goals(
    patient_client, patient, lesson_three, django_assert_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as before:
        patient_client.get(URL)
    GoalFactory(patient=patient, factor=Factor.SLEEP, target_min=Decimal("7"), target_max=Decimal("8"))
    GoalFactory(patient=patient, factor=Factor.STRESS, target_max=Decimal("5"))
    GoalFactory(patient=patient, factor=Factor.TRAINING, target_min=Decimal("3"), target_max=None)
    cache.clear()
    with django_assert_num_queries(len(before)):
        patient_client.get(URL)


@pytest.mark.django_db
def test_plan_needs_a_patient_and_get(patient_client):
    from django.test import Client

    assert Client().get(URL)["Location"].startswith(reverse("accounts:login"))
    assert patient_client.post(URL).status_code == 405
    assert patient_client.head(URL).status_code == 200
