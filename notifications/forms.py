import zoneinfo

from django import forms

from notifications.models import ReminderSettings

TIME_HELP = "A 24-hour time, like 19:30."


def time_field(label, help_text=TIME_HELP):
    return forms.TimeField(
        label=label,
        help_text=help_text,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": "Enter a time as hours and minutes on the 24-hour clock, like 19:30.",
            "required": "Enter a time, like 19:30.",
        },
    )


class ReminderSettingsForm(forms.ModelForm):
    """Patients' reminders and notice emails; the quiet hours apply to every reminder."""

    reminder_time = time_field(
        "Reminder time", "When today's reminder may arrive, on the 24-hour clock, like 19:30."
    )
    quiet_start = time_field("Quiet hours start", "No reminders from this time, like 21:00.")
    quiet_end = time_field("Quiet hours end", "…until this time, like 08:00.")
    time_zone = forms.CharField(
        label="Time zone",
        max_length=64,
        help_text="Where you are, as a region and city, like Europe/London or America/New_York.",
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter your time zone, like Europe/London."},
    )
    lesson_reminder_days = forms.IntegerField(
        label="Remind me about a lesson after this many days",
        min_value=1,
        max_value=30,
        error_messages={
            "invalid": "Enter a whole number of days from 1 to 30.",
            "min_value": "Enter a whole number of days from 1 to 30.",
            "max_value": "Enter a whole number of days from 1 to 30.",
            "required": "Enter a whole number of days from 1 to 30.",
        },
    )

    class Meta:
        model = ReminderSettings
        fields = [
            "checkin_reminder",
            "assignment_reminders",
            "lesson_reminders",
            "lesson_reminder_days",
            "reminder_time",
            "time_zone",
            "quiet_start",
            "quiet_end",
            "notice_emails",
        ]
        labels = {
            "checkin_reminder": "Remind me to check in each day (not on days I have already checked in)",
            "assignment_reminders": "Remind me when a reading is due tomorrow or overdue",
            "lesson_reminders": "Remind me about a lesson I started but did not finish",
            "notice_emails": (
                "Also email me my notices (a new reading, a goal set or changed, a sharing request)"
            ),
        }

    def clean_time_zone(self):
        name = self.cleaned_data["time_zone"].strip()
        if name not in zoneinfo.available_timezones():
            raise forms.ValidationError(
                "We do not know this time zone. Enter a region and city, like Europe/London.",
                code="unknown_zone",
            )
        return name

    def clean(self):
        cleaned = super().clean()
        start, end, at = cleaned.get("quiet_start"), cleaned.get("quiet_end"), cleaned.get("reminder_time")
        if start and end and at:
            from notifications.reminders import in_quiet_hours

            if in_quiet_hours(at, start, end):
                self.add_error(
                    "reminder_time",
                    forms.ValidationError(
                        "This time is inside your quiet hours, so no reminder could arrive. Choose a time "
                        "outside them, or change the quiet hours.",
                        code="in_quiet_hours",
                    ),
                )
        return cleaned


class TherapistDigestForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["weekly_digest", "notice_emails"]
        labels = {
            "weekly_digest": "Email me a weekly digest of clients who may need attention (first names only)",
            "notice_emails": "Email me my notices",
        }
