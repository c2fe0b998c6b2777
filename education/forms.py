from django import forms


class SectionReachedForm(forms.Form):
    """A patient's place in a lesson: the section they have read up to. The field is hidden,
    so its problems are reported as form errors, in words a patient understands."""

    section = forms.CharField(max_length=50, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, lesson, **kwargs):
        super().__init__(*args, **kwargs)
        self.lesson = lesson

    def clean(self):
        cleaned = super().clean()
        anchor = cleaned.get("section") or ""
        section = self.lesson.sections.filter(anchor=anchor).first() if anchor else None
        if section is None:
            raise forms.ValidationError(
                "We could not save your place, because this lesson has changed since you opened it. "
                "Please reload the page and try again.",
                code="unknown_section",
            )
        cleaned["section"] = section
        return cleaned
