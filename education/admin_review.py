"""The lesson admin's clinical review pages (issue #19): send for review, the reviewer's page
(the diff against the published lesson, the plain-language check, approve or send back,
"reviewed, no change"), and what readers said (feedback and quiz results).

Mixed into LessonAdmin (education.admin); every page fetches the lesson through its
get_object, so what a user may not see is a 404 as everywhere else in the lesson admin.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from education.admin_forms import NoChangeReviewForm, ReviewDecisionForm, SendForReviewForm
from education.admin_history import word_diff
from education.models import QuizAnswer, Status
from education.plain_language import check_lesson
from education.publishing import (
    CONTENT_FIELDS,
    PublishError,
    ReviewState,
    approval_for_publishing,
    approve,
    latest_review_step,
    mark_reviewed_no_change,
    review_state,
    send_back,
    submit_for_review,
)
from education.review_models import ReviewEvent, SectionFeedback

# Per-question quiz results are shown only from this many answers on, so no patient's
# answers can be picked out.
MIN_ATTEMPTS = 10


def _as_text(value):
    return "; ".join(value) if isinstance(value, list) else str(value or "")


def draft_changes(draft):
    """(field changes, section changes, changed anchors) of a draft against its published lesson:
    each change with the old and new text as word diffs. A lesson never published: all new."""
    published = draft.draft_of
    if published is None:
        anchors = set(draft.sections.values_list("anchor", flat=True))
        return [], [{"heading": s.heading, "kind": "new"} for s in draft.sections.all()], anchors
    fields = []
    for name in CONTENT_FIELDS:
        old, new = getattr(published, name), getattr(draft, name)
        if old != new:
            label = draft._meta.get_field(name).verbose_name
            old_html, new_html = word_diff(_as_text(old), _as_text(new))
            fields.append({"field": label, "old": old_html, "new": new_html})
    before = {s.anchor: s for s in published.sections.all()}
    sections, anchors = [], set()
    for section in draft.sections.all():
        old = before.pop(section.anchor, None)
        if old is None:
            sections.append({"heading": section.heading, "kind": "new", "anchor": section.anchor})
        elif (old.heading, old.body.split()) != (section.heading, section.body.split()):
            old_html, new_html = word_diff(f"{old.heading}: {old.body}", f"{section.heading}: {section.body}")
            sections.append(
                {
                    "heading": section.heading,
                    "kind": "changed",
                    "old": old_html,
                    "new": new_html,
                    "anchor": section.anchor,
                }  # fmt: skip
            )
        else:
            continue
        anchors.add(section.anchor)
    sections += [{"heading": s.heading, "kind": "removed"} for s in before.values()]
    return fields, sections, anchors


def feedback_summary(lesson):
    """Per section of the lesson's current version: yes and no counts, and the comments."""
    rows = (
        SectionFeedback.objects.filter(lesson=lesson, lesson_version=lesson.version)
        .values("section_anchor")
        .annotate(yes=Count("pk", filter=Q(clear=True)), no=Count("pk", filter=Q(clear=False)))
    )
    counts = {row["section_anchor"]: row for row in rows}
    comments = {}
    for anchor, clear, comment, at in (
        SectionFeedback.objects.filter(lesson=lesson, lesson_version=lesson.version)
        .exclude(comment="")
        .values_list("section_anchor", "clear", "comment", "created_at")
    ):
        comments.setdefault(anchor, []).append({"clear": clear, "comment": comment, "at": at})
    return [
        {
            "heading": section.heading,
            "anchor": section.anchor,
            "yes": counts.get(section.anchor, {}).get("yes", 0),
            "no": counts.get(section.anchor, {}).get("no", 0),
            "comments": comments.get(section.anchor, []),
        }
        for section in lesson.sections.all()
    ]


def question_results(lesson):
    """Per live question of the lesson's quiz: answers, % right and the wrong choice picked most,
    or None for both when fewer than MIN_ATTEMPTS answers exist."""
    quiz = getattr(lesson, "quiz", None)
    if quiz is None:
        return []
    questions = list(quiz.questions.prefetch_related("choices"))
    answers = {}
    for question_id, selected, is_correct in QuizAnswer.objects.filter(
        question__quiz=quiz, carried_over=False, attempt__submitted_at__isnull=False
    ).values_list("question_id", "selected", "is_correct"):
        answers.setdefault(question_id, []).append((selected, is_correct))
    results = []
    for question in questions:
        given = answers.get(question.pk, [])
        row = {"prompt": question.prompt, "count": len(given), "percent_right": None, "common_wrong": None}
        if len(given) >= MIN_ATTEMPTS:
            row["percent_right"] = round(100 * sum(1 for _, ok in given if ok) / len(given))
            wrong_counts = {}
            right_ids = {c.pk for c in question.choices.all() if c.is_correct}
            for selected, _ in given:
                for choice_id in selected or []:
                    if choice_id not in right_ids:
                        wrong_counts[choice_id] = wrong_counts.get(choice_id, 0) + 1
            if wrong_counts:
                most = max(wrong_counts, key=wrong_counts.get)
                choices = {c.pk: c.text for c in question.choices.all()}
                text = choices.get(most, "a choice since removed")
                row["common_wrong"] = f"{text} ({wrong_counts[most]} times)"
        results.append(row)
    return results


