"""Each "needs attention" signal of the caseload (care.attention), present and absent, with its
reason in words and its start date; the therapist's own thresholds."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import AccessAction, AccessLog
from care.caseload import caseload
from care.models import CareSettings
from education.models import Assignment, Status
from tests.education.quiz_helpers import finished_attempt
from tests.factories import EntryFactory, GoalFactory, LessonFactory, LessonProgressFactory, build_quiz
from tracker.factors import Factor


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def flags_of(therapist, kind):
    (row,) = caseload(therapist)
    return [flag for flag in row.flags if flag.kind == kind]


def checkin(client, n, **values):
    defaults = {"sleep_hours": Decimal("7.5"), "stress": 3, "note": ""}
    return EntryFactory(patient=client, day=days_ago(n), **{**defaults, **values})


# --- no check-in ---------------------------------------------------------------------------------


def test_no_checkin_for_three_days_is_flagged_from_the_day_after_the_last(therapist, my_client):
    checkin(my_client, 4)
    (flag,) = flags_of(therapist, "quiet")
    assert flag.reason.startswith("No check-in for 4 days")
    assert flag.since == days_ago(3)


def test_a_checkin_yesterday_is_not_flagged(therapist, my_client):
    checkin(my_client, 1)
    assert flags_of(therapist, "quiet") == []


def test_the_therapists_own_quiet_days_apply(therapist, my_client):
    checkin(my_client, 4)
    CareSettings.objects.create(therapist=therapist, quiet_days=7)
    assert flags_of(therapist, "quiet") == []


# --- stress --------------------------------------------------------------------------------------


def test_stress_of_7_on_3_of_the_last_5_checkins_is_flagged(therapist, my_client):
    for n, level in zip(range(1, 6), [8, 3, 7, 2, 7], strict=True):
        checkin(my_client, n, stress=level)
    (flag,) = flags_of(therapist, "stress")
    assert "at 7 or above on 3 of the last 5 check-ins" in flag.reason
    assert "latest 8" in flag.reason
    assert flag.since == days_ago(5)


def test_stress_high_on_only_2_of_5_is_not_flagged(therapist, my_client):
    for n, level in zip(range(1, 6), [8, 3, 7, 2, 6], strict=True):
        checkin(my_client, n, stress=level)
    assert flags_of(therapist, "stress") == []


def test_stress_is_measured_against_the_clients_goal(therapist, my_client):
    GoalFactory(patient=my_client, factor=Factor.STRESS, target_max=Decimal("4"))
    for n, level in zip(range(1, 6), [5, 3, 5, 2, 6], strict=True):
        checkin(my_client, n, stress=level)
    (flag,) = flags_of(therapist, "stress")
    assert "at or above their goal of 4" in flag.reason


def test_the_therapists_stress_level_applies_without_a_goal(therapist, my_client):
    CareSettings.objects.create(therapist=therapist, stress_level=9)
    for n in range(1, 6):
        checkin(my_client, n, stress=8)
    assert flags_of(therapist, "stress") == []


# --- sleep ---------------------------------------------------------------------------------------


def test_sleep_below_goal_on_4_of_the_last_7_nights_is_flagged(therapist, my_client):
    for n, hours in zip(range(0, 7), ["6", "6.5", "8", "5", "7.5", "6", "8"], strict=True):
        checkin(my_client, n, sleep_hours=Decimal(hours))
    (flag,) = flags_of(therapist, "sleep")
    assert "Slept less than their goal (7 to 9 hours a night) on 4 of the 7 nights" in flag.reason
    assert flag.since == days_ago(5)


def test_sleep_below_goal_on_3_nights_is_not_flagged(therapist, my_client):
    for n, hours in zip(range(0, 7), ["6", "6.5", "8", "5", "7.5", "8", "8"], strict=True):
        checkin(my_client, n, sleep_hours=Decimal(hours))
    assert flags_of(therapist, "sleep") == []


# --- assignments ---------------------------------------------------------------------------------


@pytest.fixture
def lesson(db):
    return LessonFactory(title="Omega-3 and inflammation", status=Status.PUBLISHED)


def assign(therapist, client, lesson, *, days_old, due=None):
    assignment = Assignment.objects.create(
        therapist=therapist, client=client, series=lesson.series, lesson=lesson, due_date=due
    )
    Assignment.objects.filter(pk=assignment.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_old)
    )
    return assignment


def test_a_lesson_assigned_a_week_ago_and_not_started_is_flagged(therapist, my_client, lesson):
    checkin(my_client, 1)
    assign(therapist, my_client, lesson, days_old=8)
    (flag,) = flags_of(therapist, "lesson")
    assert "Omega-3 and inflammation" in flag.reason and "is not started yet" in flag.reason
    assert flag.since == (timezone.now() - datetime.timedelta(days=8)).date()


def test_a_started_lesson_or_a_new_assignment_is_not_flagged(therapist, my_client, lesson):
    assign(therapist, my_client, lesson, days_old=1)
    assert flags_of(therapist, "lesson") == []
    Assignment.objects.update(created_at=timezone.now() - datetime.timedelta(days=9))
    LessonProgressFactory(user=my_client, lesson=lesson, sections_reached=1)
    assert flags_of(therapist, "lesson") == []


def test_an_overdue_lesson_not_complete_is_flagged_from_its_due_date(therapist, my_client, lesson):
    LessonProgressFactory(user=my_client, lesson=lesson, sections_reached=1)
    assign(therapist, my_client, lesson, days_old=10, due=days_ago(2))
    (flag,) = flags_of(therapist, "lesson")
    assert "was due on" in flag.reason
    assert flag.since == days_ago(2)


def test_an_overdue_lesson_completed_is_not_flagged(therapist, my_client, lesson):
    now = timezone.now()
    LessonProgressFactory(
        user=my_client, lesson=lesson, finished_reading_at=now, quiz_passed_at=now, completed_at=now
    )
    assign(therapist, my_client, lesson, days_old=10, due=days_ago(2))
    assert flags_of(therapist, "lesson") == []


# --- quizzes and lessons -------------------------------------------------------------------------


def test_a_failed_quiz_not_passed_since_is_flagged(therapist, my_client, lesson):
    attempt = finished_attempt(my_client, build_quiz(lesson=lesson, size=2), wrong_positions=(1, 2))
    (flag,) = flags_of(therapist, "quiz")
    assert "Did not pass the quiz of Omega-3 and inflammation" in flag.reason
    assert flag.since == timezone.localtime(attempt.submitted_at).date()


def test_a_quiz_passed_after_failing_is_not_flagged(therapist, my_client, lesson):
    quiz = build_quiz(lesson=lesson, size=2)
    finished_attempt(my_client, quiz, wrong_positions=(1, 2))
    finished_attempt(my_client, quiz, wrong_positions=())
    assert flags_of(therapist, "quiz") == []


def test_a_lesson_updated_since_it_was_read_is_flagged(therapist, my_client, lesson):
    LessonProgressFactory(user=my_client, lesson=lesson, finished_reading_at=timezone.now(), read_version=1)
    assert flags_of(therapist, "updated") == []
    lesson.version = 2
    lesson.published_at = timezone.now()
    lesson.save()
    (flag,) = flags_of(therapist, "updated")
    assert flag.reason.startswith("Omega-3 and inflammation was updated on")


# --- notes ---------------------------------------------------------------------------------------


def test_checkin_notes_since_the_therapist_last_opened_the_client_are_flagged(therapist, my_client):
    checkin(my_client, 3, note="Knee sore after squats.")
    (flag,) = flags_of(therapist, "notes")
    assert flag.reason == "Wrote a new check-in note since you last opened their page"
    assert flag.since == days_ago(3)
    AccessLog.objects.create(therapist=therapist, client=my_client, action=AccessAction.VIEW, path="/x/")
    assert flags_of(therapist, "notes") == []
    checkin(my_client, 1, note="Slept badly?")
    assert len(flags_of(therapist, "notes")) == 1


def test_checkins_without_notes_are_not_flagged(therapist, my_client):
    checkin(my_client, 1)
    assert flags_of(therapist, "notes") == []


def test_a_client_with_nothing_wrong_has_no_flags(therapist, my_client):
    for n in range(0, 5):
        checkin(my_client, n)
    (row,) = caseload(therapist)
    assert row.flags == []
