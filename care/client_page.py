"""What the client page (and its printable summary) shows about one client: a query per panel,
and the tracker part (charts, their tables, check-in notes) from one cached fragment.

The tracker part is built from tracker.trends (the same charts and tables the client sees on
their own tracker page), with the summaries written about the client in the third person, and
kept by bonehealth.fragments per client and day until the client's check-ins or goals change. It
is rendered by bonehealth.fragments.render_shared (no request; `user` and `request` refuse any
use), since it is served to whoever may open the page, after scoping.
"""

from django.db.models import F, FilteredRelation, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import SharingConsent, User
from bonehealth.fragments import patient_fragment, render_shared
from care.caseload import care_since
from care.models import SessionNote
from education.models import Assignment, Lesson, LessonProgress, QuizAttempt
from education.progress import lesson_state
from tracker.factors import Factor, hours_text
from tracker.models import Entry
from tracker.trends import one_decimal, plural, trends_context

TRACKER_DAYS = 28
NOTES_SHOWN = 30
FRAGMENT = "care-client-28"
TRACKER_TEMPLATE = "care/_client_tracker.html"


def client_queryset(therapist):
    """The therapist's clients with the page header's dates, in the query that fetches one."""
    client = OuterRef("pk")
    return User.objects.clients_of(therapist).annotate(
        care_since=care_since(therapist),
        sharing_since=Subquery(
            SharingConsent.objects.active()
            .filter(therapist=therapist, patient=client)
            .order_by("-granted_at")
            .values("granted_at")[:1]
        ),
    )


def first_name(client):
    return client.get_short_name()


# --- the tracker part, in the third person ---------------------------------------------------


def third_person_summary(key, s, name, period):
    if key == Factor.SLEEP:
        if not s["sleep_n"]:
            return f"{name} recorded no sleep in {period}."
        text = (
            f"{name} recorded sleep on {plural(s['sleep_n'], 'night')} in {period} and slept "
            f"{one_decimal(s['sleep_avg'])} hours on average (shortest {hours_text(s['sleep_min'])}, "
            f"longest {hours_text(s['sleep_max'])})."
        )
        if s["quality_n"]:
            text += f" Sleep quality averaged {one_decimal(s['quality_avg'])} out of 5."
        return text
    if key == Factor.STRESS:
        if not s["stress_n"]:
            return f"{name} recorded no stress levels in {period}."
        return (
            f"{name} recorded stress on {plural(s['stress_n'], 'day')} in {period}: "
            f"{one_decimal(s['stress_avg'])} out of 10 on average (lowest {s['stress_min']}, "
            f"highest {s['stress_max']})."
        )
    if key == Factor.TRAINING:
        if not s["training_n"]:
            return f"{name} recorded no strength exercise in {period}."
        return (
            f"{name} did strength exercise on {plural(s['training_days'], 'day')} in {period}, "
            f"{s['training_total'] or 0:,} minutes in all."
        )
    if not s["omega_n"]:
        return f"{name} recorded no omega-3 in {period}."
    return (
        f"{name} recorded omega-3 on {plural(s['omega_n'], 'day')} in {period}, with "
        f"{plural(s['fish_total'] or 0, 'serving')} of oily fish: about {s['omega_avg']:,} mg of EPA "
        "and DHA a day on those days."
    )


def goal_missed(section, s):
    """A talking point when the client met the goal on fewer than half of the days recorded."""
    goal = section["goal"]
    key = section["key"]
    if goal is None:
        return None
    if key == Factor.SLEEP and s["sleep_n"] and s["sleep_in_goal"] * 2 < s["sleep_n"]:
        return f"Sleep goal ({goal.description}) met on {s['sleep_in_goal']} of {s['sleep_n']} nights."
    if key == Factor.STRESS and s["stress_n"] and s["stress_in_goal"] * 2 < s["stress_n"]:
        return f"Stress goal ({goal.description}) met on {s['stress_in_goal']} of {s['stress_n']} days."
    if key == Factor.OMEGA3 and s["omega_n"] and s["omega_avg"] < goal.target_min:
        return f"Omega-3 averaged about {s['omega_avg']:,} mg a day against a goal of {goal.description}."
    return None


def tracker_part(client, today):
    """{"html": the tracker panels, "notes": the latest check-in notes, "goals_missed": [...]},
    from the cache when nothing changed since it was built today."""

    def build():
        trends = trends_context(client, days=TRACKER_DAYS, today=today)
        name = first_name(client)
        period = f"the last {TRACKER_DAYS} days"
        missed = []
        for section in trends["sections"]:
            section["summary"] = third_person_summary(section["key"], trends["summary"], name, period)
            missed.append(goal_missed(section, trends["summary"]))
        notes = list(
            Entry.objects.filter(patient=client)
            .exclude(note="")
            .order_by("-day")
            .values("day", "note")[:NOTES_SHOWN]
        )
        html = render_shared(
            TRACKER_TEMPLATE,
            {"tracker": trends, "tracker_days": TRACKER_DAYS, "name": name, "check_in_notes": notes},
        )
        return {"html": html, "notes": notes, "goals_missed": [text for text in missed if text]}

    return patient_fragment(client.pk, FRAGMENT, today, build)


