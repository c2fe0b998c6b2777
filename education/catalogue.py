"""The published lessons as plain data, read once per content generation and cached.

The series overview, the lesson page (its place in the series, the pager), the quiz page and
the dashboard all need the same few facts about the published lessons: titles, order, the
sections' outlines, whether there is a quiz and how many questions it has. They change only
when an editor changes content, which replaces the content generation
(education.page_cache, education.signals), so they are read in three queries once per
generation instead of on every request.
"""

from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse

from education.models import Lesson, Question, Section
from education.page_cache import content_generation

CACHE_TIMEOUT = 3600


def build_catalogue():
    """{"series": [series...], "lessons": {slug: lesson}}: each series (in title order) with
    its published lessons (in order), each lesson a dict with its sections' outlines."""
    published = Lesson.objects.published()
    rows = published.order_by("series__title", "series_id", "order").values(
        "pk", "slug", "title", "order", "summary", "reading_minutes", "series_id",
        "series__slug", "series__title", "series__summary", "quiz__id", "version",
    )  # fmt: skip
    outlines = {}
    for lesson_id, order, anchor, heading in (
        Section.objects.filter(lesson__in=published)
        .order_by("lesson_id", "order", "pk")
        .values_list("lesson_id", "order", "anchor", "heading")
    ):
        outlines.setdefault(lesson_id, []).append({"order": order, "anchor": anchor, "heading": heading})
    question_counts = dict(
        Question.objects.filter(quiz__lesson__in=published)
        .order_by()
        .values("quiz__lesson_id")
        .annotate(n=Count("pk"))
        .values_list("quiz__lesson_id", "n")
    )
    series_list, lessons = [], {}
    for row in rows:
        if not series_list or series_list[-1]["pk"] != row["series_id"]:
            series_list.append(
                {"pk": row["series_id"], "slug": row["series__slug"], "title": row["series__title"],
                 "summary": row["series__summary"], "lessons": []}
            )  # fmt: skip
        sections = outlines.get(row["pk"], [])
        lesson = {
            "pk": row["pk"],
            "slug": row["slug"],
            "title": row["title"],
            "order": row["order"],
            "version": row["version"],
            "summary": row["summary"],
            "reading_minutes": row["reading_minutes"],
            "series_id": row["series_id"],
            "series_title": row["series__title"],
            "url": reverse("education:lesson", args=[row["slug"]]),
            "quiz_id": row["quiz__id"],
            "quiz_url": reverse("education:quiz", args=[row["slug"]]) if row["quiz__id"] else None,
            "question_count": question_counts.get(row["pk"], 0),
            "sections": sections,
            "section_count": len(sections),
        }
        series_list[-1]["lessons"].append(lesson)
        lessons[row["slug"]] = lesson
    return {"series": series_list, "lessons": lessons}


def catalogue(generation=None):
    """The catalogue for the current content generation (or the one given, read by the caller
    together with other versions)."""
    key = f"education:catalogue:{generation or content_generation()}"
    found = cache.get(key)
    if found is None:
        found = build_catalogue()
        cache.set(key, found, CACHE_TIMEOUT)
    return found


def series_lessons(catalogue_, series_id):
    """The published lessons of one series, in order."""
    return next((s["lessons"] for s in catalogue_["series"] if s["pk"] == series_id), [])
