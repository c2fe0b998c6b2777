"""The database itself refuses impossible quiz attempts and answers, whatever the forms do."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from education.models import QuizAnswer, QuizAttempt
from education.quiz_services import snapshot_questions
from tests.factories import build_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return build_quiz()


def make_attempt(user, quiz, **extra):
    questions = snapshot_questions(quiz)
    values = {
        "user": user,
        "quiz": quiz,
        "lesson_version": 1,
        "pass_mark": quiz.pass_mark,
        "questions": questions,
        "total": len(questions),
        **extra,
    }
    return QuizAttempt.objects.create(**values)


def refused(constraint_name, make, *, unique_columns=None):
    """`make` must fail on the named constraint. PostgreSQL names every constraint in its
    message; SQLite names CHECK constraints but lists the columns of a UNIQUE one."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        make()
    message = str(error.value)
    sqlite_unique = unique_columns and f"UNIQUE constraint failed: {unique_columns}" in message
    assert constraint_name in message or sqlite_unique, message


def test_one_attempt_under_way_per_patient_and_quiz(patient, other_patient, quiz):
    make_attempt(patient, quiz)
    refused(
        "education_attempt_one_open_per_quiz",
        lambda: make_attempt(patient, quiz),
        unique_columns="education_quizattempt.user_id, education_quizattempt.quiz_id",
    )
    make_attempt(other_patient, quiz)  # another patient may
    now = timezone.now()
    make_attempt(patient, quiz, score=5, passed=True, submitted_at=now)  # a finished one may
    assert QuizAttempt.objects.count() == 3


def test_score_within_zero_and_total(patient, quiz):
    now = timezone.now()
    refused(
        "education_attempt_score_in_range",
        lambda: make_attempt(patient, quiz, score=6, passed=True, submitted_at=now),
    )


def test_score_only_with_a_submission(patient, quiz):
    refused(
        "education_attempt_scored_when_submitted",
        lambda: make_attempt(patient, quiz, score=3, passed=False),
    )
    refused(
        "education_attempt_scored_when_submitted",
        lambda: make_attempt(patient, quiz, submitted_at=timezone.now()),
    )


def test_result_must_match_score_and_pass_mark(patient, quiz):
    now = timezone.now()
    refused(
        "education_attempt_passed_matches_score",
        lambda: make_attempt(patient, quiz, score=3, passed=True, submitted_at=now),
    )
    refused(
        "education_attempt_passed_matches_score",
        lambda: make_attempt(patient, quiz, score=4, passed=False, submitted_at=now),
    )
    assert make_attempt(patient, quiz, score=4, passed=True, submitted_at=now).percent == 80


def test_attempt_needs_questions_and_a_valid_pass_mark_and_focus(patient, quiz):
    refused("education_attempt_total_positive", lambda: make_attempt(patient, quiz, total=0))
    refused("education_attempt_pass_mark_range", lambda: make_attempt(patient, quiz, pass_mark=101))
    refused("education_attempt_focus_valid", lambda: make_attempt(patient, quiz, focus="some"))


def test_one_answer_per_question_per_attempt(patient, quiz):
    attempt = make_attempt(patient, quiz)
    question = quiz.questions.first()
    QuizAnswer.objects.create(attempt=attempt, position=1, question=question, selected=[1], is_correct=False)
    refused(
        "education_answer_one_per_position",
        lambda: QuizAnswer.objects.create(attempt=attempt, position=1, selected=[2], is_correct=True),
        unique_columns="education_quizanswer.attempt_id, education_quizanswer.position",
    )
    refused(
        "education_answer_one_per_question",
        lambda: QuizAnswer.objects.create(
            attempt=attempt, position=2, question=question, selected=[2], is_correct=True
        ),
        unique_columns="education_quizanswer.attempt_id, education_quizanswer.question_id",
    )
    refused(
        "education_answer_position_positive",
        lambda: QuizAnswer.objects.create(attempt=attempt, position=0, selected=[2], is_correct=True),
    )


def test_str_and_ordering(patient, quiz):
    older = make_attempt(patient, quiz, score=1, passed=False, submitted_at=timezone.now())
    newer = make_attempt(patient, quiz)
    assert list(QuizAttempt.objects.all()) == [newer, older]
    assert quiz.lesson.title in str(newer)
