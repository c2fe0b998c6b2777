"""The daily check-in form. It only validates; tracker.services.save_checkin writes.

Numbers are typed into text boxes with a numeric keyboard (inputmode), not type="number":
a browser silently drops text it cannot read from a number box, so the patient's answer
would vanish without a message. Here the server reads it and explains what it needs.
"""

import re
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils import timezone
from django.utils.dateformat import format as date_format

from tracker.factors import (
    EDIT_WINDOW_DAYS,
    MAX_FISH_SERVINGS,
    MAX_NOTE_LENGTH,
    MAX_SLEEP_HOURS,
    MAX_SUPPLEMENT_MG,
    MAX_TRAINING_MINUTES,
    SLEEP_QUALITY_LABELS,
    TrainingKind,
    hours_text,
)
from tracker.models import Entry

SLEEP_QUALITY_CHOICES = [(n, f"{n} – {label}") for n, label in SLEEP_QUALITY_LABELS.items()]
STRESS_CHOICES = [(0, "0 – no stress")] + [(n, str(n)) for n in range(1, 10)] + [(10, "10 – worst stress")]


class FirstOptionLabelMixin:
    """Give a radio or checkbox group an id to link to (its first option), so the error
    summary's link moves focus to the group, as in the GOV.UK pattern."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class RadioSelect(FirstOptionLabelMixin, forms.RadioSelect):
    pass


class CheckboxSelectMultiple(FirstOptionLabelMixin, forms.CheckboxSelectMultiple):
    pass


# Longer than any way of typing a number here ("7 hours 30 minutes" is 18 characters). A longer
# value is refused before any parsing, so no input can make the parsing slow.
MAX_NUMBER_TEXT_LENGTH = 30


def _number_text(field, value):
    """`value` as lower-case text without surrounding spaces, refused when too long."""
    text = str(value)
    if len(text) > MAX_NUMBER_TEXT_LENGTH:
        raise forms.ValidationError(field.error_messages["invalid"], code="too_long")
    return text.strip().lower()


def strip_unit(text, units):
    """`text` without one trailing unit from `units` (and a full stop after it) and the spaces
    before the unit: "20 mins." -> "20". Plain string operations, linear in the length (a regular
    expression `\\s*(?:mins|...)\\.?$` searched from every position was quadratic)."""
    stem = text[:-1] if text.endswith(".") else text
    for unit in units:
        if stem.endswith(unit):
            return stem[: -len(unit)].rstrip()
    return text


class HoursField(forms.DecimalField):
    """Hours as 7, 7.5, 7,5, 7:30 or 7h30 (and '7 hours')."""

    HOURS_MINUTES = re.compile(r"(\d{1,2})\s*(?::|h|hours?|hrs?)\s*(\d{1,2})\s*(?:m|mins?|minutes?)?")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = _number_text(self, value)
        match = self.HOURS_MINUTES.fullmatch(text)
        if match:
            hours, minutes = int(match[1]), int(match[2])
            if minutes >= 60:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            return (Decimal(hours) + Decimal(minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)
        text = strip_unit(text, ["hours", "hour", "hrs", "hr", "h"]).replace(",", ".")
        return super().to_python(text)


class WholeNumberField(forms.IntegerField):
    """A whole number, allowing thousands separators (1,000) and the unit after it."""

    def __init__(self, *, units=(), **kwargs):
        self.units = units
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = strip_unit(_number_text(self, value), self.units)
        if re.fullmatch(r"\d{1,3}(,\d{3})+", text):
            text = text.replace(",", "")
        return super().to_python(text)


def _text_input(inputmode, **attrs):
    return forms.TextInput(
        attrs={"inputmode": inputmode, "spellcheck": "false", "autocomplete": "off", **attrs}
    )


class CheckinForm(forms.Form):
    day = forms.DateField(
        label="Date",
        help_text="Choose the day in the date field.",
        error_messages={
            "required": "Enter the date of this check-in.",
            "invalid": "Enter a real date, for example 20/11/2026.",
        },
    )
    sleep_hours = HoursField(
        label="How many hours did you sleep the night before?",
        help_text="For example, 7 or 7.5 (seven and a half hours).",
        required=False,
        min_value=0,
        max_value=MAX_SLEEP_HOURS,
        decimal_places=2,
        widget=_text_input("decimal", size="5"),
        error_messages={
            "invalid": "Enter hours of sleep as a number, for example 7 or 7.5.",
            "min_value": "Hours of sleep cannot be less than 0.",
            "max_value": "Hours of sleep cannot be more than 24.",
            "max_decimal_places": "Enter hours of sleep with up to 2 decimal places, for example 7.25.",
        },
    )
    sleep_quality = forms.TypedChoiceField(
        label="How well did you sleep?",
        choices=SLEEP_QUALITY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=RadioSelect,
        error_messages={"invalid_choice": "Choose how well you slept, from 1 (very poor) to 5 (very good)."},
    )
    stress = forms.TypedChoiceField(
        label="How stressed did you feel?",
        help_text="0 = no stress, 10 = the worst stress you can imagine.",
        choices=STRESS_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=RadioSelect,
        error_messages={"invalid_choice": "Choose a stress level from 0 (no stress) to 10 (worst stress)."},
    )
    training_minutes = WholeNumberField(
        label="Minutes of strength exercise",
        help_text="Enter 0 if you did none.",
        units=["minutes", "minute", "mins", "min", "m"],
        required=False,
        min_value=0,
        max_value=MAX_TRAINING_MINUTES,
        widget=_text_input("numeric", size="5"),
        error_messages={
            "invalid": "Enter minutes as a whole number, for example 20.",
            "min_value": "Minutes of strength exercise cannot be less than 0.",
            "max_value": f"Minutes of strength exercise cannot be more than {MAX_TRAINING_MINUTES}.",
        },
    )
    training_kinds = forms.MultipleChoiceField(
        label="What kind? (optional, tick any that apply)",
        choices=TrainingKind.choices,
        required=False,
        widget=CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose the kind of strength exercise from the list."},
    )
    fish_servings = WholeNumberField(
        label="Servings of oily fish",
        help_text="For example salmon, mackerel, sardines, herring or trout. Enter 0 if none.",
        units=["servings", "serving", "portions", "portion"],
        required=False,
        min_value=0,
        max_value=MAX_FISH_SERVINGS,
        widget=_text_input("numeric", size="3"),
        error_messages={
            "invalid": "Enter servings of oily fish as a whole number, for example 1.",
            "min_value": "Servings of oily fish cannot be less than 0.",
            "max_value": f"Servings of oily fish cannot be more than {MAX_FISH_SERVINGS} in a day.",
        },
    )
    supplement_mg = WholeNumberField(
        label="Omega-3 supplement: EPA plus DHA, in milligrams (mg)",
        help_text="Add up EPA and DHA on the label for the amount you took. Leave empty if you take none.",
        units=["milligrams", "milligram", "mg"],
        required=False,
        min_value=0,
        max_value=MAX_SUPPLEMENT_MG,
        widget=_text_input("numeric", size="6"),
        error_messages={
            "invalid": "Enter the amount in milligrams as a whole number, for example 500.",
            "min_value": "The amount of EPA plus DHA cannot be less than 0 mg.",
            "max_value": (
                f"That is more than {MAX_SUPPLEMENT_MG:,} mg (5 g) in a day. Check the label and enter "
                "EPA plus DHA in milligrams, for example 500."
            ),
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text=f"Anything you want to remember about today, up to {MAX_NOTE_LENGTH} characters.",
        required=False,
        max_length=MAX_NOTE_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Keep the note to {MAX_NOTE_LENGTH} characters or fewer."},
    )

    def __init__(self, *args, today=None, fixed_day=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.first_day = self.today - timedelta(days=EDIT_WINDOW_DAYS)
        if fixed_day:
            self.fields["day"].widget = forms.HiddenInput()
        else:
            self._show_day_field()

    def _show_day_field(self):
        self.fields["day"].widget = forms.DateInput(
            format="%Y-%m-%d",
            attrs={"type": "date", "min": self.first_day.isoformat(), "max": self.today.isoformat()},
        )
        self.fields["day"].help_text = (
            # In words: the browser shows the date field in its own order (day or month first),
            # so a numeric example could contradict it (issue #16).
            f"Today ({date_format(self.today, 'j F Y')}) or any day back to "
            f"{date_format(self.first_day, 'j F Y')}."
        )

    def show_day_field_if_wrong(self):
        """A hidden date with an error becomes a visible date field, so the message has a
        field to sit beside and the patient can correct it."""
        if "day" in self.errors:
            self._show_day_field()

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > self.today:
            raise forms.ValidationError(
                "The date cannot be in the future. Check in for today or an earlier day.", code="future"
            )
        if day < self.first_day:
            raise forms.ValidationError(
                f"You can fill in or change the last {EDIT_WINDOW_DAYS} days only. Choose a date "
                f"from {date_format(self.first_day, 'j F Y')} onwards.",
                code="outside_window",
            )
        return day

    def clean(self):
        cleaned = super().clean()
        kinds = cleaned.get("training_kinds") or []
        if kinds and not cleaned.get("training_minutes") and "training_minutes" not in self.errors:
            self.add_error(
                "training_minutes",
                forms.ValidationError(
                    "You ticked a kind of strength exercise: enter how many minutes you did, or untick it.",
                    code="kind_needs_minutes",
                ),
            )
        answers = [cleaned.get(name) for name in ANSWER_FIELDS]
        if not self.errors and all(value in (None, "", []) for value in answers):
            raise forms.ValidationError(
                "Fill in at least one answer before saving. You can leave out anything you did not track.",
                code="empty",
            )
        return cleaned

    def entry_values(self) -> dict:
        """The cleaned answers as Entry field values (the day is separate)."""
        data = self.cleaned_data
        values = {name: data.get(name) for name in ANSWER_FIELDS if name != "training_kinds"}
        values["note"] = data.get("note") or ""
        kinds = set(data.get("training_kinds") or [])
        for kind, field in Entry.KIND_FIELDS.items():
            values[field] = kind in kinds
        return values


ANSWER_FIELDS = [
    "sleep_hours",
    "sleep_quality",
    "stress",
    "training_minutes",
    "training_kinds",
    "fish_servings",
    "supplement_mg",
    "note",
]


def initial_from_entry(entry: Entry) -> dict:
    """Form initial data showing an existing check-in."""
    initial = {"day": entry.day}
    for name in ANSWER_FIELDS:
        if name == "training_kinds":
            initial[name] = list(entry.training_kinds)
        else:
            initial[name] = getattr(entry, name)
    if entry.sleep_hours is not None:
        initial["sleep_hours"] = hours_text(entry.sleep_hours)
    return initial


def initial_for_new_day(day, yesterday_entry: Entry | None) -> dict:
    """A new day's form: the supplement dose carried over from the day before, because it
    is usually the same every day. Sleep, stress and exercise change from day to day, so
    they start empty rather than inviting a copy of yesterday."""
    initial = {"day": day}
    if yesterday_entry is not None and yesterday_entry.supplement_mg:
        initial["supplement_mg"] = yesterday_entry.supplement_mg
    return initial
