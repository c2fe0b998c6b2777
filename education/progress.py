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


# Reading by time (static/js/lesson.js): a section counts as read once it has been on screen for
# as long as reading its words takes at READING_WORDS_PER_MINUTE, a brisk adult reading speed
# (so a careful reader is never held back); lesson.js sends the sections read in one batched
# request every few seconds and when the page is left. Scrolling past never counts.
READING_WORDS_PER_MINUTE = 300


def record_sections_read(*, user, lesson, anchors):
    """Sections the patient had on screen long enough to read them (lesson.js), in one batch.

    They count in order only: the place moves forward over read sections that follow it without
    a gap, so reading the last section alone never finishes the lesson, while reading every
    section up to the last does (education.services.record_section_reached finishes it). The
    buttons ("Save my place here", "I have finished reading") remain the reader's own say.
    Unknown anchors (a lesson changed since the page loaded) are left out. Returns the progress
    row, or None when nothing moved."""
    from education.models import LessonProgress
    from education.services import record_section_reached

    sections = list(lesson.sections.order_by("order", "pk"))
    read = set(anchors)
    current = LessonProgress.objects.filter(user=user, lesson=lesson).values_list(
        "sections_reached", flat=True
    )
    reached = next(iter(current), 0)
    furthest = None
    for section in sections[reached:]:
        if section.anchor not in read:
            break
        furthest = section
    if furthest is None:
        return None
    return record_section_reached(user=user, lesson=lesson, section=furthest)
