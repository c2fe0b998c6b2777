"""Readers' "Was this section clear?" (issue #19): the form, the rate limit and the view.

Anyone reading a lesson may answer, once per section of each lesson version and at most
FEEDBACK_PER_HOUR times an hour, counted in their session: nothing stored links an answer to
a person, so the editors' summary (education.admin_review.feedback_summary) cannot either.
Works as a plain form (a redirect back to the section) and with htmx (the form is swapped
for the thanks, in place).
"""

import time

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from education.review_models import SectionFeedback

FEEDBACK_PER_HOUR = 20
SESSION_KEY = "section_feedback"
TEMPLATE = "education/_section_feedback.html"


class SectionFeedbackForm(forms.Form):
    section = forms.SlugField(widget=forms.HiddenInput)
    clear = forms.TypedChoiceField(
        label="Was this section clear?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose Yes or No."},
    )
    comment = forms.CharField(
        label="Anything to add? (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Please do not include your name or other personal details.",
    )

    def __init__(self, *args, lesson, **kwargs):
        super().__init__(*args, **kwargs)
        self.lesson = lesson

    def clean_section(self):
        anchor = self.cleaned_data["section"]
        if not self.lesson.sections.filter(anchor=anchor).exists():
            raise forms.ValidationError(
                "This lesson has changed since you opened it: please reload the page.", code="unknown_section"
            )
        return anchor


def feedback_refusal(session, lesson, anchor, *, now=None):
    """Why this session may not answer again (a message), or None: one answer per section
    of a lesson version, FEEDBACK_PER_HOUR answers an hour."""
    now = now or time.time()
    record = session.get(SESSION_KEY, {"answered": [], "times": []})
    if f"{lesson.pk}:{lesson.version}:{anchor}" in record["answered"]:
        return "You have already told us about this section. Thank you."
    if sum(1 for at in record["times"] if now - at < 3600) >= FEEDBACK_PER_HOUR:
        return "You have sent a lot of feedback in the last hour. Please try again later."
    return None


def remember_feedback(session, lesson, anchor, *, now=None):
    now = now or time.time()
    record = session.get(SESSION_KEY, {"answered": [], "times": []})
    record["answered"] = [*record["answered"], f"{lesson.pk}:{lesson.version}:{anchor}"][-200:]
    record["times"] = [at for at in record["times"] if now - at < 3600] + [now]
    session[SESSION_KEY] = record


@require_POST
def section_feedback(request, slug):
    """Store one reader's answer for one section of the lesson's current version."""
    from education.views import get_lesson_for_reader

    lesson = get_lesson_for_reader(request, slug)
    form = SectionFeedbackForm(request.POST, lesson=lesson)
    refusal = None
    if form.is_valid():
        anchor = form.cleaned_data["section"]
        refusal = feedback_refusal(request.session, lesson, anchor)
        if refusal is None:
            SectionFeedback.objects.create(
                lesson=lesson,
                lesson_version=lesson.version,
                section_anchor=anchor,
                clear=form.cleaned_data["clear"],
                comment=form.cleaned_data["comment"].strip(),
            )
            remember_feedback(request.session, lesson, anchor)
    anchor = form.cleaned_data.get("section") if form.is_valid() else request.POST.get("section", "")
    section = lesson.sections.filter(anchor=anchor).first()
    context = {"lesson": lesson, "section": section, "feedback_form": form, "refusal": refusal}
    if request.htmx:
        # htmx swaps 200 responses only: thanks, the refusal or the form's errors, in place.
        context["thanks"] = form.is_valid() and refusal is None
        return render(request, f"{TEMPLATE}#section-feedback", context)
    if form.is_valid():
        if refusal:
            messages.info(request, refusal)
        else:
            messages.success(request, "Thank you: your answer helps us make the lesson clearer.")
        return redirect(f"{lesson.get_absolute_url()}#{anchor}-feedback")
    return render(request, "education/section_feedback_page.html", context, status=422)
