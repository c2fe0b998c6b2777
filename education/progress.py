"""A patient's progress through a lesson: its state, and the rule for completing it.

Shared by the lesson pages (reading), the quiz (passing) and the dashboard.
"""

from django.db.models import TextChoices


class LessonState(TextChoices):
    NOT_STARTED = "not_started", "Not started"
    READING = "reading", "Reading"
    QUIZ_DUE = "quiz_due", "Quiz due"
    COMPLETE = "complete", "Complete"


def lesson_state(progress):
    """The state of a lesson for one patient, from their LessonProgress row (or None)."""
    if progress is None:
        return LessonState.NOT_STARTED
    if progress.completed_at:
        return LessonState.COMPLETE
    if progress.finished_reading_at:
        return LessonState.QUIZ_DUE
    return LessonState.READING


def complete_if_ready(progress, *, when):
    """Complete the lesson once it has been read to the end and its quiz passed, in either
    order. Call after setting finished_reading_at or quiz_passed_at; saves only a change."""
    if progress.completed_at is None and progress.finished_reading_at and progress.quiz_passed_at:
        progress.completed_at = when
        progress.save(update_fields=["completed_at", "updated_at"])
        return True
    return False
