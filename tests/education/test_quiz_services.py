"""Scoring, the pass mark, retakes, history pinning and idempotency of quiz attempts."""

import pytest
from django.utils import timezone

from education.models import AttemptFocus, Choice, LessonProgress, Question, QuizAnswer, QuizAttempt
from education.progress import LessonState, lesson_state
from education.quiz_services import (
    AttemptClosed,
    AttemptIncomplete,
    NothingToRetake,
    QuizNotReady,
    is_correct_answer,
    record_answer,
    start_attempt,
    submit_attempt,
)
from tests.education.quiz_helpers import answer_all, right, wrong
from tests.factories import QuizFactory, build_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return build_quiz()


# --- scoring per kind ----------------------------------------------------------------------


def snapshot(kind, rights):
    return {"kind": kind, "choices": [{"id": i, "correct": r} for i, r in enumerate(rights, start=1)]}


def test_single_choice_right_only_with_the_correct_choice():
    question = snapshot("single", [False, True, False])
    assert is_correct_answer(question, [2])
    assert not is_correct_answer(question, [1])
    assert not is_correct_answer(question, [1, 2])


def test_true_false_right_only_with_the_correct_choice():
    question = snapshot("true_false", [False, True])
    assert is_correct_answer(question, [2])
    assert not is_correct_answer(question, [1])


def test_multiple_select_right_only_with_exactly_the_correct_set():
    question = snapshot("multiple", [True, True, False, False])
    assert is_correct_answer(question, [1, 2])
    assert is_correct_answer(question, [2, 1])
    assert not is_correct_answer(question, [1]), "a subset of the right choices is not right"
    assert not is_correct_answer(question, [1, 2, 3]), "the right choices plus a wrong one is not right"
    assert not is_correct_answer(question, [3, 4])
    assert not is_correct_answer(question, [])


def test_recorded_answers_are_scored_per_kind(patient, quiz):
    attempt = start_attempt(user=patient, quiz=quiz)
    multiple = attempt.questions[1]
    assert multiple["kind"] == "multiple"
    partial, _ = record_answer(attempt=attempt, position=2, choice_ids=right(multiple)[:1])
    single, _ = record_answer(attempt=attempt, position=1, choice_ids=right(attempt.questions[0]))
    true_false, _ = record_answer(attempt=attempt, position=3, choice_ids=wrong(attempt.questions[2]))
    assert (partial.is_correct, single.is_correct, true_false.is_correct) == (False, True, False)


# --- pass mark -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pass_mark", "wrong_positions", "score", "passed"),
    [
        (80, (), 5, True),
        (80, (1,), 4, True),  # 4 of 5 is exactly 80%
        (80, (1, 2), 3, False),
        (60, (1, 2), 3, True),
        (100, (5,), 4, False),
    ],
)
def test_pass_mark_decides_the_result(patient, pass_mark, wrong_positions, score, passed):
    quiz = build_quiz(pass_mark=pass_mark)
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt, wrong_positions=wrong_positions)
    attempt = submit_attempt(attempt=attempt)
    assert (attempt.score, attempt.passed, attempt.pass_mark) == (score, passed, pass_mark)
    assert attempt.submitted_at is not None


def test_shown_percent_reaches_the_pass_mark_only_when_passed(patient):
    quiz = build_quiz(pass_mark=80, size=6)
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt, wrong_positions=(6,))  # 5 of 6 = 83.3%
    attempt = submit_attempt(attempt=attempt)
    assert (attempt.percent, attempt.passed) == (83, True)
    quiz2 = build_quiz(pass_mark=80, size=9)
    attempt2 = start_attempt(user=patient, quiz=quiz2)
    answer_all(attempt2, wrong_positions=(1, 2))  # 7 of 9 = 77.7%, rounded down, not up to 78
    attempt2 = submit_attempt(attempt=attempt2)
    assert (attempt2.percent, attempt2.passed) == (77, False)


