"""The lesson series for readers: the overview, the lesson page and reading progress.

Lessons are open to everyone who visits (they are public health information); a logged-in
patient also sees and saves their own progress. Only published lessons are ever shown here:
a draft, an editor's working copy or an unknown slug is a 404.
"""

from django.contrib import messages
from django.core.cache import cache
from django.db.models import F
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST, require_safe

from accounts.models import Role
from accounts.views import patient_required
from education.catalogue import catalogue, series_lessons
from education.forms import SectionReachedForm
from education.lesson_content import lesson_content
from education.models import Assignment, Lesson, LessonProgress, Quiz, Section
from education.page_cache import FRAGMENT_TIMEOUT, content_generation
from education.progress import LessonState, lesson_state, record_sections_read
from education.services import record_section_reached


def get_lesson_for_reader(request, slug, *, for_page=False):
    """The published lesson with this slug, as anyone may read it; otherwise 404. With
    for_page, the row as the page needs it: its series, quiz and place among the other
    lessons come from the catalogue (education.catalogue), its shared content from
    education.lesson_content, both cached."""
    lessons = Lesson.objects.published()
    if for_page:
        # approval: the "Reviewed by" line (issue #19).
        lessons = lessons.defer("in_brief", "source_file", "loaded_hash").select_related("approval__actor")
    return get_object_or_404(lessons, slug=slug)


# What the lesson page reads of the lesson when its article comes from the cache.
ARTICLE_KEY_FIELDS = ("series_id", "slug", "title", "order", "version", "updated")


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


def _series_progress(user):
    """{lesson id: (sections reached, finished reading, completed, version read)} for a patient, else {}."""
    if not _is_patient(user):
        return {}
    rows = LessonProgress.objects.filter(user=user).values_list(
        "lesson_id", "sections_reached", "finished_reading_at", "completed_at", "read_version"
    )
    return {lesson_id: ReadingState(*state) for lesson_id, *state in rows}


def _series_assignments(user):
    """{("lesson", id) or ("series", id): earliest due date or None} of a patient's assignments
    (one query), else {}: the Lessons page shows what a therapist assigned and by when."""
    if not _is_patient(user):
        return {}
    found = {}
    rows = Assignment.objects.filter(client=user).order_by(F("due_date").asc(nulls_last=True))
    for series_id, lesson_id, due in rows.values_list("series_id", "lesson_id", "due_date"):
        found.setdefault(("lesson", lesson_id) if lesson_id else ("series", series_id), due)
    return found


class ReadingState:
    """The facts of a LessonProgress row the series overview shows (lesson_state() reads
    them as it reads the row)."""

    __slots__ = ("sections_reached", "finished_reading_at", "completed_at", "read_version")

    def __init__(self, sections_reached, finished_reading_at, completed_at, read_version):
        self.sections_reached = sections_reached
        self.finished_reading_at = finished_reading_at
        self.completed_at = completed_at
        self.read_version = read_version


@require_safe
def series_overview(request):
    """Every published series and its lessons, with the patient's progress. The list comes
    from the catalogue; the rendered list is cached per content generation, audience and
    the progress shown (which is read here, so a change shows at once)."""
    generation = content_generation()
    progress = _series_progress(request.user)
    assigned = _series_assignments(request.user)
    show_progress = _is_patient(request.user)
    states = []
    for lesson_id in sorted(progress):
        state = progress[lesson_id]
        read = state.read_version or ""
        states.append(f"{lesson_id}.{lesson_state(state)}.{state.sections_reached}.{read}")
    for (kind, pk), due in sorted(assigned.items(), key=str):
        states.append(f"{kind[0]}{pk}.{due or ''}")
    audience = "p" if show_progress else ("u" if request.user.is_authenticated else "v")
    key = f"education:series-page:{generation}:{audience}:{','.join(states)}"
    content = cache.get(key)
    if content is None:
        series_list = []
        for series in catalogue(generation)["series"]:
            lessons = []
            for lesson in series["lessons"]:
                reader = progress.get(lesson["pk"])
                read_version = reader.read_version if reader else None
                lessons.append(
                    {
                        **lesson,
                        "reader_progress": reader,
                        "state": lesson_state(reader),
                        "assigned": ("lesson", lesson["pk"]) in assigned,
                        "due": assigned.get(("lesson", lesson["pk"])),
                        "updated": bool(read_version and read_version < lesson["version"]),
                    }
                )
            series_assigned = ("series", series["pk"]) in assigned
            series_list.append(
                {
                    **series,
                    "published_lessons": lessons,
                    "assigned": series_assigned,
                    "due": assigned.get(("series", series["pk"])),
                }
            )
        context = {
            "series_list": series_list,
            "show_progress": show_progress,
            "user": request.user,
        }
        content = render_to_string("education/series.html#series-list", context)
        cache.set(key, content, FRAGMENT_TIMEOUT)
    return render(request, "education/series.html", {"series_html": mark_safe(content)})  # noqa: S308


