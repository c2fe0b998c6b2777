from django import forms
from django.contrib.auth.forms import BaseUserCreationForm

from accounts.forms_auth import PASSWORD_RULES
from accounts.models import User, normalise_email, refuse_control_characters


def email_taken(email, exclude_pk=None):
    qs = User.objects.with_email(email)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


class SignupForm(BaseUserCreationForm):
    """Patients sign up themselves; therapists and editors are created in the admin. The view
    writes through accounts.services.sign_up, not form.save()."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        validators=[refuse_control_characters],
        help_text="The name your therapist will know you by.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="You will use this to log in.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the right format, like name@example.com."},
    )

    class Meta:
        model = User
        fields = ["full_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page starts at the first field, Full name (Django's form focuses the username
        # field, the email address here).
        self.fields["email"].widget.attrs.pop("autofocus", None)
        self.fields["full_name"].widget.attrs["autofocus"] = True
        self.fields["password1"].label = "Create a password"
        self.fields["password1"].help_text = PASSWORD_RULES
        self.fields["password2"].label = "Type the password again"
        self.fields["password2"].help_text = ""

    def clean_email(self):
        # Whether the address has an account is not said here (accounts.services.sign_up emails
        # the owner instead), so signup cannot tell anyone who has an account.
        return normalise_email(self.cleaned_data["email"])

    def _get_validation_exclusions(self):
        """The email's uniqueness (a unique field and the case-insensitive constraint) is not
        checked here: the signup service answers a taken address like a new one, and the
        database enforces it."""
        return {*super()._get_validation_exclusions(), "email"}


class ProfileForm(forms.ModelForm):
    """The name only: the email address changes through accounts.views.email_change (the
    current password, then a link to the new address)."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        validators=[refuse_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name."},
    )

    class Meta:
        model = User
        fields = ["full_name"]

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError("Enter your name.", code="required")
        return name
