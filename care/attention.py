"""The "needs attention" signals of one client, worked out from figures already fetched for the
whole caseload (care.caseload): no queries here. Each signal says why in words and since when.
The thresholds are care.thresholds'."""

import datetime
from dataclasses import dataclass

from django.utils.dateformat import format as date_format

from care import thresholds as limits
from tracker.factors import Factor


@dataclass(frozen=True)
class Flag:
    kind: str  # one of FLAG_KINDS, for the client list's filter
    reason: str
    since: datetime.date


# (kind, label) in the order the filter offers them.
FLAG_KINDS = {
    "quiet": "No recent check-in",
    "stress": "High stress",
    "sleep": "Short sleep",
    "lesson": "Assigned lesson",
    "quiz": "Quiz not passed",
    "updated": "Lesson updated",
    "notes": "New check-in notes",
}


def _day(value):
    return date_format(value, "j M")


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def quiet_flag(client, today, limit):
    last = client.last_checkin
    if last is None:
        start = _as_date(client.care_since) or today
        if (today - start).days < limit.quiet_days:
            return None
        return Flag("quiet", "No check-in yet", start)
    days = (today - last).days
    if days < limit.quiet_days:
        return None
    return Flag(
        "quiet", f"No check-in for {days} days (last on {_day(last)})", last + datetime.timedelta(days=1)
    )


def stress_flag(entries, goals, limit):
    """`entries`: the client's latest check-ins, newest first."""
    goal = goals.get(Factor.STRESS)
    has_goal = goal is not None and goal.target_max is not None
    level = goal.target_max if has_goal else limit.stress_level
    words = f"at or above their goal of {level:g}" if has_goal else f"at {level} or above"
    recorded = [entry for entry in entries if entry["stress"] is not None][: limits.STRESS_WINDOW]
    hits = [entry for entry in recorded if entry["stress"] >= level]
    if len(hits) < limits.STRESS_HITS:
        return None
    return Flag(
        "stress",
        f"Stress {words} on {len(hits)} of the last {len(recorded)} check-ins "
        f"(latest {recorded[0]['stress']} on {_day(recorded[0]['day'])})",
        hits[-1]["day"],
    )


def sleep_flag(entries, goals, today, limit):
    goal = goals.get(Factor.SLEEP)
    if goal is None:
        return None
    first = today - datetime.timedelta(days=limits.SLEEP_WEEK_DAYS - 1)
    nights = [e for e in entries if e["day"] >= first and e["sleep_hours"] is not None]
    short = [e for e in nights if e["sleep_hours"] < (goal.target_min or 0)]
    if len(short) < limit.sleep_nights:
        return None
    return Flag(
        "sleep",
        f"Slept less than their goal ({goal.description}) on {len(short)} of the "
        f"{len(nights)} nights recorded in the last 7 days",
        short[-1]["day"],
    )


def assignment_flags(assignments, today, now):
    flags = []
    for assignment in assignments:
        what = assignment.lesson.title if assignment.lesson_id else f"the series {assignment.series.title}"
        assigned = _as_date(assignment.created_at)
        if assignment.due_date and assignment.due_date < today and not assignment.is_complete:
            flags.append(
                Flag(
                    "lesson",
                    f"{what} was due on {_day(assignment.due_date)} and is not complete",
                    assignment.due_date,
                )
            )
        elif not assignment.is_started and now - assignment.created_at >= datetime.timedelta(
            days=limits.ASSIGNMENT_GRACE_DAYS
        ):
            flags.append(
                Flag("lesson", f"{what}, assigned on {_day(assigned)}, is not started yet", assigned)
            )
    return flags


def quiz_flag(client):
    if client.failed_quiz_at is None:
        return None
    failed = _as_date(client.failed_quiz_at)
    return Flag(
        "quiz",
        f"Did not pass the quiz of {client.failed_quiz_title} on {_day(failed)}, and not since",
        failed,
    )


def updated_lesson_flag(client):
    if client.updated_lesson_title is None:
        return None
    updated = _as_date(client.updated_lesson_at)
    return Flag(
        "updated",
        f"{client.updated_lesson_title} was updated on {_day(updated)}, after they read it",
        updated,
    )


def notes_flag(client):
    if not client.new_notes:
        return None
    count = client.new_notes
    words = "a new check-in note" if count == 1 else f"{count} new check-in notes"
    return Flag("notes", f"Wrote {words} since you last opened their page", client.first_new_note_day)


def client_flags(client, *, entries, goals, assignments, today, now, limit):
    """Every signal of one client that is present now, oldest first."""
    found = [
        quiet_flag(client, today, limit),
        stress_flag(entries, goals, limit),
        sleep_flag(entries, goals, today, limit),
        *assignment_flags(assignments, today, now),
        quiz_flag(client),
        updated_lesson_flag(client),
        notes_flag(client),
    ]
    return sorted((flag for flag in found if flag is not None), key=lambda flag: flag.since)
