"""The lessons panel on the patient dashboard: states, series progress and the next step."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from education.catalogue import catalogue
from education.dashboard import lessons_panel
from tests.education.lesson_builders import build_lesson
from tests.factories import LessonProgressFactory, SeriesFactory

pytestmark = pytest.mark.django_db

# The next step and the lessons list, as the dashboard includes them.
PANELS = ["education/_dashboard_next_step.html", "education/_dashboard_lessons.html"]


@pytest.fixture
def lessons():
    series = SeriesFactory()
    return [build_lesson(series=series, order=n, title=f"Lesson number {n}", sections=4) for n in (1, 2, 3)]


def dashboard(user):
    """The lessons panel as the dashboard renders it (rendered alone, so the test does not
    depend on the other apps' panels)."""
    request = _request(user)
    context = lessons_panel(user, timezone.localdate())
    return "".join(render_to_string(name, context, request=request) for name in PANELS)


def test_a_new_patient_is_invited_to_start_the_first_lesson(patient, lessons):
    html = dashboard(patient)
    assert "Your lessons" in html
    assert "Start this lesson" in html and f'href="{lessons[0].get_absolute_url()}"' in html
    assert "You have completed 0 of 3 lessons." in html
    assert html.count("Not started</span>") == 3


def test_continue_where_you_left_off_links_to_the_next_unread_part(patient, lessons):
    sections = list(lessons[1].sections.order_by("order"))
    LessonProgressFactory(user=patient, lesson=lessons[1], sections_reached=2, last_section=sections[1])
    html = dashboard(patient)
    assert "Continue where you left off:" in html
    assert "<strong>Continue where you left off:</strong> Lesson number 2, at" in html
    assert f'href="{lessons[1].get_absolute_url()}#{sections[2].anchor}"' in html
    assert f"at “{sections[2].heading}”" in html
    assert "Reading</span>, 2 of 4 sections read" in html


def test_the_most_recently_read_lesson_comes_first(patient, lessons):
    older = LessonProgressFactory(user=patient, lesson=lessons[0], sections_reached=1)
    LessonProgressFactory(user=patient, lesson=lessons[2], sections_reached=1)
    type(older).objects.filter(pk=older.pk).update(updated_at=timezone.now() - timezone.timedelta(days=2))
    step = lessons_panel(patient, timezone.localdate())["education_next_step"]
    assert step["kind"] == "continue" and step["lesson"]["pk"] == lessons[2].pk


def test_a_read_lesson_leads_to_its_quiz(patient, lessons):
    LessonProgressFactory(
        user=patient, lesson=lessons[0], sections_reached=4, finished_reading_at=timezone.now()
    )
    html = dashboard(patient)
    assert "Take the quiz" in html
    assert f'href="{reverse("education:quiz", args=[lessons[0].slug])}"' in html
    assert "Quiz due</span>" in html


def test_a_completed_series_is_celebrated(patient, lessons):
    now = timezone.now()
    for lesson in lessons:
        LessonProgressFactory(
            user=patient,
            lesson=lesson,
            sections_reached=4,
            finished_reading_at=now,
            quiz_passed_at=now,
            completed_at=now,
        )
    html = dashboard(patient)
    assert "you have completed every lesson" in html
    assert "You have completed 3 of 3 lessons." in html


def test_another_patients_progress_is_not_shown(patient, other_patient, lessons):
    LessonProgressFactory(user=other_patient, lesson=lessons[0], sections_reached=2)
    html = dashboard(patient)
    assert "Continue where you left off" not in html
    assert "Reading</span>" not in html


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def test_panel_query_count_does_not_grow_with_lessons(patient, django_assert_num_queries):
    series = SeriesFactory()
    for size in (2, 8):
        while series.lessons.count() < size:
            lesson = build_lesson(series=series, order=series.lessons.count() + 1, sections=5)
            LessonProgressFactory(user=patient, lesson=lesson, sections_reached=2)
        catalogue()  # the published lessons and their sections: once per content change
        # progress, quiz attempts, assignments (the sections of the lesson to continue are in the catalogue)
        with django_assert_num_queries(3):
            context = lessons_panel(patient, timezone.localdate())
        assert len(context["education_lessons"]) == size


def test_the_dashboard_page_shows_the_lessons_panel(patient_client, patient, lessons):
    sections = list(lessons[0].sections.order_by("order"))
    LessonProgressFactory(user=patient, lesson=lessons[0], sections_reached=1, last_section=sections[0])
    response = patient_client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dashboard-lessons-title">Your lessons</h2>' in html
    assert f'href="{lessons[0].get_absolute_url()}#{sections[1].anchor}"' in html
