"""The lessons panel of the patient dashboard (see accounts/dashboard.py): each lesson's
state, how much of the series is complete, and the one next step, starting with "continue
where you left off".

The rendered panel is cached per patient, keyed by the content generation and the patient's
reader version (education.page_cache), so any change to the lessons or to the patient's
progress or quiz attempts shows at the next request; it holds no CSRF token or nonce.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from education.catalogue import catalogue
from education.models import LessonProgress
from education.page_cache import FRAGMENT_TIMEOUT, request_versions
from education.progress import LessonState, lesson_state
from education.quiz_services import quiz_summary_by_lesson
from education.views import reading_place

DASHBOARD_PANELS = ["education/_dashboard_lessons.html"]
PANEL = "education/_dashboard_lessons.html#lessons-panel"


def _next_step(rows):
    """The most useful thing to do next: carry on with the lesson read most recently, then a
    quiz that is due, then the first lesson not yet started."""
    reading = [row for row in rows if row["state"] == LessonState.READING]
    if reading:
        row = max(reading, key=lambda r: r["progress"].updated_at)
        lesson = row["lesson"]
        place = reading_place(row["progress"], lesson["sections"])
        return {
            "kind": "continue",
            "lesson": lesson,
            "section": place,
            "url": lesson["url"] + (f"#{place['anchor']}" if place else ""),
        }
    for kind, state in (("quiz", LessonState.QUIZ_DUE), ("start", LessonState.NOT_STARTED)):
        for row in rows:
            if row["state"] == state:
                lesson = row["lesson"]
                url = lesson["url"]
                quiz = row.get("quiz") or {}
                if kind == "quiz":
                    url = lesson["quiz_url"] or reverse("education:quiz", args=[lesson["slug"]])
                    if quiz.get("under_way"):
                        url = reverse("education:attempt", args=[lesson["slug"], quiz["under_way"]])
                return {"kind": kind, "lesson": lesson, "url": url, "quiz": quiz}
    return None


def lessons_panel_context(user, catalogue_=None):
    """The panel's context: two queries (progress, quiz attempts) on top of the catalogue."""
    catalogue_ = catalogue_ or catalogue()
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
            "quiz_passed_at",
            "completed_at",
        )
    }
    # Best score, finished attempts and any attempt under way, per lesson (education/quiz_services.py).
    quizzes = quiz_summary_by_lesson(user)
    rows = []
    for lesson in lessons:
        row_progress = progress.get(lesson["pk"])
        rows.append(
            {
                "lesson": lesson,
                "progress": row_progress,
                "state": lesson_state(row_progress),
                "quiz": quizzes.get(lesson["pk"]),
            }
        )
    return {
        "education_lessons": rows,
        "education_complete_count": sum(row["state"] == LessonState.COMPLETE for row in rows),
        "education_next_step": _next_step(rows),
    }


def dashboard_context(request):
    generation, reader = request_versions(request)
    key = f"education:dashboard-lessons:{request.user.pk}:{generation}:{reader}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(PANEL, lessons_panel_context(request.user, catalogue(generation)))
        cache.set(key, html, FRAGMENT_TIMEOUT)
    return {"education_lessons_html": mark_safe(html)}  # noqa: S308 (rendered by our template)
