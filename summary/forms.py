from django import forms

from summary.models import QUESTION_MAX_LENGTH, QUESTIONS_PER_PATIENT, DoctorQuestion
from tracker.stats import RANGES

PERIOD_CHOICES = [(str(days), f"The last {days} days") for days in RANGES]


class PeriodForm(forms.Form):
    """The period the summary covers: 7, 30 or 90 days ending on a day up to today."""

    days = forms.TypedChoiceField(
        label="Period",
        choices=PERIOD_CHOICES,
        coerce=int,
        initial="30",
        error_messages={"invalid_choice": "Choose 7, 30 or 90 days.", "required": "Choose 7, 30 or 90 days."},
    )
    ending = forms.DateField(
        label="Ending on",
        required=False,
        help_text="Leave empty for today.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date like 2026-11-30, or leave it empty for today."},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["ending"].widget.attrs["max"] = today.isoformat()

    def clean_ending(self):
        ending = self.cleaned_data["ending"] or self.today
        if ending > self.today:
            raise forms.ValidationError("Choose today or a day before it.", code="future")
        if ending.year < 2000:
            raise forms.ValidationError("Choose a day from 2000 onwards.", code="too_early")
        return ending


class DoctorQuestionForm(forms.ModelForm):
    text = forms.CharField(
        label="Your question",
        max_length=QUESTION_MAX_LENGTH,
        help_text="For example: Is strength exercise safe for me? Up to 200 characters.",
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": QUESTION_MAX_LENGTH}),
        error_messages={
            "required": "Write your question, or go back without saving.",
            "max_length": "Keep the question to 200 characters or fewer.",
        },
    )

    class Meta:
        model = DoctorQuestion
        fields = ["text"]

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise forms.ValidationError("Write your question, or go back without saving.", code="required")
        return text

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            count = DoctorQuestion.objects.for_patient(self.patient).count()
            if count >= QUESTIONS_PER_PATIENT:
                raise forms.ValidationError(
                    f"You have {QUESTIONS_PER_PATIENT} questions, the most the printed summary holds. "
                    "Remove one you have asked before adding another.",
                    code="too_many",
                )
        return cleaned
