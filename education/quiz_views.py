"""Quiz pages: the quiz overview with the patient's history, one page per question, and the result.

Everything works as plain forms with Post/Redirect/Get. With htmx, an answer is checked in
place: the question's form is swapped for its feedback without a page load.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from accounts.views import patient_required
from education.catalogue import catalogue
from education.models import Lesson, LessonProgress, Quiz, QuizAttempt, Status
from education.quiz_forms import AnswerForm, StartAttemptForm
from education.quiz_services import (
    AttemptClosed,
    AttemptIncomplete,
    NothingToRetake,
    QuizNotReady,
    attempt_view,
    latest_submitted,
    missed_count,
    record_answer,
    start_attempt,
    submit_attempt,
)

PUBLISHED_LESSON = {"lesson__status": Status.PUBLISHED, "lesson__draft_of__isnull": True}
NOTHING_MISSED = "There are no missed questions to go over. You can take the whole quiz again."


LESSON_TEXT = [
    f"quiz__lesson__{name}"
    for name in (
        "summary",
        "in_brief",
        "in_brief_html",
        "takeaways",
        "change_note",
        "source_file",
        "loaded_hash",
    )
]
# What the quiz pages read of the lesson (its long text is not needed).
QUIZ_LESSON_FIELDS = (
    "lesson__slug",
    "lesson__title",
    "lesson__version",
    "lesson__series_id",
    "lesson__order",
)


def get_quiz_for_page(request, slug):
    """The quiz of a published lesson (404 for a draft, an editor's working copy or no quiz),
    with only the lesson fields the quiz pages use, and when the patient finished reading the
    lesson (`finished_reading_at`), in one query."""
    finished = LessonProgress.objects.filter(user=request.user, lesson=OuterRef("lesson")).values(
        "finished_reading_at"
    )[:1]
    quizzes = (
        Quiz.objects.select_related("lesson")
        .only("pass_mark", "lesson_id", *QUIZ_LESSON_FIELDS)
        .annotate(finished_reading_at=Subquery(finished))
    )
    return get_object_or_404(quizzes, lesson__slug=slug, **PUBLISHED_LESSON)


def get_attempt_for_user(request, slug, pk, *, for_update=False):
    """One of the requesting patient's own attempts at the quiz of a published lesson. Anybody
    else's attempt, or one for a lesson that has been unpublished, is a 404. With for_update
    (inside a transaction), the attempt's row is locked."""
    # Not the lesson's text, which no quiz page shows.
    attempts = QuizAttempt.objects.select_related("quiz__lesson").defer(*LESSON_TEXT)
    if for_update:
        attempts = attempts.select_for_update(of=("self",))
    return get_object_or_404(
        attempts.filter(
            user=request.user,
            quiz__lesson__slug=slug,
            **{f"quiz__{key}": value for key, value in PUBLISHED_LESSON.items()},
        ),
        pk=pk,
    )


def _question_url(attempt, position):
    return reverse("education:attempt_question", args=[attempt.quiz.lesson.slug, attempt.pk, position])


def _quiz_page(request, quiz, *, form=None, status=200):
    """The quiz overview for a quiz from get_quiz_for_page: three queries with the session and
    the user; the number of questions comes from the catalogue (education.catalogue)."""
    # The attempts without their copy of the questions (the page shows only scores and dates),
    # each with how many answers it has (shown for the one under way).
    attempts = list(
        QuizAttempt.objects.for_user(request.user)
        .filter(quiz=quiz)
        .defer("questions")
        .annotate(answered=Count("answers"))
    )
    submitted = [a for a in attempts if a.is_submitted]
    under_way = next((a for a in attempts if not a.is_submitted), None)
    latest = max(submitted, key=lambda a: a.submitted_at, default=None)
    best = max(submitted, key=lambda a: (a.percent, a.submitted_at), default=None)
    missed = missed_count(latest) if latest else 0
    entry = catalogue()["lessons"].get(quiz.lesson.slug)
    question_count = entry["question_count"] if entry else quiz.questions.count()
    context = {
        "quiz": quiz,
        "lesson": quiz.lesson,
        "question_count": question_count,
        "attempts": submitted,
        "under_way": under_way,
        "under_way_answered": under_way.answered if under_way else 0,
        "best": best,
        "latest": latest,
        "missed": missed,
        "finished_reading": quiz.finished_reading_at is not None,
        "form": form or StartAttemptForm(missed_available=bool(missed)),
    }
    return render(request, "education/quiz.html", context, status=status)


@require_safe
@patient_required
def quiz(request, slug):
    """The quiz overview: what it covers, the best score and past attempts, and how to start."""
    return _quiz_page(request, get_quiz_for_page(request, slug))


@require_POST
@patient_required
def quiz_start(request, slug):
    quiz_ = get_quiz_for_page(request, slug)
    latest = latest_submitted(request.user, quiz_)
    form = StartAttemptForm(request.POST, missed_available=bool(latest and missed_count(latest)))
    if not form.is_valid():
        return _quiz_page(request, quiz_, form=form, status=422)
    try:
        attempt = start_attempt(user=request.user, quiz=quiz_, focus=form.cleaned_data["focus"])
    except QuizNotReady:
        messages.info(request, "This quiz is not ready yet. Please try again later.")
        return redirect("education:quiz", slug)
    except NothingToRetake:
        form.add_error("focus", NOTHING_MISSED)
        return _quiz_page(request, quiz_, form=form, status=422)
    return redirect("education:attempt", slug, attempt.pk)


@require_safe
@patient_required
def attempt(request, slug, pk):
    """Where an attempt carries on: its next unanswered question, or its result once submitted."""
    attempt_ = get_attempt_for_user(request, slug, pk)
    if attempt_.is_submitted:
        return redirect("education:attempt_result", slug, attempt_.pk)
    view = attempt_view(attempt_, attempt_.answers.all())
    # Every question answered but not yet submitted: the last one, with its "See my result" button.
    target = view.next_unanswered or (view.to_answer or view.questions)[-1]
    return redirect(_question_url(attempt_, target.position))


@require_http_methods(["GET", "HEAD", "POST"])
@patient_required
def attempt_question(request, slug, pk, position):
    """One question. Unanswered: its form. Answered: whether it was right, why, and the way on.
    POST records the answer; the first answer stands."""
    if request.method != "POST":
        return _attempt_question(request, slug, pk, position)
    # A POST locks the attempt first and reads it and its answers once; record_answer works on
    # them under the same lock instead of reading both again.
    with transaction.atomic():
        return _attempt_question(request, slug, pk, position, for_update=True)


def _attempt_question(request, slug, pk, position, *, for_update=False):
    attempt_ = get_attempt_for_user(request, slug, pk, for_update=for_update)
    if not 1 <= position <= attempt_.total:
        raise Http404("No such question in this attempt.")
    answers = list(attempt_.answers.all())
    view = attempt_view(attempt_, answers)
    question = view.question(position)
    form = None
    if request.method == "POST" and not question.answered:
        form = AnswerForm(request.POST, question=attempt_.questions[position - 1])
        if form.is_valid():
            try:
                record_answer(
                    attempt=attempt_,
                    position=position,
                    choice_ids=form.cleaned_data["choice"],
                    locked_answers=answers,
                )
            except AttemptClosed:
                url = reverse("education:attempt_result", args=[slug, attempt_.pk])
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
            if not request.htmx:
                return redirect(_question_url(attempt_, position))
            view = attempt_view(attempt_, attempt_.answers.all())
            question = view.question(position)
            form = None
        else:
            view.keep_choices(position, request.POST.getlist("choice"))
    elif request.method == "POST" and not request.htmx:
        # Sent twice (a double click, or the back button): the first answer stands.
        return redirect(_question_url(attempt_, position))
    context = {
        "attempt": attempt_,
        "lesson": attempt_.quiz.lesson,
        "view": view,
        "question": question,
        "next_question": view.after(position),
        "form": form,
        "question_url": _question_url(attempt_, position),
    }
    template = "education/quiz_question.html"
    if request.htmx:
        # htmx does not swap 4xx responses: a form error comes back as 200 with the form.
        return render(request, template + "#question", context)
    return render(request, template, context, status=422 if form is not None and form.errors else 200)


@require_POST
@patient_required
def attempt_submit(request, slug, pk):
    """Score the attempt once; submitting again shows the same result."""
    attempt_ = get_attempt_for_user(request, slug, pk)
    try:
        submit_attempt(attempt=attempt_)
    except AttemptIncomplete as incomplete:
        messages.error(request, "Please answer this question first. Then you can see your result.")
        return redirect(_question_url(attempt_, incomplete.position))
    return redirect("education:attempt_result", slug, attempt_.pk)


@require_safe
@patient_required
def attempt_result(request, slug, pk):
    """The result of a submitted attempt, with every question, the answer given and why."""
    attempt_ = get_attempt_for_user(request, slug, pk)
    if not attempt_.is_submitted:
        return redirect("education:attempt", slug, attempt_.pk)
    lesson = attempt_.quiz.lesson
    progress = LessonProgress.objects.filter(user=request.user, lesson=lesson).first()
    latest = latest_submitted(request.user, attempt_.quiz)
    context = {
        "attempt": attempt_,
        "lesson": lesson,
        "view": attempt_view(attempt_, attempt_.answers.all()),
        "progress": progress,
        "missed": missed_count(attempt_),
        "is_latest": latest is not None and latest.pk == attempt_.pk,
        "next_lesson": Lesson.objects.published()
        .filter(series_id=lesson.series_id, order__gt=lesson.order)
        .order_by("order")
        .first(),
        "form": StartAttemptForm(missed_available=bool(missed_count(attempt_))),
    }
    return render(request, "education/quiz_result.html", context)
