"""The lessons part of the patient dashboard (accounts.dashboard.dashboard calls lessons_panel):
the therapist's assignments with their due dates, each lesson's state, and the one next step.

One next step, in this order: the earliest-due open assignment (a lesson, or the next lesson of
an assigned series), then a lesson under way, then a quiz due, then the first lesson not started.
Plain queries (progress, quiz attempts, assignments) on top of the cached catalogue.
"""

from django.db.models import F
from django.urls import reverse

from education.catalogue import catalogue
from education.models import Assignment, LessonProgress
from education.progress import LessonState, lesson_state
from education.quiz_services import quiz_summary_by_lesson
from education.views import reading_place


def _step_for(row):
    """What to do next in one lesson: carry on reading, take (or finish) its quiz, or start it."""
    lesson, state = row["lesson"], row["state"]
    if state == LessonState.READING:
        place = reading_place(row["progress"], lesson["sections"])
        url = lesson["url"] + (f"#{place['anchor']}" if place else "")
        return {"kind": "continue", "lesson": lesson, "section": place, "url": url}
    if state == LessonState.QUIZ_DUE:
        quiz = row.get("quiz") or {}
        url = lesson["quiz_url"] or reverse("education:quiz", args=[lesson["slug"]])
        if quiz.get("under_way"):
            url = reverse("education:attempt", args=[lesson["slug"], quiz["under_way"]])
        return {"kind": "quiz", "lesson": lesson, "url": url, "quiz": quiz}
    if state == LessonState.NOT_STARTED:
        return {"kind": "start", "lesson": lesson, "url": lesson["url"], "quiz": row.get("quiz") or {}}
    return None


def _next_step(rows, assignments):
    """The one most useful thing to do next (see the module docstring)."""
    for assignment in assignments:
        if assignment.is_done or assignment.row is None:
            continue
        step = _step_for(assignment.row)
        if step:
            return {**step, "assignment": assignment}
    reading = [row for row in rows if row["state"] == LessonState.READING]
    if reading:
        return _step_for(max(reading, key=lambda r: r["progress"].updated_at))
    for state in (LessonState.QUIZ_DUE, LessonState.NOT_STARTED):
        for row in rows:
            if row["state"] == state:
                return _step_for(row)
    return None


def lesson_rows(user, catalogue_):
    """Every published lesson with the patient's progress, state, quiz summary and whether it
    changed since they finished reading it (two queries)."""
    lessons = [lesson for series in catalogue_["series"] for lesson in series["lessons"]]
    progress = {
        p.lesson_id: p
        for p in LessonProgress.objects.filter(
            user=user, lesson_id__in=[lesson["pk"] for lesson in lessons]
        ).only(
            "lesson_id",
            "sections_reached",
            "updated_at",
            "finished_reading_at",
            "read_version",
            "quiz_passed_at",
            "completed_at",
        )
    }
    quizzes = quiz_summary_by_lesson(user)
    rows = []
    for lesson in lessons:
        row_progress = progress.get(lesson["pk"])
        read_version = row_progress.read_version if row_progress else None
        rows.append(
            {
                "lesson": lesson,
                "progress": row_progress,
                "state": lesson_state(row_progress),
                "quiz": quizzes.get(lesson["pk"]),
                "updated": bool(read_version and read_version < lesson["version"]),
            }
        )
    return rows


def patient_assignments(user, rows, today):
    """The patient's assignments, open ones first by due date (undated last), each marked done
    or overdue and linked to the lesson row to work on (for a series: its first lesson not
    complete). One query."""
    by_pk = {row["lesson"]["pk"]: row for row in rows}
    assignments = list(
        Assignment.objects.filter(client=user)
        .select_related("therapist", "series", "lesson")
        .order_by(F("due_date").asc(nulls_last=True), "-created_at")
    )
    for assignment in assignments:
        if assignment.lesson_id:
            assignment.row = by_pk.get(assignment.lesson_id)
            assignment.is_done = bool(assignment.row and assignment.row["state"] == LessonState.COMPLETE)
        else:
            in_series = [row for row in rows if row["lesson"]["series_id"] == assignment.series_id]
            open_rows = [row for row in in_series if row["state"] != LessonState.COMPLETE]
            assignment.row = open_rows[0] if open_rows else None
            assignment.is_done = bool(in_series) and not open_rows
        assignment.is_overdue = bool(
            assignment.due_date and assignment.due_date < today and not assignment.is_done
        )
    assignments.sort(key=lambda a: a.is_done)  # stable: open ones first, each group by due date
    return assignments


def lessons_panel(user, today):
    """The dashboard's lessons context: assignments, lesson rows, the count complete, the next
    step and the lessons updated since the patient read them. Three queries."""
    rows = lesson_rows(user, catalogue())
    assignments = patient_assignments(user, rows, today)
    return {
        "assignments": assignments,
        "education_lessons": rows,
        "education_complete_count": sum(row["state"] == LessonState.COMPLETE for row in rows),
        "education_next_step": _next_step(rows, assignments),
        "education_updated": [row for row in rows if row["updated"]],
    }
