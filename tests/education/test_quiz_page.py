"""The quiz overview (education:quiz) and starting an attempt (education:quiz_start)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from education.models import AttemptFocus, LessonProgress, QuizAttempt, Status
from education.quiz_services import start_attempt
from tests.education.quiz_helpers import attempt_url, finished_attempt, quiz_url
from tests.factories import LessonFactory, QuizFactory, build_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return build_quiz()


# --- the overview --------------------------------------------------------------------------


def test_overview_before_any_attempt(patient_client, quiz):
    response = patient_client.get(quiz_url("quiz", quiz))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert f"Quiz: {quiz.lesson.title}" in html
    assert "5 short questions" in html
    assert "get 80% or more" in html
    assert f'action="{quiz_url("quiz_start", quiz)}"' in html
    assert "Start the quiz" in html
    assert "Your attempts" not in html
    # Not finished reading yet: a gentle pointer to the lesson.
    assert "Read the lesson first" in html
    assert f'href="/lessons/{quiz.lesson.slug}/"' in html


def test_overview_shows_best_score_and_history_of_this_patient_only(
    patient_client, patient, other_patient, quiz
):
    finished_attempt(patient, quiz, wrong_positions=(1, 2, 3))  # 2 of 5
    best = finished_attempt(patient, quiz, wrong_positions=(2,))  # 4 of 5, passed
    finished_attempt(patient, quiz, wrong_positions=(1, 2))  # 3 of 5, the latest
    finished_attempt(other_patient, quiz)  # 5 of 5, somebody else's
    html = patient_client.get(quiz_url("quiz", quiz)).content.decode()
    assert "Your best score" in html
    assert "4 out of 5 right (80%)" in html
    assert "5 out of 5" not in html
    assert html.count("See answers") == 3
    assert attempt_url("attempt_result", best) in html
    assert "Passed" in html and "Not passed yet" in html
    # The latest attempt missed 2 questions: they can be tried again on their own.
    assert "Try the 2 questions I missed" in html
    assert "Take the whole quiz again" in html


def test_overview_with_an_attempt_under_way_offers_to_carry_on(patient_client, patient, quiz):
    attempt = start_attempt(user=patient, quiz=quiz)
    html = patient_client.get(quiz_url("quiz", quiz)).content.decode()
    assert "Carry on with the quiz" in html
    assert attempt_url("attempt", attempt) in html
    assert "You have answered 0 of 5 questions" in html
    assert "Start the quiz" not in html


def test_overview_after_reading_drops_the_reading_tip(patient_client, patient, quiz):
    LessonProgress.objects.create(user=patient, lesson=quiz.lesson, finished_reading_at=timezone.now())
    html = patient_client.get(quiz_url("quiz", quiz)).content.decode()
    assert "Read the lesson first" not in html


def test_overview_of_a_quiz_without_questions(patient_client):
    quiz = QuizFactory()
    html = patient_client.get(quiz_url("quiz", quiz)).content.decode()
    assert "not ready yet" in html
    assert "Start the quiz" not in html


def test_overview_of_an_unpublished_lesson_is_404(patient_client):
    quiz = build_quiz(lesson=LessonFactory(status=Status.DRAFT))
    assert patient_client.get(quiz_url("quiz", quiz)).status_code == 404


def test_an_editors_working_copy_never_shows_its_quiz(patient_client):
    published = LessonFactory()
    build_quiz(lesson=published, size=5)
    copy = LessonFactory(
        slug=published.slug, order=published.order, draft_of=published, status=Status.PUBLISHED
    )
    build_quiz(lesson=copy, size=7)
    html = patient_client.get(reverse("education:quiz", args=[published.slug])).content.decode()
    assert "5 short questions" in html


def test_overview_of_an_unknown_lesson_is_404(patient_client):
    assert patient_client.get(reverse("education:quiz", args=["no-such-lesson"])).status_code == 404


def test_overview_needs_a_login(client, quiz):
    response = client.get(quiz_url("quiz", quiz))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_overview_refuses_post(patient_client, quiz):
    assert patient_client.post(quiz_url("quiz", quiz)).status_code == 405


def test_overview_is_a_whole_page_for_htmx_too(patient_client, quiz, htmx_headers):
    # Nothing on the page is fetched by htmx; a boosted or history request gets the full page.
    response = patient_client.get(quiz_url("quiz", quiz), **htmx_headers)
    assert response.status_code == 200
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("size", [5, 12])
def test_overview_query_count_does_not_grow(patient_client, patient, django_assert_num_queries, size):
    quiz = build_quiz(size=size)
    for _ in range(1 if size == 5 else 6):
        finished_attempt(patient, quiz, wrong_positions=(1,))
    start_attempt(user=patient, quiz=quiz)
    url = quiz_url("quiz", quiz)
    patient_client.get(url)  # the catalogue (with the number of questions): once per content change
    # session, user, quiz with its lesson and the reading progress, attempts with their answer counts
    with django_assert_num_queries(4):
        response = patient_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{size} short questions" in html and f"You have answered 0 of {size} questions." in html


# --- starting ------------------------------------------------------------------------------


def test_start_opens_an_attempt_with_a_copy_of_the_quiz(patient_client, patient, quiz):
    response = patient_client.post(quiz_url("quiz_start", quiz), {"focus": "all"})
    attempt = QuizAttempt.objects.get(user=patient)
    assert response.status_code == 302
    assert response["Location"] == attempt_url("attempt", attempt)
    assert (attempt.total, attempt.pass_mark, attempt.lesson_version) == (5, 80, 1)
    assert [q["prompt"] for q in attempt.questions][:2] == ["Question 1 (single)?", "Question 2 (multiple)?"]
    assert attempt.focus == AttemptFocus.ALL and attempt.submitted_at is None


def test_start_twice_resumes_the_same_attempt(patient_client, patient, quiz):
    first = patient_client.post(quiz_url("quiz_start", quiz), {"focus": "all"})
    second = patient_client.post(quiz_url("quiz_start", quiz), {"focus": "all"})
    assert first["Location"] == second["Location"]
    assert QuizAttempt.objects.filter(user=patient).count() == 1


def test_start_missed_questions_after_a_failed_attempt(patient_client, patient, quiz):
    failed = finished_attempt(patient, quiz, wrong_positions=(1, 2))
    response = patient_client.post(quiz_url("quiz_start", quiz), {"focus": "missed"})
    retake = QuizAttempt.objects.get(user=patient, submitted_at__isnull=True)
    assert response["Location"] == attempt_url("attempt", retake)
    assert retake.follows == failed and retake.focus == AttemptFocus.MISSED
    assert retake.answers.filter(carried_over=True).count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"focus": "missed"}, "There are no missed questions to go over"),
        ({"focus": "everything"}, "Choose whether to take the whole quiz"),
        ({}, "Choose whether to take the whole quiz"),
    ],
)
def test_start_with_bad_input_is_422_and_stores_nothing(patient_client, patient, quiz, data, message):
    response = patient_client.post(quiz_url("quiz_start", quiz), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#quiz-start"' in html
    assert html.count(message) == 2  # in the summary and beside the buttons
    assert "<title>Error: " in html
    assert not QuizAttempt.objects.exists()


def test_start_a_quiz_without_questions_says_so(patient_client, patient):
    quiz = QuizFactory()
    response = patient_client.post(quiz_url("quiz_start", quiz), {"focus": "all"}, follow=True)
    assert "This quiz is not ready yet" in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_start_an_unpublished_quiz_is_404(patient_client):
    quiz = build_quiz(lesson=LessonFactory(status=Status.DRAFT))
    assert patient_client.post(quiz_url("quiz_start", quiz), {"focus": "all"}).status_code == 404
    assert not QuizAttempt.objects.exists()


def test_start_refuses_get(patient_client, quiz):
    assert patient_client.get(quiz_url("quiz_start", quiz)).status_code == 405


def test_staff_are_sent_to_the_admin(client, therapist, quiz):
    client.force_login(therapist)
    response = client.post(quiz_url("quiz_start", quiz), {"focus": "all"})
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert not QuizAttempt.objects.exists()
