from django import forms
from django.contrib.auth.forms import BaseUserCreationForm

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
        self.fields["password1"].label = "Create a password"
        self.fields["password1"].help_text = (
            "At least 10 characters. A few unrelated words make a strong, memorable password. "
            "Pasting from a password manager is fine."
        )
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
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        validators=[refuse_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the right format, like name@example.com."},
    )

    class Meta:
        model = User
        fields = ["full_name", "email"]

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError("Enter your name.", code="required")
        return name

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if email_taken(email, exclude_pk=self.instance.pk):
            raise forms.ValidationError(
                "Another account already uses this email address.", code="duplicate_email"
            )
        return email
