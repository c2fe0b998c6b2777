"""Forms for taking a quiz. They only validate; education/quiz_services.py does the writing."""

from django import forms

from education.models import AttemptFocus, QuestionKind


class AnswerForm(forms.Form):
    """The answer to one question, checked against the choices of the attempt's own copy of
    that question (a choice id from another question or quiz is refused)."""

    choice = forms.TypedMultipleChoiceField(coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        field = self.fields["choice"]
        field.choices = [(str(choice["id"]), choice["text"]) for choice in question["choices"]]
        many = question["kind"] == QuestionKind.MULTIPLE
        field.error_messages = {
            "required": "Choose at least one answer." if many else "Choose an answer.",
            "invalid_choice": "That answer is not one of the choices for this question. "
            "Choose from the answers shown.",
            "invalid_list": "Choose from the answers shown.",
        }

    def clean_choice(self):
        picked = sorted(set(self.cleaned_data["choice"]))
        if self.question["kind"] != QuestionKind.MULTIPLE and len(picked) != 1:
            raise forms.ValidationError("Choose only one answer.", code="one_answer")
        return picked


class StartAttemptForm(forms.Form):
    """Which questions to ask: the whole quiz, or those missed last time."""

    focus = forms.ChoiceField(
        choices=AttemptFocus.choices,
        error_messages={
            "required": "Choose whether to take the whole quiz or only the questions you missed.",
            "invalid_choice": "Choose whether to take the whole quiz or only the questions you missed.",
        },
    )

    def __init__(self, *args, missed_available, **kwargs):
        super().__init__(*args, **kwargs)
        self.missed_available = missed_available

    def clean_focus(self):
        focus = self.cleaned_data["focus"]
        if focus == AttemptFocus.MISSED and not self.missed_available:
            raise forms.ValidationError(
                "There are no missed questions to go over. You can take the whole quiz again.",
                code="nothing_missed",
            )
        return focus
