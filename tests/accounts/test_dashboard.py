"""The patient dashboard (accounts.dashboard.dashboard): one next step (assignments first),
assignments with due dates, current goals, updated lessons, therapists' sharing requests."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import SharingConsent
from education.models import Assignment
from education.page_cache import bump_content
from tests.education.lesson_builders import build_lesson
from tests.factories import CareRelationshipFactory, GoalFactory, LessonProgressFactory, SeriesFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("accounts:dashboard")


@pytest.fixture
def lessons():
    series = SeriesFactory()
    return [build_lesson(series=series, order=n, title=f"Lesson number {n}", sections=3) for n in (1, 2, 3)]


def next_step(html):
    part = html[html.index('id="next-step-heading"') :]
    return part[: part.index("</section>")]


def test_an_assigned_lesson_is_the_one_next_step(patient_client, patient, therapist, lessons):
    due = timezone.localdate() + datetime.timedelta(days=5)
    Assignment.objects.create(
        therapist=therapist, client=patient, series=lessons[1].series, lesson=lessons[1], due_date=due
    )
    html = patient_client.get(DASHBOARD).content.decode()
    step = next_step(html)
    assert "Lesson number 2" in step and "Lesson number 1" not in step
    assert f"Assigned by Theo Therapist, due {due:%-d %B %Y}" in step
    assert f'href="{lessons[1].get_absolute_url()}"' in step
    assert html.count("Next step:") == 1  # one next step, not two


def test_the_earliest_due_open_assignment_comes_first(patient_client, patient, therapist, lessons):
    today = timezone.localdate()
    series = lessons[0].series
    Assignment.objects.create(
        therapist=therapist, client=patient, series=series, lesson=lessons[2], due_date=today
    )
    Assignment.objects.create(
        therapist=therapist,
        client=patient,
        series=series,
        lesson=lessons[1],
        due_date=today - datetime.timedelta(days=1),
    )
    step = next_step(patient_client.get(DASHBOARD).content.decode())
    assert "Lesson number 2" in step and "Overdue" in step


def test_a_completed_assignment_gives_way_to_the_series_order(patient_client, patient, therapist, lessons):
    now = timezone.now()
    LessonProgressFactory(
        user=patient,
        lesson=lessons[1],
        sections_reached=3,
        finished_reading_at=now,
        quiz_passed_at=now,
        completed_at=now,
    )
    Assignment.objects.create(
        therapist=therapist, client=patient, series=lessons[1].series, lesson=lessons[1]
    )
    html = patient_client.get(DASHBOARD).content.decode()
    assert "Lesson number 1" in next_step(html) and "Assigned by" not in next_step(html)
    assert 'class="badge text-bg-success">Done</span>' in html


def test_an_assigned_series_points_to_its_first_lesson_not_complete(
    patient_client, patient, therapist, lessons
):
    now = timezone.now()
    LessonProgressFactory(
        user=patient, lesson=lessons[0], finished_reading_at=now, quiz_passed_at=now, completed_at=now
    )
    Assignment.objects.create(therapist=therapist, client=patient, series=lessons[0].series)
    step = next_step(patient_client.get(DASHBOARD).content.decode())
    assert "Lesson number 2" in step and "Assigned by Theo Therapist" in step


def test_current_goals_are_on_the_dashboard(patient_client, patient):
    GoalFactory(patient=patient, target_max=4)
    html = patient_client.get(DASHBOARD).content.decode()
    assert "Your goals" in html
    assert "Stress at 4 or below (out of 10) <span" in html and "(set with your therapist)" in html
    assert "7 to 9 hours a night" in html


def test_a_lesson_updated_since_it_was_read_is_flagged(patient_client, patient, lessons):
    LessonProgressFactory(
        user=patient,
        lesson=lessons[0],
        sections_reached=3,
        finished_reading_at=timezone.now(),
        read_version=1,
    )
    type(lessons[0]).objects.filter(pk=lessons[0].pk).update(version=2)
    bump_content()  # as publishing a new version does
    html = patient_client.get(DASHBOARD).content.decode()
    assert html.count("Updated since you read it") == 1
    lessons_page = patient_client.get(reverse("education:series")).content.decode()
    assert lessons_page.count("Updated since you read it") == 1


def test_a_therapists_request_to_share_is_on_the_dashboard(patient_client, patient, therapist):
    CareRelationshipFactory(therapist=therapist, client=patient)
    html = patient_client.get(DASHBOARD).content.decode()
    assert "Theo Therapist has asked to follow your progress" in html
    assert f'href="{reverse("accounts:sharing")}"' in html
    SharingConsent.objects.create(patient=patient, therapist=therapist, wording_version="x")
    assert "asked to follow" not in patient_client.get(DASHBOARD).content.decode()


def test_another_patients_assignments_and_requests_never_show(
    patient_client, other_patient, therapist, lessons
):
    CareRelationshipFactory(therapist=therapist, client=other_patient)
    Assignment.objects.create(
        therapist=therapist, client=other_patient, series=lessons[0].series, lesson=lessons[2]
    )
    html = patient_client.get(DASHBOARD).content.decode()
    assert "Assigned to you" not in html and "asked to follow" not in html
    assert "Lesson number 1" in next_step(html)


def test_the_dashboard_refuses_post(patient_client):
    assert patient_client.post(DASHBOARD).status_code == 405


def test_staff_are_sent_to_the_admin(client, therapist):
    client.force_login(therapist)
    assert client.get(DASHBOARD)["Location"] == reverse("admin:index")
