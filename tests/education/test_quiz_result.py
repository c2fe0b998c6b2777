"""Submitting an attempt (education:attempt_submit) and its result (education:attempt_result)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from education.models import Choice, LessonProgress, Question, QuizAnswer, QuizAttempt
from education.quiz_services import record_answer, start_attempt
from tests.education.quiz_helpers import answer_all, attempt_url, finished_attempt, question_url, right
from tests.factories import LessonFactory, PatientFactory, build_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return build_quiz()


@pytest.fixture
def answered(patient, quiz):
    """An attempt with every question answered, one of them wrongly, not yet submitted."""
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt, wrong_positions=(2,))
    return attempt


# --- submitting ----------------------------------------------------------------------------


def test_submit_scores_the_attempt_and_shows_the_result(patient_client, patient, answered):
    LessonProgress.objects.create(
        user=patient, lesson=answered.quiz.lesson, finished_reading_at=timezone.now()
    )
    response = patient_client.post(attempt_url("attempt_submit", answered))
    assert response.status_code == 302 and response["Location"] == attempt_url("attempt_result", answered)
    answered.refresh_from_db()
    assert (answered.score, answered.passed) == (4, True) and answered.submitted_at
    progress = LessonProgress.objects.get(user=patient, lesson=answered.quiz.lesson)
    assert progress.quiz_passed_at == answered.submitted_at
    assert progress.completed_at == answered.submitted_at


def test_double_submit_keeps_one_score(patient_client, answered):
    patient_client.post(attempt_url("attempt_submit", answered))
    answered.refresh_from_db()
    first = (answered.score, answered.submitted_at)
    QuizAnswer.objects.filter(attempt=answered).update(is_correct=False)
    response = patient_client.post(attempt_url("attempt_submit", answered))
    assert response["Location"] == attempt_url("attempt_result", answered)
    answered.refresh_from_db()
    assert (answered.score, answered.submitted_at) == first
    assert QuizAttempt.objects.submitted().count() == 1


def test_submit_with_a_question_unanswered_goes_back_to_it(patient_client, patient, quiz):
    attempt = start_attempt(user=patient, quiz=quiz)
    record_answer(attempt=attempt, position=1, choice_ids=right(attempt.questions[0]))
    response = patient_client.post(attempt_url("attempt_submit", attempt), follow=True)
    assert response.redirect_chain[-1][0] == question_url(attempt, 2)
    assert "Please answer this question first" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.score is None


def test_submit_another_patients_attempt_is_404(client, answered):
    client.force_login(PatientFactory())
    assert client.post(attempt_url("attempt_submit", answered)).status_code == 404
    answered.refresh_from_db()
    assert answered.submitted_at is None


def test_submit_for_an_unpublished_quiz_is_404(patient_client, answered):
    lesson = answered.quiz.lesson
    lesson.status = "draft"
    lesson.save()
    assert patient_client.post(attempt_url("attempt_submit", answered)).status_code == 404
    answered.refresh_from_db()
    assert answered.submitted_at is None


def test_submit_refuses_get(patient_client, answered):
    assert patient_client.get(attempt_url("attempt_submit", answered)).status_code == 405


# --- the result ----------------------------------------------------------------------------


def test_result_of_a_failed_attempt(patient_client, patient, quiz):
    attempt = finished_attempt(patient, quiz, wrong_positions=(2, 3))
    response = patient_client.get(attempt_url("attempt_result", attempt))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Not passed yet" in html
    assert "You got 3 out of 5 questions right (60%)" in html and "The pass mark is 80%" in html
    for number in range(1, 6):
        assert f"Explanation {number}." in html
    assert html.count("Not quite") == 2 and html.count("> Correct</span>") == 3
    assert html.count(f'href="/lessons/{quiz.lesson.slug}/#section-1"') == 5
    assert "Try the 2 questions I missed" in html
    assert "This question has 2 right answers" in html  # the multiple-select one was missed


def test_result_of_a_pass_before_reading_says_what_is_left(patient_client, patient, quiz):
    attempt = finished_attempt(patient, quiz)
    html = patient_client.get(attempt_url("attempt_result", attempt)).content.decode()
    assert "You passed" in html
    assert "read it to the end" in html
    assert "This lesson is now complete" not in html
    assert "questions I missed" not in html


def test_result_of_a_pass_after_reading_says_complete_and_leads_on(patient_client, patient, quiz):
    next_lesson = LessonFactory(series=quiz.lesson.series, order=quiz.lesson.order + 1, title="The next one")
    LessonProgress.objects.create(user=patient, lesson=quiz.lesson, finished_reading_at=timezone.now())
    attempt = finished_attempt(patient, quiz)
    html = patient_client.get(attempt_url("attempt_result", attempt)).content.decode()
    assert "This lesson is now complete" in html
    assert f'href="{next_lesson.get_absolute_url()}">Next lesson: The next one</a>' in html
    assert f'href="{reverse("accounts:dashboard")}"' in html


def test_result_of_an_older_attempt_offers_no_retake_from_it(patient_client, patient, quiz):
    older = finished_attempt(patient, quiz, wrong_positions=(1, 2))
    finished_attempt(patient, quiz, wrong_positions=(1, 2, 3))
    html = patient_client.get(attempt_url("attempt_result", older)).content.decode()
    assert "questions I missed" not in html


def test_result_keeps_the_questions_as_taken_after_an_edit(patient_client, patient, quiz):
    attempt = finished_attempt(patient, quiz, wrong_positions=(1,))
    question = Question.objects.get(quiz=quiz, order=1)
    question.prompt = "A reworded question?"
    question.explanation = "A new explanation."
    question.save()
    Choice.objects.filter(question=question).update(is_correct=True, text="Changed")
    lesson = quiz.lesson
    lesson.version = 2
    lesson.save()
    html = patient_client.get(attempt_url("attempt_result", attempt)).content.decode()
    assert "Question 1 (single)?" in html and "Explanation 1." in html
    assert "A reworded question?" not in html and "Changed" not in html
    assert "You got 4 out of 5" in html
    assert "The lesson has been updated since you took this quiz" in html


def test_result_of_a_retake_counts_the_answers_kept_from_last_time(patient_client, patient, quiz):
    finished_attempt(patient, quiz, wrong_positions=(2, 4))
    retake = start_attempt(user=patient, quiz=quiz, focus="missed")
    answer_all(retake)
    patient_client.post(attempt_url("attempt_submit", retake))
    html = patient_client.get(attempt_url("attempt_result", retake)).content.decode()
    assert "You got 5 out of 5 questions right (100%)" in html
    assert "This includes 3 questions you got right last time" in html
    assert html.count("You got this right last time") == 3


def test_result_of_an_attempt_under_way_goes_to_the_attempt(patient_client, patient, quiz):
    attempt = start_attempt(user=patient, quiz=quiz)
    response = patient_client.get(attempt_url("attempt_result", attempt))
    assert response["Location"] == attempt_url("attempt", attempt)


def test_result_of_another_patients_attempt_is_404(client, patient, quiz):
    attempt = finished_attempt(patient, quiz)
    client.force_login(PatientFactory())
    assert client.get(attempt_url("attempt_result", attempt)).status_code == 404


def test_result_refuses_post(patient_client, patient, quiz):
    attempt = finished_attempt(patient, quiz)
    assert patient_client.post(attempt_url("attempt_result", attempt)).status_code == 405


def test_result_is_a_whole_page_for_htmx_too(patient_client, patient, quiz, htmx_headers):
    attempt = finished_attempt(patient, quiz)
    response = patient_client.get(attempt_url("attempt_result", attempt), **htmx_headers)
    assert response.status_code == 200 and "<h1>Your result</h1>" in response.content.decode()


@pytest.mark.parametrize("size", [5, 15])
def test_result_query_count_does_not_grow(patient_client, patient, django_assert_num_queries, size):
    quiz = build_quiz(size=size)
    for _ in range(1 if size == 5 else 4):
        attempt = finished_attempt(patient, quiz, wrong_positions=(1,))
    url = attempt_url("attempt_result", attempt)
    # session, user, attempt+quiz+lesson, progress, latest attempt, next lesson, answers
    with django_assert_num_queries(7):
        assert patient_client.get(url).status_code == 200
