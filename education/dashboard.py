"""The lessons panel of the patient dashboard (see accounts/dashboard.py): each lesson's
state, how much of the series is complete, and the one next step, starting with "continue
where you left off"."""

from django.db.models import Count
from django.urls import reverse

from education.models import Lesson, LessonProgress
from education.progress import LessonState, lesson_state
from education.quiz_services import quiz_summary_by_lesson
from education.views import reading_place

DASHBOARD_PANELS = ["education/_dashboard_lessons.html"]


def _next_step(rows):
    """The most useful thing to do next: carry on with the lesson read most recently, then a
    quiz that is due, then the first lesson not yet started."""
    reading = [row for row in rows if row["state"] == LessonState.READING]
    if reading:
        row = max(reading, key=lambda r: r["progress"].updated_at)
        lesson = row["lesson"]
        sections = list(lesson.sections.all())
        place = reading_place(row["progress"], sections)
        return {
            "kind": "continue",
            "lesson": lesson,
            "section": place,
            "url": lesson.get_absolute_url() + (f"#{place.anchor}" if place else ""),
        }
    for kind, state in (("quiz", LessonState.QUIZ_DUE), ("start", LessonState.NOT_STARTED)):
        for row in rows:
            if row["state"] == state:
                lesson = row["lesson"]
                url = lesson.get_absolute_url()
                quiz = row.get("quiz") or {}
                if kind == "quiz":
                    url = reverse("education:quiz", args=[lesson.slug])
                    if quiz.get("under_way"):
                        url = reverse("education:attempt", args=[lesson.slug, quiz["under_way"]])
                return {"kind": kind, "lesson": lesson, "url": url, "quiz": quiz}
    return None


def dashboard_context(request):
    lessons = (
        Lesson.objects.published()
        .select_related("series")
        .annotate(section_count=Count("sections"))
        .order_by("series__title", "order")
    )
    progress = {p.lesson_id: p for p in LessonProgress.objects.filter(user=request.user, lesson__in=lessons)}
    # Best score, finished attempts and any attempt under way, per lesson (education/quiz_services.py).
    quizzes = quiz_summary_by_lesson(request.user)
    rows = []
    for lesson in lessons:
        row_progress = progress.get(lesson.pk)
        rows.append(
            {
                "lesson": lesson,
                "progress": row_progress,
                "state": lesson_state(row_progress),
                "quiz": quizzes.get(lesson.pk),
            }
        )
    return {
        "education_lessons": rows,
        "education_complete_count": sum(row["state"] == LessonState.COMPLETE for row in rows),
        "education_next_step": _next_step(rows),
    }
