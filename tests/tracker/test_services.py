"""save_checkin (the upsert), export_entries and the demo data."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.db.models.query import QuerySet

from tests.factories import EntryFactory
from tracker.models import Entry
from tracker.services import export_entries, save_checkin, seed_demo_entries

pytestmark = pytest.mark.django_db


def test_saving_creates_the_days_entry(patient, today):
    entry, created = save_checkin(patient=patient, day=today, values={"stress": 4, "note": "calm"})
    assert created
    assert Entry.objects.get().pk == entry.pk
    assert (entry.patient, entry.day, entry.stress, entry.note) == (patient, today, 4, "calm")


def test_saving_again_for_the_same_day_updates_the_same_row(patient, today):
    first, _ = save_checkin(patient=patient, day=today, values={"stress": 4, "supplement_mg": 500})
    second, created = save_checkin(patient=patient, day=today, values={"stress": 7, "supplement_mg": None})
    assert not created
    assert second.pk == first.pk
    stored = Entry.objects.get()
    assert (stored.stress, stored.supplement_mg) == (7, None)


def test_a_race_for_the_same_day_leaves_one_row_with_the_last_answers(patient, today):
    """Another request inserts the day's row just after this one looked and found none:
    the unique constraint stops the second INSERT, and save_checkin updates the row instead."""
    real_get = QuerySet.get
    raced = []

    def get_after_the_other_request_wrote(self, *args, **kwargs):
        if self.model is Entry and not raced:
            raced.append(True)
            Entry.objects.create(patient=patient, day=today, stress=2, note="the other request")
            raise Entry.DoesNotExist
        return real_get(self, *args, **kwargs)

    with mock.patch.object(QuerySet, "get", get_after_the_other_request_wrote):
        entry, created = save_checkin(
            patient=patient, day=today, values={"stress": 9, "note": "this request"}
        )

    assert raced, "the race was not simulated"
    assert not created
    stored = Entry.objects.get(patient=patient, day=today)
    assert Entry.objects.filter(patient=patient, day=today).count() == 1
    assert (stored.pk, stored.stress, stored.note) == (entry.pk, 9, "this request")


def test_export_holds_only_the_users_own_entries_oldest_first(patient, other_patient):
    EntryFactory(
        patient=patient,
        day=datetime.date(2026, 3, 2),
        sleep_hours=Decimal("7.25"),
        kind_weights=True,
        kind_impact=True,
        note="Ate mackerel",
        fish_servings=1,
    )
    EntryFactory(patient=patient, day=datetime.date(2026, 3, 1), training_minutes=0, kind_weights=False)
    EntryFactory(patient=other_patient, day=datetime.date(2026, 3, 1), note="not yours")
    rows = export_entries(patient)
    assert [row["date"] for row in rows] == ["2026-03-01", "2026-03-02"]
    newest = rows[1]
    assert newest == {
        **newest,
        "sleep_hours": 7.25,
        "sleep_quality_1_to_5": 4,
        "stress_0_to_10": 3,
        "strength_exercise_minutes": 20,
        "strength_exercise_kinds": ["weights", "impact"],
        "oily_fish_servings": 1,
        "supplement_epa_dha_mg": 500,
        "note": "Ate mackerel",
    }
    assert rows[0]["strength_exercise_kinds"] == []
    assert "not yours" not in str(rows)
    assert export_entries(other_patient)[0]["note"] == "not yours"


def test_export_of_a_user_without_entries_is_empty(patient):
    assert export_entries(patient) == []


def test_demo_entries_fill_the_last_20_days_once(patient, today):
    assert seed_demo_entries(patient=patient, days=20, today=today) == 20
    days = set(Entry.objects.filter(patient=patient).values_list("day", flat=True))
    assert days == {today - datetime.timedelta(days=n) for n in range(1, 21)}
    assert seed_demo_entries(patient=patient, days=20, today=today) == 0
    assert Entry.objects.filter(patient=patient).count() == 20


def test_demo_entries_leave_the_patients_own_check_ins_alone(patient, today):
    own = EntryFactory(patient=patient, day=today - datetime.timedelta(days=3), note="my own")
    assert seed_demo_entries(patient=patient, days=20, today=today) == 19
    own.refresh_from_db()
    assert own.note == "my own"
