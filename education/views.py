"""The lesson series for readers: the overview, the lesson page and reading progress.

Lessons are open to everyone who visits (they are public health information); a logged-in
patient also sees and saves their own progress. Only published lessons are ever shown here:
a draft, an editor's working copy or an unknown slug is a 404.
"""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.views import patient_required
from education.forms import SectionReachedForm
from education.lesson_content import lesson_content
from education.models import Lesson, LessonProgress, Series
from education.progress import LessonState, lesson_state
from education.services import record_section_reached


def get_lesson_for_reader(request, slug, *, for_page=False):
    """The published lesson with this slug, as anyone may read it; otherwise 404. With
    for_page, its quiz comes along; the page's shared content comes from
    education.lesson_content (cached)."""
    lessons = Lesson.objects.published().select_related("series")
    if for_page:
        lessons = lessons.select_related("quiz")
    return get_object_or_404(lessons, slug=slug)


def _is_patient(user):
    return user.is_authenticated and user.role == Role.PATIENT


def reading_place(progress, sections):
    """Where a patient picks the lesson up again: the first section after the furthest one
    they reached (None before they start and after they finish)."""
    if progress is None or progress.finished_reading_at or not progress.sections_reached:
        return None
    if progress.sections_reached < len(sections):
        return sections[progress.sections_reached]
    return None


@require_GET
def series_overview(request):
    lessons = Lesson.objects.published().annotate(section_count=Count("sections")).order_by("order")
    series_list = (
        Series.objects.filter(lessons__in=Lesson.objects.published())
        .distinct()
        .prefetch_related(Prefetch("lessons", queryset=lessons, to_attr="published_lessons"))
    )
    progress_by_lesson = {}
    if _is_patient(request.user):
        progress_by_lesson = {p.lesson_id: p for p in LessonProgress.objects.filter(user=request.user)}
    for series in series_list:
        for lesson in series.published_lessons:
            lesson.reader_progress = progress_by_lesson.get(lesson.pk)
            lesson.state = lesson_state(lesson.reader_progress)
    return render(
        request,
        "education/series.html",
        {"series_list": series_list, "show_progress": _is_patient(request.user), "LessonState": LessonState},
    )


def _lesson_page_context(request, lesson, *, use_cache=True, **extra):
    """The lesson page's context, for a lesson from get_lesson_for_reader(..., for_page=True).
    `sections` are the cached outlines (order, anchor, heading, body_html), not Section rows."""
    content = lesson_content(lesson, use_cache=use_cache)
    sections = content["sections"]
    siblings = list(
        Lesson.objects.published()
        .filter(series=lesson.series_id)
        .order_by("order")
        .values("slug", "title", "order")
    )
    index = next((i for i, sibling in enumerate(siblings) if sibling["slug"] == lesson.slug), None)
    if index is None:
        # A lesson never published (an editor's preview): place it among the others by order.
        index = sum(1 for sibling in siblings if sibling["order"] < lesson.order)
        siblings.insert(index, {"slug": lesson.slug, "title": lesson.title, "order": lesson.order})
    progress = None
    if _is_patient(request.user):
        progress = LessonProgress.objects.filter(user=request.user, lesson=lesson).first()
    reached = progress.sections_reached if progress else 0
    # A patient who finished an earlier version sees what changed since.
    updated_since_read = bool(
        progress and progress.read_version and progress.read_version < lesson.version
    )
    return {
        "lesson": lesson,
        "lesson_content": content,
        "sections": sections,
        "body_sections": sections[:-1],
        "last_section": sections[-1] if sections else None,
        "reached_orders": {s["order"] for s in sections[:reached]},
        "position": index + 1,
        "lesson_count": len(siblings),
        "previous_lesson": siblings[index - 1] if index > 0 else None,
        "next_lesson": siblings[index + 1] if index + 1 < len(siblings) else None,
        "progress": progress,
        "state": lesson_state(progress),
        "LessonState": LessonState,
        "continue_at": reading_place(progress, sections),
        "is_patient": _is_patient(request.user),
        "updated_since_read": updated_since_read,
        **extra,
    }


def render_lesson(request, lesson, *, preview=False):
    """The lesson page. With preview (editors in the admin), the same template shows a draft
    exactly as a patient will see it, with a banner and without anyone's progress."""
    if preview:
        lesson = (
            Lesson.objects.select_related("series", "quiz")
            .prefetch_related("sections", "faqs", "references", "glossary_terms")
            .get(pk=lesson.pk)
        )
        # A draft is never cached: an editor sees every change at once.
        context = _lesson_page_context(request, lesson, use_cache=False, preview=True)
        context.update(progress=None, state=lesson_state(None), continue_at=None, is_patient=False)
        return render(request, "education/lesson_detail.html", context)
    return render(request, "education/lesson_detail.html", _lesson_page_context(request, lesson))


@require_GET
def lesson_detail(request, slug):
    lesson = get_lesson_for_reader(request, slug, for_page=True)
    return render_lesson(request, lesson)


@require_POST
@patient_required
def lesson_progress(request, slug):
    """Save the patient's place: a button after each section (a plain form), or htmx as each
    section's end scrolls into view."""
    lesson = get_lesson_for_reader(request, slug)
    form = SectionReachedForm(request.POST, lesson=lesson)
    if not form.is_valid():
        if request.htmx:
            # htmx does not swap a 4xx response: the message comes back as 200, beside the button.
            return render(request, "education/lesson_detail.html#progress-status", {"progress_form": form})
        lesson = get_lesson_for_reader(request, slug, for_page=True)
        context = _lesson_page_context(request, lesson, form=form)
        return render(request, "education/lesson_detail.html", context, status=422)
    section = form.cleaned_data["section"]
    progress = record_section_reached(user=request.user, lesson=lesson, section=section)
    is_last = not lesson.sections.filter(order__gt=section.order).exists()
    if request.htmx:
        context = {"saved": True, "finished": is_last and progress.finished_reading_at is not None}
        return render(request, "education/lesson_detail.html#progress-status", context)
    if is_last:
        messages.success(request, "Well done: you have finished reading this lesson.")
        return redirect(f"{lesson.get_absolute_url()}#lesson-end")
    messages.success(request, f"Your place is saved: you have read up to “{section.heading}”.")
    return redirect(f"{lesson.get_absolute_url()}#{section.anchor}-end")
