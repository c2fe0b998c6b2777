"""Writes and exports for the tracker. Keyword-only functions, each one transaction."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bonehealth.fragments import forget_patient_on_commit
from tracker.factors import TRAINING_KIND_SHORT
from tracker.models import Entry


def save_checkin(*, patient, day, values: dict) -> tuple[Entry, bool]:
    """Create or update the patient's check-in for `day`; returns (entry, created).

    The database allows one row per patient and day. update_or_create locks an existing
    row; when two requests both find no row, one INSERT wins and the other hits the unique
    constraint, re-reads the row the winner wrote and updates it. Either way exactly one
    row remains, holding the last submission.
    """
    with transaction.atomic():
        return Entry.objects.update_or_create(patient=patient, day=day, defaults=values)


EXPORT_FIELDS = [
    "date",
    "sleep_hours",
    "sleep_quality_1_to_5",
    "stress_0_to_10",
    "strength_exercise_minutes",
    "strength_exercise_kinds",
    "oily_fish_servings",
    "supplement_epa_dha_mg",
    "note",
    "created",
    "updated",
]


def export_entries(user) -> list[dict]:
    """All of this user's check-ins, oldest first, as plain dicts (for CSV and JSON).

    Kinds of strength exercise are a list; dates and times are ISO 8601 strings."""
    rows = []
    for entry in Entry.objects.for_patient(user).order_by("day").iterator(chunk_size=500):
        rows.append(
            {
                "date": entry.day.isoformat(),
                "sleep_hours": float(entry.sleep_hours) if entry.sleep_hours is not None else None,
                "sleep_quality_1_to_5": entry.sleep_quality,
                "stress_0_to_10": entry.stress,
                "strength_exercise_minutes": entry.training_minutes,
                "strength_exercise_kinds": [TRAINING_KIND_SHORT[kind] for kind in entry.training_kinds],
                "oily_fish_servings": entry.fish_servings,
                "supplement_epa_dha_mg": entry.supplement_mg,
                "note": entry.note,
                "created": timezone.localtime(entry.created).isoformat(timespec="seconds"),
                "updated": timezone.localtime(entry.updated).isoformat(timespec="seconds"),
            }
        )
    return rows


def seed_demo_entries(*, patient, days=20, today=None) -> int:
    """Plausible check-ins for the last `days` days, for the demo patient. Idempotent: days
    that already have a check-in are left alone. Returns how many were added."""
    today = today or timezone.localdate()
    rng = random.Random(f"demo-{patient.pk}")
    existing = set(
        Entry.objects.for_patient(patient)
        .filter(day__gte=today - timedelta(days=days))
        .values_list("day", flat=True)
    )
    new_entries = []
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        sleep = Decimal(rng.choice(["5.5", "6", "6.5", "7", "7", "7.5", "7.5", "8", "8.5"]))
        stress = max(0, min(10, (7 if sleep < 7 else 4) + rng.randint(-2, 2)))
        trained = day.weekday() in (0, 3) or rng.random() < 0.15
        entry = Entry(
            patient=patient,
            day=day,
            sleep_hours=sleep,
            sleep_quality=max(1, min(5, int(sleep) - 3 + rng.randint(-1, 1))),
            stress=stress,
            training_minutes=rng.choice([20, 25, 30]) if trained else 0,
            kind_weights=trained and day.weekday() == 0,
            kind_bands=trained and day.weekday() != 0,
            fish_servings=1 if day.weekday() in (2, 5) else 0,
            supplement_mg=500,
        )
        if day not in existing:
            new_entries.append(entry)
    with transaction.atomic():
        Entry.objects.bulk_create(new_entries, ignore_conflicts=True)
        forget_patient_on_commit(patient.pk)  # bulk_create sends no post_save (tracker.signals)
    return len(new_entries)
