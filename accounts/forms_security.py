"""Forms for the security pages: a two-step verification code, and re-entering the password
before something that cannot be undone. They validate only; the views act."""

import re

from django import forms

FORMAT_MESSAGE = "Enter the 6 digits your authenticator app shows, like 123456."


class CodeForm(forms.Form):
    code = forms.CharField(
        label="6-digit code",
        help_text="The code your authenticator app shows now for Bone health.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app.",
            "max_length": FORMAT_MESSAGE,
        },
    )

    def clean_code(self):
        # People copy codes as "123 456" or "123-456".
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(FORMAT_MESSAGE, code="format")
        return code


class PasswordConfirmForm(forms.Form):
    """Re-enter the current password to confirm who is asking."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password."},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That password is not right. Passwords are case-sensitive.", code="password_incorrect"
            )
        return password


class BackupCodeForm(forms.Form):
    code = forms.CharField(
        label="Backup code",
        help_text="One of the backup codes you saved when you turned on two-step verification: abcde-fghjk.",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "spellcheck": "false"}),
        error_messages={
            "required": "Enter one of your backup codes.",
            "max_length": "A backup code has 10 letters and numbers, like abcde-fghjk.",
        },
    )