class LessonReviewAdminMixin:
    """The review URLs and views of LessonAdmin."""

    def review_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/send-for-review/", view(self.submit_view), name="education_lesson_submit"),
            path("<path:object_id>/review/", view(self.review_view), name="education_lesson_review"),
            path("<path:object_id>/feedback/", view(self.feedback_view), name="education_lesson_feedback"),
        ]

    def _may_review(self, request):
        return request.user.has_perm("education.review_lesson")

    def _may_see_review(self, request):
        return self._may_review(request) or request.user.has_perm("education.change_lesson")

    def review_context(self, request, lesson):
        """The review state of a draft for its change form and review page."""
        if lesson.draft_of_id is None and lesson.status == Status.PUBLISHED:
            return {"review_state": None, "review_step": None}
        step = latest_review_step(lesson)
        return {"review_state": review_state(lesson, step), "review_step": step, "ReviewState": ReviewState}

    def submit_view(self, request, object_id):
        lesson = self.get_object(request, object_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self._can_edit(request, lesson):
            raise PermissionDenied
        form = SendForReviewForm(request.POST)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        try:
            submit_for_review(draft=lesson, by=request.user, comment=comment)
        except PublishError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, "Sent for review: a clinical reviewer approves it or sends it back.")
        return HttpResponseRedirect(reverse("admin:education_lesson_change", args=[lesson.pk]))

    def review_view(self, request, object_id):
        lesson = self.get_object(request, object_id)
        if not self._may_see_review(request):
            raise PermissionDenied
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        is_live = lesson.draft_of_id is None and lesson.status == Status.PUBLISHED
        decision_form = ReviewDecisionForm(request.POST if request.method == "POST" and not is_live else None)
        no_change_form = NoChangeReviewForm(request.POST if request.method == "POST" and is_live else None)
        if request.method == "POST":
            if not self._may_review(request):
                raise PermissionDenied
            form = no_change_form if is_live else decision_form
            if form.is_valid():
                try:
                    done = self._apply_decision(request, lesson, form, is_live=is_live)
                except PublishError as exc:
                    form.add_error(None, str(exc))
                else:
                    self.message_user(request, done)
                    return HttpResponseRedirect(reverse("admin:education_lesson_review", args=[lesson.pk]))
        fields, sections, _ = draft_changes(lesson) if not is_live else ([], [], set())
        context = {
            **self.admin_site.each_context(request),
            **self.review_context(request, lesson),
            "opts": self.model._meta,
            "title": f"Review: {lesson}",
            "lesson": lesson,
            "is_live": is_live,
            "field_changes": fields,
            "section_changes": sections,
            "check": check_lesson(lesson),
            "events": ReviewEvent.objects.filter(lesson_id=lesson.draft_of_id or lesson.pk).select_related(
                "actor"
            ),
            "may_review": self._may_review(request),
            "decision_form": decision_form,
            "no_change_form": no_change_form,
        }
        status = 200 if request.method != "POST" else 422
        return TemplateResponse(request, "admin/education/lesson/review.html", context, status=status)

    def _apply_decision(self, request, lesson, form, *, is_live):
        data = form.cleaned_data
        if is_live:
            mark_reviewed_no_change(
                lesson=lesson,
                by=request.user,
                next_review_due=data["next_review_due"],
                comment=data["comment"],
            )
            return "Recorded: reviewed, no change. Patients see the new review date; the version stays."
        if data["decision"] == ReviewDecisionForm.APPROVE:
            approve(
                draft=lesson, by=request.user, comment=data["comment"], justification=data["justification"]
            )
            return "Approved: an editor can now publish it."
        send_back(draft=lesson, by=request.user, comment=data["comment"])
        return "Sent back to the editor with your comment."

    def preview_panel_context(self, request, lesson):
        """What the preview's panel shows (templates/education/_preview_panel.html): the way back
        to the draft and on to review or publishing, the changed sections, the plain-language check."""
        is_live = lesson.draft_of_id is None and lesson.status == Status.PUBLISHED
        _, _, changed = draft_changes(lesson) if not is_live else ([], [], set())
        return {
            **self.review_context(request, lesson),
            "preview_changed": changed,
            "preview_check": check_lesson(lesson),
            "preview_can_edit": self._can_edit(request, lesson),
            "preview_may_review": self._may_review(request),
        }

    def publish_block(self, lesson):
        """Why the draft cannot be published yet (a message), or None once it is approved."""
        try:
            approval_for_publishing(lesson)
        except PublishError as exc:
            return str(exc)
        return None

    def feedback_view(self, request, object_id):
        lesson = self.get_object(request, object_id)
        if not self._may_see_review(request):
            raise PermissionDenied
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET"])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"What readers said: {lesson.title}",
            "lesson": lesson,
            "sections": feedback_summary(lesson),
            "questions": question_results(lesson),
            "min_attempts": MIN_ATTEMPTS,
        }
        return TemplateResponse(request, "admin/education/lesson/feedback.html", context)
