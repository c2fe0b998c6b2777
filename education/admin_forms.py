"""Forms used by the admin: assigning content, publishing a draft with its change note, the
clinical review (issue #19) and the takeaways as lines."""

from django import forms
from django.contrib.admin import helpers

from education.models import Lesson, Series


class AssignContentForm(forms.Form):
    """What to assign to the selected clients: one lesson, or the whole series."""

    series = forms.ModelChoiceField(
        queryset=Series.objects.all(), required=False, help_text="The whole series…"
    )
    lesson = forms.ModelChoiceField(
        queryset=Lesson.objects.published().select_related("series"),
        required=False,
        help_text="…or one lesson of it.",
    )
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        series, lesson = cleaned.get("series"), cleaned.get("lesson")
        if not series and not lesson:
            raise forms.ValidationError("Choose a lesson or a series.", code="nothing_chosen")
        if series and lesson and lesson.series_id != series.pk:
            raise forms.ValidationError(
                "That lesson is not part of that series.", code="lesson_not_in_series"
            )
        if lesson and not series:
            cleaned["series"] = lesson.series
        return cleaned


class ChangeNoteForm(forms.Form):
    """The short "what changed" note an editor writes when publishing."""

    change_note = forms.CharField(
        label="What changed",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to patients who read the earlier version.",
    )


def selected_action_inputs(queryset):
    """The hidden inputs that carry an action's selection through an intermediate page."""
    return [(helpers.ACTION_CHECKBOX_NAME, pk) for pk in queryset.values_list("pk", flat=True)]


class TakeawaysField(forms.CharField):
    """The lesson's takeaways typed one per line (stored as a JSON list, as before)."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


class ReviewDecisionForm(forms.Form):
    """A clinical reviewer's decision on a draft: approve it or send it back with a comment."""

    APPROVE, SEND_BACK = "approve", "send_back"
    decision = forms.ChoiceField(
        choices=[(APPROVE, "Approve"), (SEND_BACK, "Send back to the editor")], widget=forms.RadioSelect
    )
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when sending it back: say what should change.",
    )
    justification = forms.CharField(
        label="Why a reading grade above 8 is needed (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed to approve a lesson whose reading grade is above 8.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.SEND_BACK and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", forms.ValidationError("Say what should change.", code="comment_needed"))
        return cleaned


class NoChangeReviewForm(forms.Form):
    """A reviewer's "reviewed, no change" on a live lesson: the next review date."""

    next_review_due = forms.DateField(
        label="Next review due", widget=forms.DateInput(attrs={"type": "date"}), help_text="After today."
    )
    comment = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_next_review_due(self):
        from django.utils import timezone

        value = self.cleaned_data["next_review_due"]
        if value <= timezone.localdate():
            raise forms.ValidationError("The next review must be after today.", code="not_future")
        return value


class SendForReviewForm(forms.Form):
    comment = forms.CharField(
        label="Note to the reviewer (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