def test_pass_mark_is_pinned_when_the_attempt_starts(patient, quiz):
    attempt = start_attempt(user=patient, quiz=quiz)
    quiz.pass_mark = 100
    quiz.save()
    answer_all(attempt, wrong_positions=(1,))
    assert submit_attempt(attempt=attempt).passed is True


# --- progress ------------------------------------------------------------------------------


def test_passing_after_reading_completes_the_lesson(patient, quiz):
    read = timezone.now()
    LessonProgress.objects.create(user=patient, lesson=quiz.lesson, finished_reading_at=read, read_version=1)
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt)
    submit_attempt(attempt=attempt)
    progress = LessonProgress.objects.get(user=patient, lesson=quiz.lesson)
    assert progress.quiz_passed_at is not None
    assert progress.completed_at == progress.quiz_passed_at
    assert lesson_state(progress) == LessonState.COMPLETE


def test_passing_before_reading_records_the_pass_but_does_not_complete(patient, quiz):
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt)
    submit_attempt(attempt=attempt)
    progress = LessonProgress.objects.get(user=patient, lesson=quiz.lesson)
    assert progress.quiz_passed_at is not None
    assert progress.completed_at is None


def test_failing_leaves_progress_without_a_pass(patient, quiz):
    LessonProgress.objects.create(user=patient, lesson=quiz.lesson, finished_reading_at=timezone.now())
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt, wrong_positions=(1, 2, 3))
    submit_attempt(attempt=attempt)
    progress = LessonProgress.objects.get(user=patient, lesson=quiz.lesson)
    assert (progress.quiz_passed_at, progress.completed_at) == (None, None)
    assert lesson_state(progress) == LessonState.QUIZ_DUE


def test_a_later_pass_keeps_the_first_pass_time(patient, quiz):
    for _ in range(2):
        attempt = start_attempt(user=patient, quiz=quiz)
        answer_all(attempt)
        submit_attempt(attempt=attempt)
        if _ == 0:
            first = LessonProgress.objects.get(user=patient, lesson=quiz.lesson).quiz_passed_at
    assert LessonProgress.objects.get(user=patient, lesson=quiz.lesson).quiz_passed_at == first


# --- idempotency ---------------------------------------------------------------------------


def test_starting_twice_resumes_the_attempt_under_way(patient, quiz):
    first = start_attempt(user=patient, quiz=quiz)
    second = start_attempt(user=patient, quiz=quiz)
    assert first.pk == second.pk
    assert QuizAttempt.objects.count() == 1


def test_answering_twice_keeps_the_first_answer(patient, quiz):
    attempt = start_attempt(user=patient, quiz=quiz)
    first, created = record_answer(attempt=attempt, position=1, choice_ids=right(attempt.questions[0]))
    again, created_again = record_answer(attempt=attempt, position=1, choice_ids=wrong(attempt.questions[0]))
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.is_correct
    assert QuizAnswer.objects.filter(attempt=attempt).count() == 1


def test_submitting_twice_scores_once(patient, quiz):
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt, wrong_positions=(1, 2))
    first = submit_attempt(attempt=attempt)
    # Even if the answers were somehow changed afterwards, the score stays the first one.
    QuizAnswer.objects.filter(attempt=attempt).update(is_correct=True)
    second = submit_attempt(attempt=attempt)
    assert (first.score, second.score) == (3, 3)
    assert second.submitted_at == first.submitted_at


def test_no_answer_after_submission(patient, quiz):
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt)
    submit_attempt(attempt=attempt)
    QuizAnswer.objects.filter(attempt=attempt, position=1).delete()
    with pytest.raises(AttemptClosed):
        record_answer(attempt=attempt, position=1, choice_ids=right(attempt.questions[0]))


def test_submitting_with_questions_unanswered_is_refused(patient, quiz):
    attempt = start_attempt(user=patient, quiz=quiz)
    record_answer(attempt=attempt, position=1, choice_ids=right(attempt.questions[0]))
    with pytest.raises(AttemptIncomplete) as refused:
        submit_attempt(attempt=attempt)
    assert refused.value.position == 2
    attempt.refresh_from_db()
    assert attempt.score is None and attempt.submitted_at is None


