"""What readers said, for editors (issue #19): per-section counts and comments of the current
version, and per-question results only from 10 answers on, so no patient can be picked out."""

import pytest
from django.urls import reverse

from education.admin_review import MIN_ATTEMPTS
from education.review_models import SectionFeedback
from tests.education.quiz_helpers import finished_attempt
from tests.factories import LessonFactory, PatientFactory, SectionFactory, build_quiz


@pytest.fixture
def lesson(db):
    lesson = LessonFactory(slug="omega-3", version=2)
    SectionFactory(lesson=lesson, order=1, anchor="what", heading="What it is")
    SectionFactory(lesson=lesson, order=2, anchor="how", heading="How much")
    return lesson


def feedback_url(lesson):
    return reverse("admin:education_lesson_feedback", args=[lesson.pk])


def test_editors_see_counts_and_comments_of_the_current_version(editor_admin, lesson):
    SectionFeedback.objects.create(lesson=lesson, lesson_version=2, section_anchor="what", clear=True)
    SectionFeedback.objects.create(lesson=lesson, lesson_version=2, section_anchor="what", clear=False,
                                   comment="What is EPA?")  # fmt: skip
    SectionFeedback.objects.create(lesson=lesson, lesson_version=1, section_anchor="what", clear=False,
                                   comment="Old version comment")  # fmt: skip
    response = editor_admin.get(feedback_url(lesson))
    assert response.status_code == 200
    rows = {row["anchor"]: row for row in response.context["sections"]}
    assert (rows["what"]["yes"], rows["what"]["no"]) == (1, 1)
    assert (rows["how"]["yes"], rows["how"]["no"]) == (0, 0)
    assert "What is EPA?" in response.text
    assert "Old version comment" not in response.text


def test_question_results_are_hidden_below_ten_answers(editor_admin, lesson):
    quiz = build_quiz(lesson=lesson, size=2, section_anchor="what")
    for _ in range(MIN_ATTEMPTS - 1):
        finished_attempt(PatientFactory(), quiz, wrong_positions=(1,))
    response = editor_admin.get(feedback_url(lesson))
    questions = response.context["questions"]
    assert [q["count"] for q in questions] == [MIN_ATTEMPTS - 1] * 2
    assert all(q["percent_right"] is None and q["common_wrong"] is None for q in questions)
    assert f"Fewer than {MIN_ATTEMPTS} answers" in response.text


def test_question_results_show_from_ten_answers(editor_admin, lesson):
    quiz = build_quiz(lesson=lesson, size=2, section_anchor="what")
    for n in range(MIN_ATTEMPTS):
        finished_attempt(PatientFactory(), quiz, wrong_positions=(1,) if n < 3 else ())
    questions = editor_admin.get(feedback_url(lesson)).context["questions"]
    by_position = {q["count"]: q for q in questions}
    assert len(questions) == 2 and set(by_position) == {MIN_ATTEMPTS}
    percents = sorted(q["percent_right"] for q in questions)
    assert percents == [70, 100]
    wrong = next(q for q in questions if q["percent_right"] == 70)
    assert wrong["common_wrong"].endswith("(3 times)")


def test_feedback_page_costs_the_same_queries_for_more_feedback(editor_admin, lesson):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    editor_admin.get(feedback_url(lesson))
    with CaptureQueriesContext(connection) as few:
        editor_admin.get(feedback_url(lesson))
    for n in range(10):
        SectionFeedback.objects.create(lesson=lesson, lesson_version=2, section_anchor="how", clear=n < 5,
                                       comment=f"Comment {n}")  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        editor_admin.get(feedback_url(lesson))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_therapists_may_not_see_feedback(therapist_admin, lesson):
    assert therapist_admin.get(feedback_url(lesson)).status_code == 403


def test_feedback_page_is_get_only(editor_admin, lesson):
    assert editor_admin.post(feedback_url(lesson)).status_code == 405


def test_preview_shows_no_feedback_form(editor_admin, lesson):
    text = editor_admin.get(reverse("admin:education_lesson_preview", args=[lesson.pk])).text
    assert "Was this section clear?" not in text
