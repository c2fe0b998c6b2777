import datetime

import pytest
from django.utils import timezone

from tests.education.quiz_helpers import finished_attempt
from tests.factories import EntryFactory, LessonFactory, LessonProgressFactory, SectionFactory, build_quiz


def add_entries(patient, days, **values):
    """One check-in a day for the `days` days up to yesterday."""
    today = timezone.localdate()
    for offset in range(1, days + 1):
        EntryFactory(patient=patient, day=today - datetime.timedelta(days=offset), **values)


@pytest.fixture
def lesson_with_quiz(db):
    """A published lesson with two sections and a 5-question quiz: questions 1-3 point to
    "what-bone-does", 4-5 to "moving-more"."""
    lesson = LessonFactory(slug="bones-101", title="Bones 101", order=1)
    SectionFactory(lesson=lesson, order=1, anchor="what-bone-does", heading="What bone does")
    SectionFactory(lesson=lesson, order=2, anchor="moving-more", heading="Moving more")
    quiz = build_quiz(lesson=lesson, section_anchor="what-bone-does")
    quiz.questions.filter(order__gte=4).update(section_anchor="moving-more")
    return lesson, quiz


def patient_history(patient, lesson, quiz, *, wrong_positions=(4,)):
    """A completed lesson and a finished quiz attempt that missed `wrong_positions`."""
    now = timezone.now()
    LessonProgressFactory(
        user=patient, lesson=lesson, finished_reading_at=now, quiz_passed_at=now, completed_at=now
    )
    return finished_attempt(patient, quiz, wrong_positions=wrong_positions)
