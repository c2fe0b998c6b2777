"""A patient's daily check-in (one Entry per day) and the goals they work towards.

The limits on every value are kept three times over, deliberately: the form gives a clear
message, the model's constraints give the admin a clear message, and the database refuses
anything that slipped past both (named CheckConstraints below).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from accounts.models import Role
from tracker.factors import (
    MAX_FISH_SERVINGS,
    MAX_NOTE_LENGTH,
    MAX_SLEEP_HOURS,
    MAX_SUPPLEMENT_MG,
    MAX_TRAINING_MINUTES,
    SLEEP_QUALITY_LABELS,
    TRAINING_KIND_SHORT,
    Factor,
    TrainingKind,
    hours_text,
)


def _absent_or_between(field, low, high):
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": low, f"{field}__lte": high})


class EntryQuerySet(models.QuerySet):
    def for_patient(self, user):
        return self.filter(patient=user)

    def between(self, first, last):
        return self.filter(day__gte=first, day__lte=last)


class Entry(models.Model):
    """One patient's check-in for one day. Sleep is the night before `day`."""

    # No index of its own: the unique (patient, day) constraint's index serves every query by
    # patient (and the cascade when an account is deleted).
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tracker_entries",
        limit_choices_to={"role": Role.PATIENT},
        db_index=False,
    )
    day = models.DateField()
    sleep_hours = models.DecimalField("hours of sleep", max_digits=4, decimal_places=2, null=True, blank=True)
    sleep_quality = models.PositiveSmallIntegerField("sleep quality (1-5)", null=True, blank=True)
    stress = models.PositiveSmallIntegerField("stress (0-10)", null=True, blank=True)
    training_minutes = models.PositiveSmallIntegerField("strength exercise (minutes)", null=True, blank=True)
    kind_weights = models.BooleanField(TrainingKind.WEIGHTS.label, default=False)
    kind_body_weight = models.BooleanField(TrainingKind.BODY_WEIGHT.label, default=False)
    kind_bands = models.BooleanField(TrainingKind.BANDS.label, default=False)
    kind_impact = models.BooleanField(TrainingKind.IMPACT.label, default=False)
    fish_servings = models.PositiveSmallIntegerField("servings of oily fish", null=True, blank=True)
    supplement_mg = models.PositiveIntegerField("supplement EPA+DHA (mg)", null=True, blank=True)
    note = models.CharField(max_length=MAX_NOTE_LENGTH, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    # The kind fields in TrainingKind order, for forms and exports.
    KIND_FIELDS = {
        TrainingKind.WEIGHTS: "kind_weights",
        TrainingKind.BODY_WEIGHT: "kind_body_weight",
        TrainingKind.BANDS: "kind_bands",
        TrainingKind.IMPACT: "kind_impact",
    }
    VALUE_FIELDS = [
        "sleep_hours",
        "sleep_quality",
        "stress",
        "training_minutes",
        *KIND_FIELDS.values(),
        "fish_servings",
        "supplement_mg",
        "note",
    ]

    class Meta:
        ordering = ["-day"]
        verbose_name = "check-in"
        verbose_name_plural = "check-ins"
        # The unique constraint's index (patient, day) also serves every per-patient date
        # range query the tracker pages run, so no further index is needed.
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "day"],
                name="tracker_entry_one_per_patient_per_day",
                violation_error_message="There is already a check-in for this day.",
            ),
            models.CheckConstraint(
                condition=_absent_or_between("sleep_hours", 0, MAX_SLEEP_HOURS),
                name="tracker_entry_sleep_hours_0_24",
                violation_error_message="Hours of sleep must be between 0 and 24.",
            ),
            models.CheckConstraint(
                condition=_absent_or_between("sleep_quality", 1, 5),
                name="tracker_entry_sleep_quality_1_5",
                violation_error_message="Sleep quality must be from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=_absent_or_between("stress", 0, 10),
                name="tracker_entry_stress_0_10",
                violation_error_message="Stress must be from 0 to 10.",
            ),
            models.CheckConstraint(
                condition=_absent_or_between("training_minutes", 0, MAX_TRAINING_MINUTES),
                name="tracker_entry_training_minutes_0_600",
                violation_error_message=f"Strength exercise must be 0 to {MAX_TRAINING_MINUTES} minutes.",
            ),
            models.CheckConstraint(
                condition=_absent_or_between("fish_servings", 0, MAX_FISH_SERVINGS),
                name="tracker_entry_fish_servings_0_10",
                violation_error_message=f"Oily fish must be 0 to {MAX_FISH_SERVINGS} servings.",
            ),
            models.CheckConstraint(
                condition=_absent_or_between("supplement_mg", 0, MAX_SUPPLEMENT_MG),
                name="tracker_entry_supplement_mg_0_5000",
                violation_error_message=f"Supplement EPA+DHA must be 0 to {MAX_SUPPLEMENT_MG} mg.",
            ),
            # A kind of strength exercise only makes sense with some minutes of it.
            models.CheckConstraint(
                condition=Q(training_minutes__isnull=False, training_minutes__gt=0)
                | Q(kind_weights=False, kind_body_weight=False, kind_bands=False, kind_impact=False),
                name="tracker_entry_kind_needs_minutes",
                violation_error_message="A kind of strength exercise needs the minutes too.",
            ),
            # An entry records something: at least one answer or a note.
            models.CheckConstraint(
                condition=Q(sleep_hours__isnull=False)
                | Q(sleep_quality__isnull=False)
                | Q(stress__isnull=False)
                | Q(training_minutes__isnull=False)
                | Q(fish_servings__isnull=False)
                | Q(supplement_mg__isnull=False)
                | ~Q(note=""),
                name="tracker_entry_not_empty",
                violation_error_message="A check-in needs at least one answer.",
            ),
        ]

    def __str__(self):
        return f"Check-in for {self.day:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("tracker:entry", args=[self.pk])

    @property
    def training_kinds(self):
        """The kinds of strength exercise ticked, as TrainingKind values."""
        return [kind for kind, field in self.KIND_FIELDS.items() if getattr(self, field)]

    @property
    def training_kind_labels(self):
        return [TRAINING_KIND_SHORT[kind] for kind in self.training_kinds]

    @property
    def sleep_hours_text(self):
        return hours_text(self.sleep_hours) if self.sleep_hours is not None else ""

    @property
    def sleep_quality_label(self):
        return SLEEP_QUALITY_LABELS.get(self.sleep_quality, "")


