"""The form for asking to change one's email address (accounts.email_change does the rest)."""

from django import forms

from accounts.forms_security import PasswordConfirmForm
from accounts.models import normalise_email


class EmailChangeForm(PasswordConfirmForm):
    """A new address and the current password. Validates only: whether the address is free is
    not said here (accounts.email_change.request_email_change), so it cannot be probed."""

    new_email = forms.EmailField(
        label="New email address",
        max_length=254,
        help_text="We will send a link to this address. Your address changes when you open it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your new email address.",
            "invalid": "Enter an email address in the right format, like name@example.com.",
        },
    )

    field_order = ["new_email", "password"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["password"].label = "Your current password"
        self.fields["password"].help_text = "To check that it is you asking."

    def clean_new_email(self):
        email = normalise_email(self.cleaned_data["new_email"])
        if email == normalise_email(self.user.email):
            raise forms.ValidationError("This is already your email address.", code="same_email")
        return email
