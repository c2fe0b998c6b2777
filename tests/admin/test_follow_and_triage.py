"""Following one client (progress, quiz answers, tracker charts, goals) and the triage list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from education.models import Assignment, LessonProgress, QuizAttempt
from tests.admin.conftest import make_client_of
from tests.education.quiz_helpers import finished_attempt
from tests.factories import LessonFactory, build_quiz
from tracker.models import Entry, Goal

TRIAGE = reverse("admin:accounts_client_triage")


def follow_url(user):
    return reverse("admin:accounts_client_change", args=[user.pk])


@pytest.fixture
def lesson(db):
    return LessonFactory(title="Inflammation basics", order=1, slug="inflammation-basics")


def test_follow_page_shows_progress_quiz_answers_assignments_and_tracker(
    therapist_admin, therapist, my_client, lesson
):
    LessonProgress.objects.create(
        user=my_client, lesson=lesson, sections_reached=3, finished_reading_at=timezone.now(), read_version=1
    )
    quiz = build_quiz(lesson=lesson, size=3)
    attempt = finished_attempt(my_client, quiz, wrong_positions=[2])
    Assignment.objects.create(
        therapist=therapist,
        client=my_client,
        series=lesson.series,
        lesson=lesson,
        due_date=datetime.date(2026, 1, 5),
    )
    Entry.objects.create(patient=my_client, day=timezone.localdate(), sleep_hours=7, stress=3)
    Goal.objects.create(patient=my_client, factor="stress", target_max=4, note="Keep it calm.")

    response = therapist_admin.get(follow_url(my_client))
    assert response.status_code == 200
    text = response.text
    assert "Inflammation basics" in text and "Quiz due" in text
    assert f"{attempt.score}/{attempt.total}" in text and "not passed" in text
    assert attempt.questions[1]["prompt"] in text and "wrong" in text
    assert "overdue" in text
    assert "<svg" in text  # the tracker's own charts
    assert "Check-ins on 1 of the last 28 days." in text
    assert reverse("admin:tracker_goal_change", args=[Goal.objects.get().pk]) in text


def test_therapist_sets_a_goal_for_their_client_only(therapist_admin, therapist, my_client, their_client):
    add = reverse("admin:tracker_goal_add")
    form = therapist_admin.get(add).context["adminform"].form
    assert list(form.fields["patient"].queryset) == [my_client]
    response = therapist_admin.post(
        add, {"patient": my_client.pk, "factor": "sleep", "target_min": "7", "target_max": "9", "note": ""}
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.patient, goal.set_by) == (my_client, therapist)

    refused = therapist_admin.post(add, {"patient": their_client.pk, "factor": "sleep", "target_min": "7"})
    assert refused.status_code == 200
    assert Goal.objects.count() == 1
    theirs = Goal.objects.create(patient=their_client, factor="stress", target_max=5)
    assert therapist_admin.get(reverse("admin:tracker_goal_change", args=[theirs.pk])).status_code == 404
    listing = therapist_admin.get(reverse("admin:tracker_goal_changelist"))
    assert their_client.email not in listing.text


def test_check_ins_of_another_therapists_client_are_hidden(therapist_admin, my_client, their_client):
    theirs = Entry.objects.create(patient=their_client, day=timezone.localdate(), stress=2)
    assert therapist_admin.get(reverse("admin:tracker_entry_change", args=[theirs.pk])).status_code == 404
    assert their_client.email not in therapist_admin.get(reverse("admin:tracker_entry_changelist")).text


def test_triage_lists_who_needs_attention(therapist_admin, therapist, lesson, their_client):
    today = timezone.localdate()
    make_client_of(therapist, full_name="Quiet Client")
    failed = make_client_of(therapist, full_name="Failed Client")
    overdue = make_client_of(therapist, full_name="Overdue Client")
    steady = make_client_of(therapist, full_name="Steady Client")
    for who in [failed, overdue, steady]:
        for offset in range(14):
            Entry.objects.create(patient=who, day=today - datetime.timedelta(days=offset), stress=2)
    quiz = build_quiz(lesson=lesson, size=3, pass_mark=100)
    finished_attempt(failed, quiz, wrong_positions=[1])
    Assignment.objects.create(
        therapist=therapist,
        client=overdue,
        series=lesson.series,
        lesson=lesson,
        due_date=today - datetime.timedelta(days=1),
    )
    Assignment.objects.create(
        therapist=therapist,
        client=steady,
        series=lesson.series,
        lesson=lesson,
        due_date=today + datetime.timedelta(days=3),
    )

    response = therapist_admin.get(TRIAGE)
    assert response.status_code == 200
    rows = {row["client"].full_name: row["reasons"] for row in response.context["rows"]}
    assert set(rows) == {"Quiet Client", "Failed Client", "Overdue Client"}
    assert "inactive for 14+ days" in rows["Quiet Client"]
    assert any(reason.startswith("check-ins on 0 of") for reason in rows["Quiet Client"])
    assert rows["Failed Client"] == ["failed a quiz"]
    assert rows["Overdue Client"] == ["assignment overdue"]
    assert their_client.full_name not in response.text
    assert set(AccessLog.objects.filter(action="list").values_list("client__full_name", flat=True)) == set(
        rows
    )


def test_a_quiz_passed_since_clears_the_failed_flag(therapist_admin, therapist, lesson):
    client_user = make_client_of(therapist, full_name="Retried Client")
    for offset in range(14):
        Entry.objects.create(
            patient=client_user, day=timezone.localdate() - datetime.timedelta(days=offset), stress=1
        )
    quiz = build_quiz(lesson=lesson, size=3, pass_mark=100)
    finished_attempt(client_user, quiz, wrong_positions=[1])
    finished_attempt(client_user, quiz)
    assert QuizAttempt.objects.filter(passed=True).exists()
    assert therapist_admin.get(TRIAGE).context["rows"] == []


@pytest.mark.parametrize("count", [5, 50])
def test_client_list_query_count_does_not_grow(
    therapist_admin, therapist, lesson, count, django_assert_num_queries
):
    for _ in range(count):
        client_user = make_client_of(therapist)
        LessonProgress.objects.create(user=client_user, lesson=lesson)
        Assignment.objects.create(
            therapist=therapist, client=client_user, series=lesson.series, lesson=lesson
        )
    therapist_admin.get(reverse("admin:accounts_client_changelist"))  # warm caches (content types, sessions)
    with django_assert_num_queries(QUERIES_CLIENT_LIST):
        response = therapist_admin.get(reverse("admin:accounts_client_changelist"))
    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [5, 50])
def test_triage_query_count_does_not_grow(
    therapist_admin, therapist, lesson, count, django_assert_num_queries
):
    for _ in range(count):
        make_client_of(therapist)
    therapist_admin.get(TRIAGE)
    with django_assert_num_queries(QUERIES_TRIAGE):
        response = therapist_admin.get(TRIAGE)
    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("count", [5, 50])
def test_assignment_list_query_count_does_not_grow(
    therapist_admin, therapist, lesson, count, django_assert_num_queries
):
    for _ in range(count):
        client_user = make_client_of(therapist)
        Assignment.objects.create(
            therapist=therapist, client=client_user, series=lesson.series, lesson=lesson
        )
    url = reverse("admin:education_assignment_changelist")
    therapist_admin.get(url)
    with django_assert_num_queries(QUERIES_ASSIGNMENTS):
        therapist_admin.get(url)


@pytest.mark.parametrize("count", [1, 4])
def test_follow_page_query_count_does_not_grow(
    therapist_admin, therapist, my_client, count, django_assert_num_queries
):
    for index in range(count):
        lesson = LessonFactory()
        LessonProgress.objects.create(user=my_client, lesson=lesson)
        finished_attempt(my_client, build_quiz(lesson=lesson, size=3), wrong_positions=[1])
        Assignment.objects.create(therapist=therapist, client=my_client, series=lesson.series, lesson=lesson)
        Entry.objects.create(
            patient=my_client, day=timezone.localdate() - datetime.timedelta(days=index), stress=2
        )
    therapist_admin.get(follow_url(my_client))
    with django_assert_num_queries(QUERIES_FOLLOW):
        therapist_admin.get(follow_url(my_client))


# Session, user, OTP device, permissions, count, page, access-log insert, …: fixed, whatever
# the number of clients. The staff session is not saved again on these requests: its expiry
# moves at most once a minute (accounts.middleware). The client list counts its rows once
# (show_full_result_count off). The follow page: the client with its header dates, the
# access-log insert (no transaction around one row), then one query per panel (assignments,
# lessons with progress, attempts with answers, goals); the tracker's charts come from the cache
# (tracker.fragments) once built (see test_follow_page for what a first view costs).
QUERIES_CLIENT_LIST = 8
QUERIES_TRIAGE = 7
QUERIES_ASSIGNMENTS = 10
QUERIES_FOLLOW = 11
# The first view of a client that day, or after their check-ins or goals changed: the tracker's
# goals, charted days, summary with insights, weeks and streaks on top.
QUERIES_FOLLOW_COLD = 15


@pytest.mark.parametrize(
    ("factor", "posted", "message"),
    [
        ("stress", {"target_max": "11"}, "A stress goal is an &#x27;at most&#x27; level from 0 to 10."),
        (
            "training",
            {"target_min": "-1"},
            "A strength exercise goal is &#x27;at least&#x27; 1 to 7 days a week.",
        ),
    ],
)
def test_goal_change_out_of_range_is_a_form_error(therapist_admin, my_client, factor, posted, message):
    """Patient and factor are read-only on the change form; their constraints still apply."""
    goal = Goal.objects.create(
        patient=my_client,
        factor=factor,
        target_max=4 if factor == "stress" else None,
        target_min=2 if factor == "training" else None,
    )
    response = therapist_admin.post(
        reverse("admin:tracker_goal_change", args=[goal.pk]),
        {"target_min": "", "target_max": "", "note": "", **posted},
    )
    assert response.status_code == 200
    assert message in response.text
    goal.refresh_from_db()
    assert (goal.target_min, goal.target_max) == (
        (2 if factor == "training" else None),
        (4 if factor == "stress" else None),
    )


def test_follow_page_shows_since_when_and_goals_from_one_query_each(
    therapist_admin, therapist, my_client, care_link, consent, django_assert_max_num_queries
):
    Goal.objects.create(patient=my_client, factor="stress", target_max=4, note="Keep it calm.")
    therapist_admin.get(follow_url(my_client))  # warm-up: per-process caches

    with django_assert_max_num_queries(QUERIES_FOLLOW) as queries:
        response = therapist_admin.get(follow_url(my_client))

    text = response.text
    assert f"your client since {care_link.started:%-d %b %Y}" in text
    assert f"sharing since {timezone.localtime(consent.granted_at):%-d %b %Y}" in text
    assert "Keep it calm." in text
    statements = [query["sql"] for query in queries.captured_queries]
    assert sum('FROM "tracker_goal"' in sql for sql in statements) == 1
    # The care link's and consent's dates come with the client, not in queries of their own.
    assert not any(
        sql.startswith(('SELECT "accounts_carerelationship"', 'SELECT "accounts_sharingconsent"'))
        for sql in statements
    )