class GoalQuerySet(models.QuerySet):
    def for_patient(self, user):
        return self.filter(patient=user)


class Goal(models.Model):
    """A patient's own target for one factor, set by their therapist. Without a row, the
    default goal in tracker.goals applies (stress has no default).

    What the targets mean depends on the factor:
    - sleep: hours a night, target_min to target_max (either may be blank);
    - stress: target_max, the level (0-10) to stay at or below;
    - training: target_min, days a week with strength exercise (1-7);
    - omega3: target_min, mg of EPA+DHA a day on average.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tracker_goals",
        limit_choices_to={"role": Role.PATIENT},
    )
    factor = models.CharField(max_length=20, choices=Factor.choices)
    target_min = models.DecimalField("at least", max_digits=6, decimal_places=2, null=True, blank=True)
    target_max = models.DecimalField("at most", max_digits=6, decimal_places=2, null=True, blank=True)
    note = models.CharField(
        "note for the patient", max_length=300, blank=True, help_text="Shown to the patient beside the goal."
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tracker_goals_set",
        limit_choices_to={"role": Role.THERAPIST},
    )
    updated = models.DateTimeField(auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["patient", "factor"]
        verbose_name = "goal"
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "factor"],
                name="tracker_goal_one_per_factor",
                violation_error_message="This patient already has a goal for this factor.",
            ),
            models.CheckConstraint(
                condition=Q(factor__in=Factor.values),
                name="tracker_goal_factor_valid",
            ),
            models.CheckConstraint(
                condition=Q(target_min__isnull=False) | Q(target_max__isnull=False),
                name="tracker_goal_has_target",
                violation_error_message="Enter a target.",
            ),
            models.CheckConstraint(
                condition=Q(target_min__isnull=True)
                | Q(target_max__isnull=True)
                | Q(target_min__lte=F("target_max")),
                name="tracker_goal_min_not_above_max",
                violation_error_message="'At least' cannot be more than 'at most'.",
            ),
            models.CheckConstraint(
                condition=~Q(factor=Factor.SLEEP)
                | (
                    _absent_or_between("target_min", 0, MAX_SLEEP_HOURS)
                    & _absent_or_between("target_max", 0, MAX_SLEEP_HOURS)
                ),
                name="tracker_goal_sleep_hours_0_24",
                violation_error_message="A sleep goal is in hours, between 0 and 24.",
            ),
            models.CheckConstraint(
                condition=~Q(factor=Factor.STRESS)
                | Q(target_min__isnull=True, target_max__isnull=False, target_max__gte=0, target_max__lte=10),
                name="tracker_goal_stress_max_0_10",
                violation_error_message="A stress goal is an 'at most' level from 0 to 10.",
            ),
            models.CheckConstraint(
                condition=~Q(factor=Factor.TRAINING)
                | Q(target_max__isnull=True, target_min__isnull=False, target_min__gte=1, target_min__lte=7),
                name="tracker_goal_training_days_1_7",
                violation_error_message="A strength exercise goal is 'at least' 1 to 7 days a week.",
            ),
            models.CheckConstraint(
                condition=~Q(factor=Factor.OMEGA3)
                | Q(
                    target_max__isnull=True,
                    target_min__isnull=False,
                    target_min__gte=1,
                    target_min__lte=MAX_SUPPLEMENT_MG,
                ),
                name="tracker_goal_omega3_mg_1_5000",
                violation_error_message=f"An omega-3 goal is 'at least' 1 to {MAX_SUPPLEMENT_MG} mg a day.",
            ),
        ]

    def __str__(self):
        return f"{self.get_factor_display()} goal for {self.patient}"