def changed_sections(lesson, read_at):
    """The outlines ({"anchor", "heading"}) of the lesson's sections that are new or whose heading
    or text changed since `read_at` (the section history as it stood then; two queries)."""
    if read_at is None:
        return []
    then = {
        section.anchor: (section.heading, section.body)
        for section in Section.history.as_of(read_at).filter(lesson_id=lesson.pk)
    }
    now = lesson.sections.order_by("order").values_list("anchor", "heading", "body")
    return [
        {"anchor": anchor, "heading": heading}
        for anchor, heading, body in now
        if then.get(anchor) != (heading, body)
    ]


def _has_quiz(lesson):
    try:
        return lesson.quiz is not None
    except Quiz.DoesNotExist:
        return False


_UNREAD = object()


def _lesson_page_context(request, lesson, *, use_cache=True, preview=False, progress=_UNREAD, **extra):
    """The lesson page's context, for a lesson from get_lesson_for_reader(..., for_page=True)
    (or, with preview, any lesson row with its series and quiz). `sections` are the cached
    outlines (order, anchor, heading, body_html), not Section rows. `progress`: the
    patient's row when the caller has read it already."""
    content = lesson_content(lesson, use_cache=use_cache)
    sections = content["sections"]
    catalogue_ = catalogue()
    siblings = series_lessons(catalogue_, lesson.series_id)
    entry = catalogue_["lessons"].get(lesson.slug) if not preview else None
    if entry is not None and entry["pk"] == lesson.pk:
        series_title, has_quiz = entry["series_title"], bool(entry["quiz_id"])
    else:
        # An editor's preview: the draft's own series and quiz, not the published lesson's.
        series_title, has_quiz = lesson.series.title, _has_quiz(lesson)
    index = next((i for i, sibling in enumerate(siblings) if sibling["slug"] == lesson.slug), None)
    if index is None:
        # A lesson never published (an editor's preview): place it among the others by order.
        index = sum(1 for sibling in siblings if sibling["order"] < lesson.order)
        siblings = [*siblings[:index], {"slug": lesson.slug, "title": lesson.title}, *siblings[index:]]
    if progress is _UNREAD:
        progress = None
        if _is_patient(request.user) and not preview:
            progress = LessonProgress.objects.filter(user=request.user, lesson=lesson).first()
    reached = progress.sections_reached if progress else 0
    # A patient who finished an earlier version sees what changed since, section by section.
    updated_since_read = bool(progress and progress.read_version and progress.read_version < lesson.version)
    changed = changed_sections(lesson, progress.finished_reading_at) if updated_since_read else []
    return {
        "lesson": lesson,
        "series_title": series_title,
        "has_quiz": has_quiz,
        "lesson_content": content,
        "sections": sections,
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
        "is_patient": _is_patient(request.user) and not preview,
        "updated_since_read": updated_since_read,
        "changed_sections": changed,
        "changed_anchors": {section["anchor"] for section in changed},
        "preview": preview,
        **extra,
    }


