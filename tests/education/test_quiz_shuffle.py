"""Answer order: shuffled for each attempt, stored in its snapshot, the same on every page of
that attempt, and scored by choice id (so the order never changes the score)."""

import random

import pytest
from django.urls import reverse

from education.models import AttemptFocus, QuestionKind
from education.quiz_services import (
    attempt_view,
    shuffled_choices,
    snapshot_questions,
    start_attempt,
    submit_attempt,
)
from tests.education.quiz_helpers import answer_all, question_url, right
from tests.factories import PatientFactory, build_quiz

pytestmark = pytest.mark.django_db


def choice_ids(questions):
    return [[c["id"] for c in q["choices"]] for q in questions]


def test_each_attempt_stores_its_own_shuffled_order_of_the_quizs_choices():
    quiz = build_quiz(size=6)
    in_quiz = choice_ids(snapshot_questions(quiz))
    orders = set()
    for _ in range(8):
        attempt = start_attempt(user=PatientFactory(), quiz=quiz)
        stored = choice_ids(attempt.questions)
        # The same choices, each question keeping its own, only their order differs.
        assert [sorted(ids) for ids in stored] == [sorted(ids) for ids in in_quiz]
        orders.add(tuple(map(tuple, stored)))
    # 8 attempts with 4 shuffled questions of 3-4 choices: one order for all is (1/1728)^7 unlikely.
    assert len(orders) > 1


def test_true_false_keeps_true_before_false():
    quiz = build_quiz(size=6)
    attempt = start_attempt(user=PatientFactory(), quiz=quiz)
    for question in attempt.questions:
        if question["kind"] == QuestionKind.TRUE_FALSE:
            assert [c["text"] for c in question["choices"]] == ["True", "False"]


def test_shuffling_is_seedable_and_moves_the_right_answer_off_the_first_place():
    questions = [
        {"kind": "single", "choices": [{"id": n, "correct": n == 1} for n in range(1, 5)]} for _ in range(20)
    ]
    shuffled_choices(questions, rng=random.Random(4))
    first_is_right = [q["choices"][0]["correct"] for q in questions]
    assert not all(first_is_right)


def test_the_order_is_the_same_on_every_page_of_the_attempt(client):
    patient = PatientFactory()
    quiz = build_quiz(size=3)
    attempt = start_attempt(user=patient, quiz=quiz)
    client.force_login(patient)
    texts = [c["text"] for c in attempt.questions[0]["choices"]]
    pages = [client.get(question_url(attempt, 1)).content.decode() for _ in range(3)]
    for html in pages:
        positions = [html.index(f">{text}</label>") for text in texts]
        assert positions == sorted(positions)
    # A second start while this one is under way returns it, order and all.
    again = start_attempt(user=patient, quiz=quiz)
    assert again.pk == attempt.pk and choice_ids(again.questions) == choice_ids(attempt.questions)


def test_a_shuffled_attempt_answered_right_scores_full_marks_and_its_result_keeps_the_order(client):
    patient = PatientFactory()
    quiz = build_quiz(size=5)
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt)
    attempt = submit_attempt(attempt=attempt)
    assert attempt.score == attempt.total == 5
    view = attempt_view(attempt, list(attempt.answers.all()))
    assert [[c["id"] for c in q.choices] for q in view.questions] == choice_ids(attempt.questions)
    client.force_login(patient)
    html = client.get(
        reverse("education:attempt_result", args=[quiz.lesson.slug, attempt.pk])
    ).content.decode()
    first = attempt.questions[0]["choices"]
    positions = [html.index(c["text"]) for c in first]
    assert positions == sorted(positions)


def test_a_wrong_choice_is_scored_wrong_whatever_its_place():
    patient = PatientFactory()
    quiz = build_quiz(size=5)
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt, wrong_positions=(1, 2))
    attempt = submit_attempt(attempt=attempt)
    assert attempt.score == 3


def test_a_retake_of_missed_questions_keeps_right_answers_though_the_order_changed():
    patient = PatientFactory()
    quiz = build_quiz(size=5)
    first = start_attempt(user=patient, quiz=quiz)
    answer_all(first, wrong_positions=(2,))
    submit_attempt(attempt=first)
    retake = start_attempt(user=patient, quiz=quiz, focus=AttemptFocus.MISSED)
    carried = retake.answers.filter(carried_over=True)
    assert carried.count() == 4
    for answer in carried:
        assert sorted(answer.selected) == sorted(right(retake.questions[answer.position - 1]))
