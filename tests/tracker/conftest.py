import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from bonehealth.fragments import forget_patient_on_commit
from tracker.models import Entry


@pytest.fixture
def today():
    return timezone.localdate()


def make_entries(patient, days, *, start=None, **values):
    """`days` consecutive daily check-ins ending yesterday (or ending `start`), in one query.
    Values vary from day to day unless given."""
    last = start or timezone.localdate() - datetime.timedelta(days=1)
    entries = []
    for offset in range(days):
        day = last - datetime.timedelta(days=offset)
        defaults = {
            "sleep_hours": Decimal(str(5 + (offset % 9) * 0.5)),
            "sleep_quality": 1 + offset % 5,
            "stress": offset % 11,
            "training_minutes": 30 if offset % 3 == 0 else 0,
            "kind_weights": offset % 3 == 0,
            "fish_servings": 1 if offset % 7 == 0 else 0,
            "supplement_mg": 500,
            "note": "",
        }
        defaults.update(values)
        entries.append(Entry(patient=patient, day=day, **defaults))
    created = Entry.objects.bulk_create(entries)
    # bulk_create sends no post_save: say the patient's cached tracker HTML is stale, as every
    # real write path does (tracker.signals, tracker.services.seed_demo_entries).
    forget_patient_on_commit(patient.pk)
    return created


@pytest.fixture
def entries_factory():
    return make_entries