# --- lessons and quizzes ----------------------------------------------------------------------

PROGRESS_FIELDS = ("id", "sections_reached", "finished_reading_at", "read_version", "completed_at")


def published_lessons():
    """(pk, title) of every published lesson: what the assignment form offers on a POST."""
    return list(Lesson.objects.published().order_by("series", "order").values("pk", "title"))


def lesson_rows(client):
    """Each published lesson with the client's progress (or None), its state, and whether it
    changed since they read it: one query."""
    lessons = (
        Lesson.objects.published()
        .annotate(client_progress=FilteredRelation("progress", condition=Q(progress__user=client)))
        .order_by("series", "order")
        .values("pk", "title", "version", "published_at", *(f"client_progress__{f}" for f in PROGRESS_FIELDS))
    )
    rows = []
    for lesson in lessons:
        progress = None
        if lesson["client_progress__id"] is not None:
            progress = LessonProgress(
                user=client, **{f: lesson[f"client_progress__{f}"] for f in PROGRESS_FIELDS}
            )
        updated = bool(
            progress and progress.finished_reading_at and (progress.read_version or 0) < lesson["version"]
        )
        rows.append(
            {
                "lesson": lesson,
                "progress": progress,
                "state": lesson_state(progress),
                "updated_since_read": updated,
            }
        )
    return rows


def answered_attempts(client):
    """The client's submitted quiz attempts, newest first, each with `answer_rows`: every
    question as the client saw it, what they chose and the right answer (one query: each
    attempt joined to its answers, grouped back here)."""
    rows = (
        QuizAttempt.objects.filter(user=client)
        .submitted()
        .select_related("quiz__lesson")
        .only(
            "lesson_version", "questions", "total", "score", "passed", "submitted_at", "quiz__lesson__title"
        )
        .annotate(
            answer_position=F("answers__position"),
            answer_selected=F("answers__selected"),
            answer_is_correct=F("answers__is_correct"),
        )
        .order_by("-submitted_at", "-pk", "answer_position")
    )
    attempts, answers = {}, {}
    for row in rows:
        attempts.setdefault(row.pk, row)
        if row.answer_position is not None:
            answers[row.pk, row.answer_position] = row
    for attempt in attempts.values():
        attempt.answer_rows = []
        for position, question in enumerate(attempt.questions, start=1):
            answer = answers.get((attempt.pk, position))
            chosen = set(answer.answer_selected) if answer else set()
            attempt.answer_rows.append(
                {
                    "position": position,
                    "prompt": question["prompt"],
                    "chosen": [c["text"] for c in question["choices"] if c["id"] in chosen],
                    "correct": [c["text"] for c in question["choices"] if c["correct"]],
                    "is_correct": answer.answer_is_correct if answer else None,
                }
            )
    return list(attempts.values())


def talking_points(*, attempts, lessons, tracker):
    """What to bring up next session: wrong answers in each quiz's latest attempt, questions and
    other notes from the last check-ins, goals missed, lessons updated since they were read."""
    points = []
    seen_quizzes = set()
    for attempt in attempts:
        if attempt.quiz_id in seen_quizzes:
            continue
        seen_quizzes.add(attempt.quiz_id)
        for row in attempt.answer_rows:
            if row["is_correct"] is False:
                chosen = "; ".join(row["chosen"]) or "nothing"
                points.append(
                    {
                        "kind": "Quiz answer",
                        "text": f"{attempt.quiz.lesson.title}: “{row['prompt']}” – chose "
                        f"“{chosen}”, the answer is “{'; '.join(row['correct'])}”.",
                    }
                )
    for note in tracker["notes"][:5]:
        kind = "Their question" if "?" in note["note"] else "Check-in note"
        points.append({"kind": kind, "text": f"{note['day']:%d %b}: {note['note']}"})
    points.extend({"kind": "Goal missed", "text": text} for text in tracker["goals_missed"])
    points.extend(
        {
            "kind": "Lesson updated",
            "text": f"{row['lesson']['title']} changed since they read it (version "
            f"{row['progress'].read_version}, now {row['lesson']['version']}).",
        }
        for row in lessons
        if row["updated_since_read"]
    )
    return points


def client_page_context(therapist, client):
    """Everything the client page shows, for a client already fetched through scoping."""
    today = timezone.localdate()
    assignments = list(
        Assignment.objects.filter(client=client, therapist=therapist)
        .select_related("series", "lesson")
        .order_by("due_date", "-created_at")
    )
    for assignment in assignments:
        assignment.is_overdue = bool(assignment.due_date and assignment.due_date < today)
    lessons = lesson_rows(client)
    attempts = answered_attempts(client)
    tracker = tracker_part(client, today)
    return {
        "client": client,
        "name": first_name(client),
        "assignments": assignments,
        "lesson_rows": lessons,
        "attempts": attempts,
        "tracker_html": tracker["html"],
        "talking_points": talking_points(attempts=attempts, lessons=lessons, tracker=tracker),
        "session_notes": list(SessionNote.objects.written_by(therapist).filter(client=client)),
        "tracker_days": TRACKER_DAYS,
    }
