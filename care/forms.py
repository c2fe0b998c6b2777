"""The workspace's forms: they validate, the views and care.services write."""

from decimal import Decimal

from django import forms

from care.models import MAX_SESSION_NOTE_LENGTH, CareSettings, SessionNote
from education.models import Lesson
from tracker.factors import Factor


class CareSettingsForm(forms.ModelForm):
    class Meta:
        model = CareSettings
        fields = ["quiet_days", "stress_level", "sleep_nights"]


class SessionNoteForm(forms.ModelForm):
    text = forms.CharField(
        label="Note",
        max_length=MAX_SESSION_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Private: only you can read it. Up to {MAX_SESSION_NOTE_LENGTH:,} characters.",
        error_messages={
            "max_length": f"A note can be up to {MAX_SESSION_NOTE_LENGTH:,} characters: "
            "shorten it or split it in two.",
            "required": "Write the note first.",
        },
    )

    class Meta:
        model = SessionNote
        fields = ["day", "text"]
        widgets = {"day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        # Three forms share the client page: each field's id says which form it is in.
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)


class AssignLessonForm(forms.Form):
    """One published lesson. The choices come from the client page's lesson rows (already read
    for the page), so the form costs no query of its own until it is posted."""

    lesson = forms.TypedChoiceField(label="Lesson", coerce=int)
    due_date = forms.DateField(
        label="Due date (optional)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label="Note to the client (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, lessons, **kwargs):
        kwargs.setdefault("auto_id", "assign_%s")
        super().__init__(*args, **kwargs)
        self.fields["lesson"].choices = [(lesson["pk"], lesson["title"]) for lesson in lessons]

    def clean_lesson(self):
        lesson = (
            Lesson.objects.published().select_related("series").filter(pk=self.cleaned_data["lesson"]).first()
        )
        if lesson is None:
            raise forms.ValidationError("Choose one of the lessons listed.", code="no_such_lesson")
        return lesson


# Goals a therapist picks from, with their units (tracker.models.Goal for what each target means).
GOAL_PRESETS = {
    "sleep-7-9": ("7 to 9 hours of sleep a night", Factor.SLEEP, Decimal(7), Decimal(9)),
    "sleep-7-8": ("7 to 8 hours of sleep a night (65 and over)", Factor.SLEEP, Decimal(7), Decimal(8)),
    "sleep-7": ("At least 7 hours of sleep a night", Factor.SLEEP, Decimal(7), None),
    "stress-5": ("Stress at 5 or below (out of 10)", Factor.STRESS, None, Decimal(5)),
    "stress-4": ("Stress at 4 or below (out of 10)", Factor.STRESS, None, Decimal(4)),
    "training-2": ("Strength exercise on 2 days a week", Factor.TRAINING, Decimal(2), None),
    "training-3": ("Strength exercise on 3 days a week", Factor.TRAINING, Decimal(3), None),
    "omega3-250": ("About 250 mg of EPA and DHA a day", Factor.OMEGA3, Decimal(250), None),
    "omega3-500": ("About 500 mg of EPA and DHA a day", Factor.OMEGA3, Decimal(500), None),
}


class GoalForm(forms.Form):
    preset = forms.ChoiceField(
        label="Goal",
        choices=[(key, value[0]) for key, value in GOAL_PRESETS.items()],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note for the client (optional)",
        required=False,
        max_length=300,
        help_text="Shown to the client beside the goal.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "goal_%s")
        super().__init__(*args, **kwargs)

    def preset_label(self):
        return GOAL_PRESETS[self.cleaned_data["preset"]][0]

    def goal_values(self):
        """(factor, target_min, target_max) of the chosen preset."""
        _, factor, low, high = GOAL_PRESETS[self.cleaned_data["preset"]]
        return factor, low, high


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Client's email address",
        max_length=254,
        error_messages={"invalid": "Enter an email address such as name@example.com."},
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
