"""Review dates (issue #19): the editors' index lists lessons due within 30 days or overdue,
the lesson list filters them, a reviewer marks a live lesson "reviewed, no change" (new dates,
recorded, no new version), `series_report --fail-overdue` fails, and editors get a weekly notice."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from education.review_models import ReviewAction, ReviewEvent
from tests.factories import LessonFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def lessons(db):
    return {
        "overdue": LessonFactory(title="Overdue lesson", slug="overdue", order=1,
                                 last_reviewed=days(-400), next_review_due=days(-5)),
        "soon": LessonFactory(title="Soon lesson", slug="soon", order=2,
                              last_reviewed=days(-300), next_review_due=days(20)),
        "later": LessonFactory(title="Later lesson", slug="later", order=3,
                               last_reviewed=days(-10), next_review_due=days(200)),
    }  # fmt: skip


def test_editor_index_lists_overdue_and_due_soon_lessons(editor_admin, lessons):
    response = editor_admin.get(reverse("admin:index"))
    text = response.text
    assert "Review due" in text
    assert "Overdue lesson" in text and "(overdue)" in text
    assert "Soon lesson" in text
    assert "Later lesson" not in text


def test_review_due_list_costs_the_same_queries_for_more_lessons(editor_admin, lessons):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    editor_admin.get(reverse("admin:index"))  # the session's first request does one-off work
    with CaptureQueriesContext(connection) as few:
        editor_admin.get(reverse("admin:index"))
    for n in range(5):
        LessonFactory(title=f"Due {n}", slug=f"due-{n}", order=10 + n, last_reviewed=days(-400),
                      next_review_due=days(-n))  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        text = editor_admin.get(reverse("admin:index")).text
    assert "Due 4" in text
    assert len(many.captured_queries) == len(few.captured_queries)


def test_review_due_list_is_not_shown_to_therapists(therapist_admin, lessons):
    assert "Review due" not in therapist_admin.get(reverse("admin:index")).text


def test_reviewer_index_lists_them_too(reviewer_admin, lessons):
    assert "Overdue lesson" in reviewer_admin.get(reverse("admin:index")).text


def test_lesson_list_filters_by_review_due(editor_admin, lessons):
    url = reverse("admin:education_lesson_changelist")
    overdue = editor_admin.get(url, {"review": "overdue"}).text
    assert "Overdue lesson" in overdue and "Soon lesson" not in overdue and "Later lesson" not in overdue
    soon = editor_admin.get(url, {"review": "soon"}).text
    assert "Soon lesson" in soon and "Overdue lesson" not in soon


def test_reviewer_marks_a_lesson_reviewed_with_no_change(reviewer_admin, reviewer, lessons):
    lesson = lessons["overdue"]
    url = reverse("admin:education_lesson_review", args=[lesson.pk])
    assert "Reviewed, no change" in reviewer_admin.get(url).text
    response = reviewer_admin.post(url, {"next_review_due": days(365).isoformat(), "comment": "Still right."})
    assert response.status_code == 302
    lesson.refresh_from_db()
    event = ReviewEvent.objects.get(lesson=lesson)
    assert (event.action, event.actor, event.comment) == (ReviewAction.NO_CHANGE, reviewer, "Still right.")
    assert (lesson.version, lesson.last_reviewed, lesson.next_review_due) == (1, TODAY, days(365))
    assert lesson.approval == event
    assert lesson.history.first().history_change_reason == "Reviewed, no change"


def test_reviewed_no_change_needs_a_future_date(reviewer_admin, lessons):
    lesson = lessons["overdue"]
    url = reverse("admin:education_lesson_review", args=[lesson.pk])
    response = reviewer_admin.post(url, {"next_review_due": days(-1).isoformat()})
    assert response.status_code == 422
    assert "The next review must be after today." in response.text
    lesson.refresh_from_db()
    assert lesson.next_review_due == days(-5)
    assert not ReviewEvent.objects.exists()


def test_an_editor_cannot_mark_reviewed(editor_admin, lessons):
    lesson = lessons["overdue"]
    url = reverse("admin:education_lesson_review", args=[lesson.pk])
    assert editor_admin.post(url, {"next_review_due": days(100).isoformat()}).status_code == 403
    assert not ReviewEvent.objects.exists()


def test_patients_see_the_no_change_review(client, reviewer, lessons):
    from education.publishing import mark_reviewed_no_change

    lesson = lessons["overdue"]
    mark_reviewed_no_change(lesson=lesson, by=reviewer)
    text = client.get(lesson.get_absolute_url()).text
    assert f"Reviewed by Rhea Reviewer, RD, MSc on {TODAY.day} {TODAY:%B %Y}" in text


def test_series_report_fails_on_overdue_lessons(lessons):
    with pytest.raises(CommandError, match="Review overdue: overdue"):
        call_command("series_report", "--fail-overdue")


def test_series_report_passes_when_nothing_is_overdue(lessons):
    lessons["overdue"].__class__.objects.filter(pk=lessons["overdue"].pk).update(next_review_due=days(10))
    call_command("series_report", "--fail-overdue")  # no CommandError
    with pytest.raises(CommandError):
        lessons["overdue"].__class__.objects.filter(pk=lessons["overdue"].pk).update(next_review_due=days(-1))
        call_command("series_report", "--fail-overdue")
