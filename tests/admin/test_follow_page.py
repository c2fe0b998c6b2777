"""The follow page reads each panel in one query: lessons with the client's progress joined,
quiz attempts with their answers joined. What it shows stays what it showed."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessAction, AccessLog
from education.models import LessonProgress, QuizAnswer, QuizAttempt
from tests.admin.conftest import make_client_of
from tests.admin.test_follow_and_triage import QUERIES_FOLLOW
from tests.education.quiz_helpers import finished_attempt
from tests.factories import LessonFactory, build_quiz
from tracker.models import Entry


def follow_url(user):
    return reverse("admin:accounts_client_change", args=[user.pk])


def expected_answer_rows(attempt):
    """The rows as the page built them before: from each attempt's own answers."""
    answers = {answer.position: answer for answer in attempt.answers.all()}
    rows = []
    for position, question in enumerate(attempt.questions, start=1):
        answer = answers.get(position)
        chosen = set(answer.selected) if answer else set()
        rows.append(
            {
                "position": position,
                "prompt": question["prompt"],
                "chosen": [c["text"] for c in question["choices"] if c["id"] in chosen],
                "correct": [c["text"] for c in question["choices"] if c["correct"]],
                "is_correct": answer.is_correct if answer else None,
            }
        )
    return rows


def test_lesson_rows_are_this_clients_progress_only(therapist_admin, therapist, my_client, their_client):
    now = timezone.now()
    not_started, reading, quiz_due, complete = (LessonFactory(order=n) for n in range(1, 5))
    LessonProgress.objects.create(user=my_client, lesson=reading, sections_reached=2)
    LessonProgress.objects.create(
        user=my_client, lesson=quiz_due, sections_reached=5, finished_reading_at=now, read_version=3
    )
    LessonProgress.objects.create(
        user=my_client,
        lesson=complete,
        sections_reached=6,
        finished_reading_at=now,
        quiz_passed_at=now,
        completed_at=now,
    )
    # Another client's progress in the lesson this one has not started.
    LessonProgress.objects.create(
        user=their_client, lesson=not_started, sections_reached=9, completed_at=None
    )

    rows = therapist_admin.get(follow_url(my_client)).context["lesson_rows"]

    by_title = {row["lesson"]["title"]: row for row in rows}
    assert [row["lesson"]["title"] for row in rows] == [
        not_started.title,
        reading.title,
        quiz_due.title,
        complete.title,
    ]
    assert by_title[not_started.title]["progress"] is None
    assert by_title[not_started.title]["state"].label == "Not started"
    assert by_title[reading.title]["state"].label == "Reading"
    assert by_title[reading.title]["progress"].sections_reached == 2
    assert by_title[quiz_due.title]["state"].label == "Quiz due"
    assert by_title[quiz_due.title]["progress"].read_version == 3
    assert by_title[complete.title]["state"].label == "Complete"
    assert by_title[complete.title]["progress"].completed_at == now


def test_attempts_newest_first_each_with_its_own_answers(therapist_admin, my_client, their_client):
    lesson = LessonFactory()
    quiz = build_quiz(lesson=lesson, size=3)
    first = finished_attempt(my_client, quiz, wrong_positions=[2])
    partly = finished_attempt(my_client, quiz, wrong_positions=[1])
    QuizAnswer.objects.filter(attempt=partly, position=3).delete()
    unanswered = finished_attempt(my_client, quiz)
    QuizAnswer.objects.filter(attempt=unanswered).delete()
    finished_attempt(their_client, quiz, wrong_positions=[3])
    base = timezone.now() - datetime.timedelta(days=1)
    for hours, attempt in enumerate([first, partly, unanswered]):
        QuizAttempt.objects.filter(pk=attempt.pk).update(submitted_at=base + datetime.timedelta(hours=hours))

    attempts = therapist_admin.get(follow_url(my_client)).context["attempts"]

    assert [attempt.pk for attempt in attempts] == [unanswered.pk, partly.pk, first.pk]
    for attempt in attempts:
        assert attempt.answer_rows == expected_answer_rows(QuizAttempt.objects.get(pk=attempt.pk))
        assert attempt.quiz.lesson.title == lesson.title
    assert [row["is_correct"] for row in attempts[0].answer_rows] == [None, None, None]
    assert [row["is_correct"] for row in attempts[1].answer_rows] == [False, True, None]
    assert [row["is_correct"] for row in attempts[2].answer_rows] == [True, False, True]


def client_with_data(therapist, *, days, attempts):
    client = make_client_of(therapist)
    today = timezone.localdate()
    Entry.objects.bulk_create(
        Entry(patient=client, day=today - datetime.timedelta(days=n), stress=3, sleep_hours=7)
        for n in range(days)
    )
    for _ in range(attempts):
        lesson = LessonFactory()
        LessonProgress.objects.create(user=client, lesson=lesson, sections_reached=1)
        finished_attempt(client, build_quiz(lesson=lesson, size=3), wrong_positions=[1])
    return client


def statements(queries):
    return [query["sql"] for query in queries.captured_queries]


def test_follow_page_queries_are_the_same_for_a_week_and_a_year(
    therapist_admin, therapist, django_assert_max_num_queries
):
    week = client_with_data(therapist, days=7, attempts=1)
    year = client_with_data(therapist, days=365, attempts=4)
    counts = {}
    for name, client in {"week": week, "year": year}.items():
        therapist_admin.get(follow_url(client))  # warm-up: per-process caches
        with django_assert_max_num_queries(QUERIES_FOLLOW) as queries:
            assert therapist_admin.get(follow_url(client)).status_code == 200
        sql = statements(queries)
        counts[name] = len(sql)
        # One query for lessons with progress, one for attempts with answers: never one of
        # their own for the progress rows or the answers.
        assert sum(s.startswith('SELECT "education_lessonprogress"') for s in sql) == 0
        assert sum(s.startswith('SELECT "education_quizanswer"') for s in sql) == 0
        assert sum(s.startswith('SELECT "education_quizattempt"') for s in sql) == 1
        # One client: one INSERT, without a transaction around it.
        assert sum(s.startswith('INSERT INTO "accounts_accesslog"') for s in sql) == 1
        assert not any(s.startswith(("BEGIN", "COMMIT")) for s in sql)
    assert counts["week"] == counts["year"]


def test_the_follow_page_logs_one_view_and_another_therapists_client_none(
    therapist_admin, therapist, my_client, their_client
):
    assert therapist_admin.get(follow_url(my_client)).status_code == 200
    assert therapist_admin.get(follow_url(their_client)).status_code == 404

    logged = list(AccessLog.objects.values_list("therapist", "client", "action"))
    assert logged == [(therapist.pk, my_client.pk, AccessAction.VIEW)]


def test_the_client_list_still_logs_every_client_shown(therapist_admin, therapist, their_client):
    clients = [make_client_of(therapist) for _ in range(3)]

    assert therapist_admin.get(reverse("admin:accounts_client_changelist")).status_code == 200

    logged = set(AccessLog.objects.values_list("client", "action"))
    assert logged == {(client.pk, AccessAction.LIST) for client in clients}