def render_lesson(request, lesson, *, preview=False, **extra):
    """The lesson page. With preview (editors in the admin), the same template shows a draft
    exactly as a patient will see it, with a banner and without anyone's progress; `extra`
    adds to the context (the admin's preview panel, issue #19)."""
    if preview:
        lesson = (
            Lesson.objects.select_related("series", "quiz", "approval__actor")
            .prefetch_related("sections", "faqs", "references", "glossary_terms")
            .get(pk=lesson.pk)
        )
        # A draft is never cached: an editor sees every change at once.
        context = _lesson_page_context(request, lesson, use_cache=False, preview=True, **extra)
        return render(request, "education/lesson_detail.html", context)
    return render(request, "education/lesson_detail.html", _lesson_page_context(request, lesson))


# Stands for the CSRF token in a cached lesson article; each request puts its own token in.
CSRF_PLACEHOLDER = "csrf-token-of-this-request"
CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


def _reader_key(request, lesson, progress):
    """What a cached article depends on beyond the lesson and the catalogue: who reads (a
    visitor, a patient, other staff) and, for a patient, the parts of their progress the
    article shows. Never who they are: patients in the same place share the entry."""
    if not _is_patient(request.user):
        return "u" if request.user.is_authenticated else "v"
    if progress is None:
        return "p"
    finished = progress.finished_reading_at
    return ":".join(
        str(part)
        for part in (
            "p",
            progress.sections_reached,
            lesson_state(progress),
            localtime(finished).date().isoformat() if finished else "",
            progress.read_version or "",
        )
    )


@require_safe
def lesson_detail(request, slug):
    """The lesson page. The article (everything inside <main>) is cached per lesson version,
    content generation and reader key (_reader_key); the page shell around it, with the CSRF
    token, the CSP nonce and any messages, is rendered for each request."""
    lesson = get_object_or_404(Lesson.objects.published().only(*ARTICLE_KEY_FIELDS), slug=slug)
    progress = None
    if _is_patient(request.user):
        progress = (
            LessonProgress.objects.filter(user=request.user, lesson=lesson)
            .only("sections_reached", "finished_reading_at", "read_version", "completed_at", "quiz_passed_at")
            .first()
        )
    generation = content_generation()
    key = ":".join(
        str(part)
        for part in (
            "education:lesson-article",
            lesson.pk,
            lesson.version,
            lesson.updated.isoformat(),
            generation,
            _reader_key(request, lesson, progress),
        )
    )
    article = cache.get(key)
    if article is None:
        full = (
            Lesson.objects.defer("in_brief", "source_file", "loaded_hash")
            .select_related("approval__actor")  # the "Reviewed by" line (issue #19)
            .get(pk=lesson.pk)
        )
        context = _lesson_page_context(request, full, progress=progress)
        context.update(user=request.user, request=request, csrf_token=CSRF_PLACEHOLDER)
        article = render_to_string("education/lesson_detail.html#lesson-article", context)
        cache.set(key, article, FRAGMENT_TIMEOUT)
    if CSRF_PLACEHOLDER in article:
        article = article.replace(CSRF_INPUT.format(CSRF_PLACEHOLDER), CSRF_INPUT.format(get_token(request)))
    context = {"lesson": lesson, "article_html": mark_safe(article)}  # noqa: S308 (rendered by our template)
    return render(request, "education/lesson_detail.html", context)


@require_POST
@patient_required
def lesson_progress(request, slug):
    """Save the patient's place: a button after each section (a plain form, or htmx), or
    lesson.js's batch of the sections that were on screen long enough to read ("read", see
    education.progress.record_sections_read), answered in JSON."""
    lesson = get_lesson_for_reader(request, slug)
    if "read" in request.POST:
        anchors = [anchor[:50] for anchor in request.POST.getlist("read")[:200]]
        progress = record_sections_read(user=request.user, lesson=lesson, anchors=anchors)
        if progress is None:
            progress = LessonProgress.objects.filter(user=request.user, lesson=lesson).first()
        return JsonResponse(
            {
                "reached": progress.sections_reached if progress else 0,
                "finished": bool(progress and progress.finished_reading_at),
            }
        )
    form = SectionReachedForm(request.POST, lesson=lesson)
    if not form.is_valid():
        if request.htmx:
            # 422, swapped by htmx like a 200 (base.html's htmx-config): the message beside the button.
            return render(
                request, "education/lesson_detail.html#progress-status", {"progress_form": form}, status=422
            )
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
