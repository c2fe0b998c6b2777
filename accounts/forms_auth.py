"""Django's own authentication forms with labels and messages written for patients."""

from django import forms
from django.contrib.auth import forms as auth_forms

from bonehealth.emails import send_templated_email

# The site's own password rules (settings.AUTH_PASSWORD_VALIDATORS) in plain words, shown
# wherever a password is chosen instead of Django's stock list of validator texts.
PASSWORD_RULES = (
    "At least 10 characters, not only numbers, not a very common password and not close to "
    "your name or email address. A few unrelated words make a strong, memorable password. "
    "Pasting from a password manager is fine."
)


class LoginForm(auth_forms.AuthenticationForm):
    # max_length here adds the validator (AuthenticationForm only sets the attribute), so an
    # over-long address is a form error before authenticate(): django-axes would otherwise try to
    # store it in its 255-character username column (a DataError on PostgreSQL).
    username = auth_forms.UsernameField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email", "spellcheck": "false"}),
        error_messages={"max_length": "An email address has at most 254 characters."},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": (
            "The email address or password is not right. Check them and try again. "
            "Passwords are case-sensitive."
        ),
        "inactive": "This account is not active.",
    }


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        self.fields["new_password1"].help_text = PASSWORD_RULES
        self.fields["new_password2"].help_text = ""


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Enter an email address in the right format, like name@example.com."},
    )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        """Queued through bonehealth.emails like every email (issue #17), not sent on the request.
        Only the plain values the templates use go into the task (no user instance)."""
        send_templated_email(
            to=[to_email],
            template="registration/password_reset",
            context={key: context[key] for key in ("email", "domain", "protocol", "uid", "token")},
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_RULES
        self.fields["new_password2"].help_text = ""
