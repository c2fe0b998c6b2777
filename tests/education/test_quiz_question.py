"""One question of an attempt (education:attempt_question) and where an attempt carries on
(education:attempt): the form, answering with and without htmx, bad input, other people's
attempts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from education.models import QuizAnswer, Status
from education.quiz_services import record_answer, start_attempt
from tests.education.quiz_helpers import answer_all, attempt_url, finished_attempt, question_url, right, wrong
from tests.factories import PatientFactory, build_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return build_quiz()


@pytest.fixture
def attempt(patient, quiz):
    return start_attempt(user=patient, quiz=quiz)


def choice_inputs(html):
    return re.findall(r'<input class="form-check-input[^"]*" type="(\w+)" name="choice" value="(\d+)"', html)


# --- the form ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("position", "input_type", "count"), [(1, "radio", 3), (2, "checkbox", 4), (3, "radio", 2)]
)
def test_question_is_a_fieldset_with_a_legend_and_the_right_inputs(
    patient_client, attempt, position, input_type, count
):
    response = patient_client.get(question_url(attempt, position))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert f"Question {position} of 5" in html
    question = attempt.questions[position - 1]
    assert re.search(
        r'<fieldset class="quiz-fieldset">\s*<legend class="quiz-prompt">' + re.escape(question["prompt"]),
        html,
    )
    inputs = choice_inputs(html)
    assert [t for t, _ in inputs] == [input_type] * count
    assert [int(v) for _, v in inputs] == [c["id"] for c in question["choices"]]
    for choice in question["choices"]:
        label = f'<label class="form-check-label" for="q{position}-choice-{choice["id"]}">'
        assert label + choice["text"] + "</label>" in html
    if position == 3:
        assert ">True</label>" in html and ">False</label>" in html
    # How many to tick is said before the answer, not only after a miss (issue #18).
    right_count = sum(c["correct"] for c in question["choices"])
    if input_type == "checkbox":
        assert f'<p class="form-text quiz-how-many">Choose {right_count} answers.</p>' in html
    else:
        assert "Choose one answer." in html and "quiz-how-many" not in html
    assert 'class="btn btn-primary btn-lg">Check my answer</button>' in html
    assert f'hx-post="{question_url(attempt, position)}"' in html and 'hx-target="#quiz-question"' in html
    assert " style=" not in html and "<script>" not in html


# --- answering without JavaScript ----------------------------------------------------------


def test_a_right_answer_is_stored_then_shown_with_its_explanation(patient_client, attempt):
    url = question_url(attempt, 1)
    response = patient_client.post(url, {"choice": right(attempt.questions[0])})
    assert response.status_code == 302 and response["Location"] == url
    answer = QuizAnswer.objects.get(attempt=attempt, position=1)
    assert answer.is_correct and answer.selected == right(attempt.questions[0])

    html = patient_client.get(url).content.decode()
    assert 'role="status"' in html and "data-autofocus" in html
    assert '<span class="quiz-verdict__icon" aria-hidden="true">✓</span> Correct' in html
    assert "Explanation 1." in html
    assert f'href="/lessons/{attempt.quiz.lesson.slug}/#section-1"' in html
    assert "Score so far: 1 right out of 1 answered." in html
    assert "Your answer" in html and "Right answer" in html
    assert f'href="{question_url(attempt, 2)}">Next question</a>' in html
    assert '<form method="post" action="' + url not in html  # the form is gone


def test_a_wrong_answer_says_not_quite_and_shows_the_right_one(patient_client, attempt):
    url = question_url(attempt, 2)
    patient_client.post(url, {"choice": right(attempt.questions[1])[:1]})  # half of a multiple select
    html = patient_client.get(url).content.decode()
    assert '<span class="quiz-verdict__icon" aria-hidden="true">✗</span> Not quite' in html
    assert "Correct</span>" not in html
    assert html.count("Right answer") == 2
    assert "Score so far: 0 right out of 1 answered." in html
    assert QuizAnswer.objects.get(attempt=attempt, position=2).is_correct is False


def test_the_last_answer_leads_to_the_result(patient_client, attempt):
    answer_all(attempt, wrong_positions=())
    QuizAnswer.objects.filter(attempt=attempt, position=5).delete()
    url = question_url(attempt, 5)
    patient_client.post(url, {"choice": right(attempt.questions[4])})
    html = patient_client.get(url).content.decode()
    assert f'action="{attempt_url("attempt_submit", attempt)}"' in html
    assert "See my result" in html and "Next question" not in html
    assert "Score so far: 5 right out of 5 answered." in html


def test_answering_twice_keeps_the_first_answer(patient_client, attempt):
    url = question_url(attempt, 1)
    patient_client.post(url, {"choice": wrong(attempt.questions[0])})
    response = patient_client.post(url, {"choice": right(attempt.questions[0])})
    assert response.status_code == 302 and response["Location"] == url
    assert QuizAnswer.objects.filter(attempt=attempt).count() == 1
    assert QuizAnswer.objects.get(attempt=attempt).is_correct is False


# --- answering with htmx -------------------------------------------------------------------


def test_htmx_answer_returns_the_feedback_partial(patient_client, attempt, htmx_headers):
    response = patient_client.post(
        question_url(attempt, 3), {"choice": right(attempt.questions[2])}, **htmx_headers
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="quiz-question"')
    assert "<html" not in html and "<h1" not in html
    assert 'role="status"' in html and "data-autofocus" in html
    assert "Correct" in html and "Explanation 3." in html
    assert "Score so far: 1 right out of 1 answered." in html
    assert QuizAnswer.objects.get(attempt=attempt, position=3).is_correct


def test_htmx_double_submit_returns_the_same_feedback(patient_client, attempt, htmx_headers):
    url = question_url(attempt, 1)
    patient_client.post(url, {"choice": right(attempt.questions[0])}, **htmx_headers)
    again = patient_client.post(url, {"choice": wrong(attempt.questions[0])}, **htmx_headers)
    assert again.status_code == 200
    html = again.content.decode()
    assert "Correct" in html and "Not quite" not in html
    assert QuizAnswer.objects.filter(attempt=attempt).count() == 1


def test_htmx_error_is_200_with_the_form_and_its_errors(patient_client, attempt, htmx_headers):
    response = patient_client.post(question_url(attempt, 1), {}, **htmx_headers)
    assert response.status_code == 422  # swapped by htmx (base.html htmx-config responseHandling)
    html = response.content.decode()
    assert "<html" not in html
    assert "There is a problem" in html and "Choose an answer." in html
    assert 'aria-describedby="choice-error"' in html
    assert not QuizAnswer.objects.exists()


# --- bad input -----------------------------------------------------------------------------


def test_a_choice_from_another_question_is_refused(patient_client, attempt):
    other_question_choice = attempt.questions[1]["choices"][0]["id"]
    response = patient_client.post(question_url(attempt, 1), {"choice": other_question_choice})
    assert response.status_code == 422
    html = response.content.decode()
    assert "That answer is not one of the choices for this question" in html
    first_input = f"q1-choice-{attempt.questions[0]['choices'][0]['id']}"
    assert f'href="#{first_input}"' in html and f'id="{first_input}"' in html
    assert "<title>Error: " in html
    assert not QuizAnswer.objects.exists()


@pytest.mark.parametrize("value", ["abc", "", "-1", "99999999999999999999", "1.5"])
def test_a_choice_that_is_not_an_id_is_refused(patient_client, attempt, value):
    response = patient_client.post(question_url(attempt, 1), {"choice": value})
    assert response.status_code == 422
    assert not QuizAnswer.objects.exists()


def test_no_choice_is_refused_with_a_plain_message(patient_client, attempt):
    response = patient_client.post(question_url(attempt, 2), {})
    assert response.status_code == 422
    assert "Choose at least one answer." in response.content.decode()
    assert not QuizAnswer.objects.exists()


def test_two_choices_for_a_single_choice_question_are_refused_and_kept(patient_client, attempt):
    ids = [c["id"] for c in attempt.questions[0]["choices"][:2]]
    response = patient_client.post(question_url(attempt, 1), {"choice": ids})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose only one answer." in html
    for choice_id in ids:
        assert re.search(rf'value="{choice_id}" id="q1-choice-{choice_id}" checked>', html)
    assert not QuizAnswer.objects.exists()


def test_a_question_past_the_end_is_404(patient_client, attempt):
    assert patient_client.get(question_url(attempt, 6)).status_code == 404
    assert patient_client.post(question_url(attempt, 0), {"choice": 1}).status_code == 404


def test_another_patients_attempt_is_404(client, attempt):
    client.force_login(PatientFactory())
    url = question_url(attempt, 1)
    assert client.get(url).status_code == 404
    assert client.post(url, {"choice": right(attempt.questions[0])}).status_code == 404
    assert client.get(attempt_url("attempt", attempt)).status_code == 404
    assert not QuizAnswer.objects.exists()


def test_an_attempt_under_another_lessons_slug_is_404(patient_client, patient, attempt):
    other = build_quiz()
    url = question_url(attempt, 1).replace(attempt.quiz.lesson.slug, other.lesson.slug)
    assert patient_client.get(url).status_code == 404


def test_answering_once_the_lesson_is_unpublished_is_404(patient_client, attempt):
    lesson = attempt.quiz.lesson
    lesson.status = Status.DRAFT
    lesson.save()
    response = patient_client.post(question_url(attempt, 1), {"choice": right(attempt.questions[0])})
    assert response.status_code == 404
    assert not QuizAnswer.objects.exists()


def test_question_refuses_other_methods(patient_client, attempt):
    assert patient_client.put(question_url(attempt, 1)).status_code == 405
    assert patient_client.post(attempt_url("attempt", attempt)).status_code == 405


def test_answer_to_a_submitted_attempt_changes_nothing(patient_client, patient, quiz, htmx_headers):
    done = finished_attempt(patient, quiz, wrong_positions=(1,))
    url = question_url(done, 1)
    assert patient_client.post(url, {"choice": right(done.questions[0])})["Location"] == url
    patient_client.post(url, {"choice": right(done.questions[0])}, **htmx_headers)
    done.refresh_from_db()
    assert done.score == 4
    assert QuizAnswer.objects.get(attempt=done, position=1).is_correct is False


# --- where an attempt carries on -----------------------------------------------------------


def test_attempt_goes_to_the_first_unanswered_question(patient_client, attempt):
    record_answer(attempt=attempt, position=1, choice_ids=right(attempt.questions[0]))
    response = patient_client.get(attempt_url("attempt", attempt))
    assert response.status_code == 302 and response["Location"] == question_url(attempt, 2)


def test_attempt_with_every_question_answered_goes_to_the_last_one(patient_client, attempt):
    answer_all(attempt)
    response = patient_client.get(attempt_url("attempt", attempt))
    assert response["Location"] == question_url(attempt, 5)


def test_a_submitted_attempt_goes_to_its_result(patient_client, patient, quiz):
    done = finished_attempt(patient, quiz)
    response = patient_client.get(attempt_url("attempt", done))
    assert response["Location"] == attempt_url("attempt_result", done)


def test_a_retake_numbers_only_the_questions_it_asks(patient_client, patient, quiz):
    finished_attempt(patient, quiz, wrong_positions=(2, 4))
    retake = start_attempt(user=patient, quiz=quiz, focus="missed")
    response = patient_client.get(attempt_url("attempt", retake))
    assert response["Location"] == question_url(retake, 2)
    html = patient_client.get(question_url(retake, 2)).content.decode()
    assert "Question 1 of 2" in html
    assert "You got 3 questions right last time" in html
    patient_client.post(question_url(retake, 2), {"choice": right(retake.questions[1])})
    html = patient_client.get(question_url(retake, 2)).content.decode()
    assert f'href="{question_url(retake, 4)}">Next question</a>' in html
    assert "Score so far: 4 right out of 4 answered." in html


# --- query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 15])
def test_question_page_query_count_does_not_grow(patient_client, patient, django_assert_num_queries, size):
    quiz = build_quiz(size=size)
    for _ in range(1 if size == 5 else 4):
        finished_attempt(patient, quiz)
    attempt = start_attempt(user=patient, quiz=quiz)
    answer_all(attempt)
    QuizAnswer.objects.filter(attempt=attempt, position=size).delete()
    unanswered, answered = question_url(attempt, size), question_url(attempt, 1)
    # session, user, attempt+quiz+lesson, answers
    with django_assert_num_queries(4):
        assert patient_client.get(unanswered).status_code == 200
    with django_assert_num_queries(4):
        assert patient_client.get(answered).status_code == 200


def test_answering_reads_the_attempt_and_its_answers_once(patient_client, attempt):
    url = question_url(attempt, 2)
    patient_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = patient_client.post(url, {"choice": right(attempt.questions[1])})
    assert response.status_code == 302
    assert QuizAnswer.objects.filter(attempt=attempt, position=2).exists()
    # session, user, attempt (locked), its answers, the question still exists, the insert
    # (BEGIN, COMMIT and savepoints apart).
    work = [
        q["sql"]
        for q in queries.captured_queries
        if not re.match(r"(BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK)", q["sql"])
    ]
    assert len(work) == 6, work
    assert sum(sql.startswith('SELECT "education_quizattempt"') for sql in work) == 1
    assert sum(sql.startswith('SELECT "education_quizanswer"') for sql in work) == 1
