from django import forms

from messaging.models import DEFAULT_REPLY_TIME, MESSAGE_MAX_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write your message before sending it.",
            "max_length": f"Your message is too long: please keep it under {MESSAGE_MAX_LENGTH} characters.",
        },
        help_text=f"Plain text, up to {MESSAGE_MAX_LENGTH} characters.",
    )
    # A fresh random value in each form: a second submit of the same form stores nothing.
    token = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=16)

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n").strip()
        if not body:
            raise forms.ValidationError("Write your message before sending it.", code="required")
        return body


class ReplyTimeForm(forms.Form):
    reply_time = forms.CharField(
        label="Expected reply time shown to the client",
        max_length=80,
        initial=DEFAULT_REPLY_TIME,
        error_messages={"required": "Say when the client can expect a reply."},
    )
