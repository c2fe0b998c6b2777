"""History of sections and questions (who, when, a readable diff, restore), quiz attempts
scoped and read-only, and nothing about clients on the therapist's admin index."""

from django.urls import reverse
from django.utils import timezone

from accounts.models import SharingConsent
from education.admin_history import word_diff
from education.models import Assignment, QuizAttempt
from education.publishing import create_draft, publish
from tests.admin.review_helpers import approved
from tests.education.quiz_helpers import finished_attempt
from tests.factories import LessonFactory, SectionFactory, build_quiz


def test_word_diff_marks_only_the_changed_words():
    old, new = word_diff(
        "Eat oily fish twice a week for omega-3.", "Eat oily fish three times a week for omega-3."
    )
    assert "<del>twice</del>" in old
    assert "<ins>three times</ins>" in new
    old, new = word_diff("<b>x</b> a b", "<b>y</b> a b")
    assert "<b>" not in old and "&lt;b&gt;" in old


def test_section_history_shows_who_when_and_the_changed_words(editor_admin, editor):
    lesson = LessonFactory(status="draft")
    section = SectionFactory(
        lesson=lesson, body="Bones renew themselves slowly over about ten years in adults."
    )
    section.body = "Bones renew themselves slowly over about seven to ten years in adults."
    section.save()
    response = editor_admin.get(reverse("admin:education_section_history", args=[section.pk]))
    assert response.status_code == 200
    assert "<ins>seven to</ins>" in response.text
    assert editor.email in response.text or "None" in response.text  # saved outside a request: no user


def test_question_history_records_the_editor_and_can_restore(editor_admin, editor):
    quiz = build_quiz(size=1)
    question = quiz.questions.get()
    url = reverse("admin:education_question_change", args=[question.pk])
    page = editor_admin.get(url)
    data = {
        "quiz": quiz.pk,
        "order": question.order,
        "kind": question.kind,
        "prompt": "A reworded question?",
        "explanation": question.explanation,
        "section_anchor": question.section_anchor,
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    assert page.status_code == 200
    response = editor_admin.post(url, data)
    assert response.status_code == 302
    latest = question.history.first()
    assert (latest.prompt, latest.history_user) == ("A reworded question?", editor)

    original = question.history.last()
    revert_url = reverse("admin:education_question_simple_history", args=[question.pk, original.history_id])
    assert editor_admin.get(revert_url).status_code == 200
    data["prompt"] = original.prompt
    editor_admin.post(revert_url, data)
    question.refresh_from_db()
    assert question.prompt == original.prompt


def test_quiz_attempts_keep_the_version_they_were_taken_on(patient):
    lesson = LessonFactory()
    attempt = finished_attempt(patient, build_quiz(lesson=lesson, size=2))
    publish(lesson=approved(create_draft(lesson=lesson)), change_note="Clarified.")
    attempt.refresh_from_db()
    lesson.refresh_from_db()
    assert (attempt.lesson_version, lesson.version) == (1, 2)


def test_quiz_attempts_are_scoped_and_read_only(therapist_admin, my_client, their_client):
    quiz = build_quiz(size=2)
    mine = finished_attempt(my_client, quiz)
    theirs = finished_attempt(their_client, quiz)
    listing = therapist_admin.get(reverse("admin:education_quizattempt_changelist"))
    assert my_client.email in listing.text and their_client.email not in listing.text
    page = therapist_admin.get(reverse("admin:education_quizattempt_change", args=[mine.pk]))
    assert page.status_code == 200
    assert 'name="score"' not in page.text
    assert (
        therapist_admin.get(reverse("admin:education_quizattempt_change", args=[theirs.pk])).status_code
        == 404
    )
    therapist_admin.post(reverse("admin:education_quizattempt_change", args=[mine.pk]), {"score": 0})
    assert QuizAttempt.objects.get(pk=mine.pk).score == mine.score


def test_therapist_index_names_no_client_after_revocation(therapist_admin, therapist, my_client, consent):
    lesson = LessonFactory()
    therapist_admin.post(
        reverse("admin:education_assignment_add"),
        {"client": my_client.pk, "series": lesson.series.pk, "lesson": lesson.pk},
        follow=True,  # shows (and uses up) the "added" message
    )
    assert Assignment.objects.count() == 1
    SharingConsent.objects.filter(pk=consent.pk).update(revoked_at=timezone.now())
    index = therapist_admin.get(reverse("admin:index"))
    assert index.status_code == 200
    assert my_client.full_name not in index.text
    assert "Clients" in index.text


def test_question_list_is_for_editors(editor_admin):
    assert editor_admin.get(reverse("admin:education_question_changelist")).status_code == 200
