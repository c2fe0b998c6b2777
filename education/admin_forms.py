"""Forms used by the admin: assigning content, publishing a draft with its change note."""

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
