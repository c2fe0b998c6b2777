from django import forms

from accounts.models import SHARING_WORDING, SHARING_WORDING_VERSION, CareRelationship, User


def therapists_asking(patient):
    """Therapists with an active care relationship with `patient` who do not have their
    consent yet: the only therapists a patient is offered to share with."""
    linked = CareRelationship.objects.active().filter(client=patient).values("therapist")
    already = patient.sharing_consents.active().values("therapist")
    return User.objects.therapists().filter(pk__in=linked).exclude(pk__in=already)


class SharingConsentForm(forms.Form):
    """The separate consent step: choose the therapist, read the wording, tick the box."""

    therapist = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Share with", empty_label=None, widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label=SHARING_WORDING, required=True, initial=False)
    wording_version = forms.CharField(widget=forms.HiddenInput, initial=SHARING_WORDING_VERSION)

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        asking = list(therapists_asking(patient))
        self.fields["therapist"].queryset = therapists_asking(patient)
        if len(asking) == 1:
            self.fields["therapist"].initial = asking[0].pk  # nothing to choose: chosen already
        self.fields["agree"].error_messages["required"] = "Tick the box to agree, or leave this for now."

    def clean_wording_version(self):
        version = self.cleaned_data["wording_version"]
        if version != SHARING_WORDING_VERSION:
            raise forms.ValidationError(
                "The wording has changed since the page was loaded: please read it again.", code="stale"
            )
        return version
