"""Quiz results on the patient dashboard: best score, an attempt under way, a passed quiz."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from education.catalogue import catalogue
from education.dashboard import lessons_panel
from education.quiz_services import quiz_summary_by_lesson, start_attempt
from tests.education.quiz_helpers import attempt_url, finished_attempt
from tests.factories import LessonFactory, LessonProgressFactory, SeriesFactory, build_quiz

pytestmark = pytest.mark.django_db

# The next step and the lessons list, as the dashboard includes them.
PANELS = ["education/_dashboard_next_step.html", "education/_dashboard_lessons.html"]


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def panel(user):
    request = _request(user)
    context = lessons_panel(user, timezone.localdate())
    return "".join(render_to_string(name, context, request=request) for name in PANELS)


@pytest.fixture
def quiz():
    return build_quiz(lesson=LessonFactory(series=SeriesFactory(), order=1, title="First lesson"))


def read(user, lesson):
    return LessonProgressFactory(user=user, lesson=lesson, finished_reading_at=timezone.now())


def test_summary_gives_best_score_attempts_and_the_attempt_under_way(patient, other_patient, quiz):
    finished_attempt(patient, quiz, wrong_positions=(1, 2, 3))  # 40%
    finished_attempt(patient, quiz, wrong_positions=(1,))  # 80%
    under_way = start_attempt(user=patient, quiz=quiz)
    finished_attempt(other_patient, quiz)  # 100%, somebody else's
    assert quiz_summary_by_lesson(patient) == {
        quiz.lesson_id: {"best": 80, "finished": 2, "under_way": under_way.pk}
    }


def test_a_failed_quiz_is_offered_again_with_the_best_score(patient, quiz):
    read(patient, quiz.lesson)
    finished_attempt(patient, quiz, wrong_positions=(1, 2))
    html = panel(patient)
    assert "Try the quiz again" in html and "Your best score so far is 60%" in html
    assert f'href="{reverse("education:quiz", args=[quiz.lesson.slug])}"' in html
    assert "Quiz due</span>; best quiz score 60%" in html


def test_a_quiz_under_way_leads_back_into_it(patient, quiz):
    read(patient, quiz.lesson)
    attempt = start_attempt(user=patient, quiz=quiz)
    html = panel(patient)
    assert "Carry on with the quiz" in html
    assert f'href="{attempt_url("attempt", attempt)}"' in html


def test_a_passed_quiz_after_reading_shows_the_lesson_complete(patient, quiz):
    read(patient, quiz.lesson)
    finished_attempt(patient, quiz)
    html = panel(patient)
    assert "Complete</span>" in html
    assert "You have completed 1 of 1 lesson." in html
    assert "you have completed every lesson" in html


def test_a_passed_quiz_before_reading_says_so_and_leads_to_the_reading(patient, quiz):
    LessonProgressFactory(user=patient, lesson=quiz.lesson, sections_reached=1)
    finished_attempt(patient, quiz)
    html = panel(patient)
    assert "Reading</span>" in html and "; quiz passed" in html
    assert "Continue reading" in html


def test_panel_query_count_does_not_grow_with_attempts(patient, django_assert_num_queries):
    series = SeriesFactory()
    for size in (1, 4):
        while series.lessons.count() < size:
            quiz = build_quiz(lesson=LessonFactory(series=series, order=series.lessons.count() + 1))
            read(patient, quiz.lesson)
            for _ in range(3):
                finished_attempt(patient, quiz, wrong_positions=(1, 2))
        catalogue()  # the published lessons: once per content change
        # progress, quiz attempts, assignments
        with django_assert_num_queries(3):
            context = lessons_panel(patient, timezone.localdate())
        assert [row["quiz"]["finished"] for row in context["education_lessons"]] == [3] * size
