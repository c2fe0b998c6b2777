"""Writes to a patient's reading progress that touch more than one field or row."""

from django.db import transaction
from django.utils import timezone

from education.models import Lesson, LessonProgress, Section
from education.progress import complete_if_ready


def record_section_reached(*, user, lesson: Lesson, section: Section) -> LessonProgress:
    """Remember how far a patient has read. The place only moves forward, so re-reading an
    earlier part does not lose it; reaching the last section finishes the reading (and
    completes the lesson when its quiz is already passed)."""
    now = timezone.now()
    with transaction.atomic():
        progress, _ = LessonProgress.objects.select_for_update().get_or_create(user=user, lesson=lesson)
        orders = list(lesson.sections.values_list("order", flat=True))
        position = orders.index(section.order) + 1
        changed = []
        if position > progress.sections_reached or progress.last_section_id is None:
            progress.sections_reached = max(position, progress.sections_reached)
            progress.last_section = section
            changed += ["sections_reached", "last_section"]
        if position == len(orders):
            if progress.finished_reading_at is None:
                progress.finished_reading_at = now
                changed.append("finished_reading_at")
            if progress.read_version != lesson.version:
                progress.read_version = lesson.version
                changed.append("read_version")
        if changed:
            progress.save(update_fields=[*changed, "updated_at"])
            complete_if_ready(progress, when=now)
    return progress