def test_a_quiz_without_questions_cannot_be_started(patient):
    with pytest.raises(QuizNotReady):
        start_attempt(user=patient, quiz=QuizFactory())
    assert not QuizAttempt.objects.exists()


# --- retakes -------------------------------------------------------------------------------


def test_retake_of_missed_questions_keeps_right_answers_and_scores_the_whole_quiz(patient, quiz):
    first = start_attempt(user=patient, quiz=quiz)
    answer_all(first, wrong_positions=(2, 4))
    first = submit_attempt(attempt=first)
    assert (first.score, first.passed) == (3, False)

    retake = start_attempt(user=patient, quiz=quiz, focus=AttemptFocus.MISSED)
    carried = retake.answers.filter(carried_over=True)
    assert sorted(carried.values_list("position", flat=True)) == [1, 3, 5]
    assert retake.follows_id == first.pk and retake.focus == AttemptFocus.MISSED
    answer_all(retake)
    retake = submit_attempt(attempt=retake)
    assert (retake.score, retake.total, retake.passed) == (5, 5, True)


def test_retake_of_missed_questions_asks_again_a_question_changed_since(patient, quiz):
    first = start_attempt(user=patient, quiz=quiz)
    answer_all(first, wrong_positions=(2,))
    submit_attempt(attempt=first)
    question = Question.objects.get(quiz=quiz, order=1)
    question.prompt = "A reworded question?"
    question.save()
    retake = start_attempt(user=patient, quiz=quiz, focus=AttemptFocus.MISSED)
    assert sorted(retake.answers.values_list("position", flat=True)) == [3, 4, 5]


def test_retake_of_missed_questions_needs_a_missed_question(patient, quiz):
    with pytest.raises(NothingToRetake):
        start_attempt(user=patient, quiz=quiz, focus=AttemptFocus.MISSED)
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt)
    submit_attempt(attempt=attempt)
    with pytest.raises(NothingToRetake):
        start_attempt(user=patient, quiz=quiz, focus=AttemptFocus.MISSED)
    assert QuizAttempt.objects.count() == 1


# --- history pinning -----------------------------------------------------------------------


def test_an_edit_after_the_attempt_never_rewrites_its_history(patient, quiz):
    lesson = quiz.lesson
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt, wrong_positions=(1,))
    attempt = submit_attempt(attempt=attempt)
    taken = attempt.questions

    # An editor rewords a question, swaps its right answer, deletes another, publishes a new version.
    question = Question.objects.get(quiz=quiz, order=1)
    question.prompt = "Changed wording?"
    question.save()
    Choice.objects.filter(question=question).update(is_correct=True)
    Question.objects.get(quiz=quiz, order=5).delete()
    lesson.version = 2
    lesson.save()

    attempt.refresh_from_db()
    assert attempt.questions == taken
    assert attempt.questions[0]["prompt"] == "Question 1 (single)?"
    assert (attempt.lesson_version, attempt.score, attempt.total) == (1, 4, 5)
    assert QuizAnswer.objects.filter(attempt=attempt).count() == 5
    assert QuizAnswer.objects.get(attempt=attempt, position=5).question_id is None
    assert QuizAnswer.objects.get(attempt=attempt, position=1).is_correct is False

    # The next attempt takes the quiz as it is now.
    attempt2 = start_attempt(user=patient, quiz=quiz)
    assert (attempt2.lesson_version, attempt2.total) == (2, 4)
    assert attempt2.questions[0]["prompt"] == "Changed wording?"


def test_an_answer_to_a_question_deleted_mid_attempt_is_still_stored(patient, quiz):
    attempt = start_attempt(user=patient, quiz=quiz)
    Question.objects.get(quiz=quiz, order=2).delete()
    answer, created = record_answer(attempt=attempt, position=2, choice_ids=right(attempt.questions[1]))
    assert created and answer.is_correct and answer.question_id is None
