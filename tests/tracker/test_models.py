"""The database keeps every invariant of a check-in and a goal, whatever the form did."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from tests.factories import EntryFactory, GoalFactory
from tracker.factors import Factor
from tracker.models import Entry, Goal

pytestmark = pytest.mark.django_db


def refused(**values):
    """True if the database refuses to store these values."""
    try:
        with transaction.atomic():
            EntryFactory(**values)
    except IntegrityError:
        return True
    return False


def test_one_entry_per_patient_per_day(patient, today):
    EntryFactory(patient=patient, day=today)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(patient=patient, day=today, stress=2)
    assert Entry.objects.filter(patient=patient, day=today).count() == 1


def test_two_patients_may_each_have_an_entry_for_the_same_day(patient, other_patient, today):
    EntryFactory(patient=patient, day=today)
    EntryFactory(patient=other_patient, day=today)
    assert Entry.objects.filter(day=today).count() == 2


@pytest.mark.parametrize(
    "values",
    [
        {"sleep_hours": Decimal("-1")},
        {"sleep_hours": Decimal("24.5")},
        {"sleep_quality": 0},
        {"sleep_quality": 6},
        {"stress": 11},
        {"training_minutes": 601},
        {"fish_servings": 11},
        {"supplement_mg": 100_000},
    ],
    ids=lambda v: "-".join(f"{k}={w}" for k, w in v.items()),
)
def test_out_of_range_values_are_refused_by_the_database(patient, values):
    assert refused(patient=patient, **values)
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    "values",
    [
        {"sleep_hours": Decimal("0")},
        {"sleep_hours": Decimal("24")},
        {"stress": 0},
        {"stress": 10},
        {"training_minutes": 0, "kind_weights": False},
        {"supplement_mg": 5000},
    ],
)
def test_values_at_the_limits_are_stored(patient, values):
    assert not refused(patient=patient, **values)


def test_a_kind_of_exercise_needs_some_minutes(patient):
    assert refused(patient=patient, training_minutes=0, kind_bands=True)
    assert refused(patient=patient, training_minutes=None, kind_impact=True)
    assert not refused(patient=patient, training_minutes=15, kind_bands=True, kind_impact=True)


def test_an_entry_with_no_answer_at_all_is_refused(patient):
    blank = {
        "sleep_hours": None,
        "sleep_quality": None,
        "stress": None,
        "training_minutes": None,
        "kind_weights": False,
        "fish_servings": None,
        "supplement_mg": None,
        "note": "",
    }
    assert refused(patient=patient, **blank)
    assert not refused(patient=patient, **{**blank, "note": "Felt fine"})


def test_constraint_messages_reach_model_validation(patient, today):
    entry = Entry(patient=patient, day=today, stress=12)
    with pytest.raises(ValidationError) as caught:
        entry.full_clean()
    assert "Stress must be from 0 to 10." in str(caught.value)


def test_entry_describes_itself(patient):
    entry = EntryFactory(
        patient=patient, day=datetime.date(2026, 3, 2), sleep_hours=Decimal("7.50"), kind_bands=True
    )
    assert str(entry) == "Check-in for 02 Mar 2026"
    assert entry.sleep_hours_text == "7.5"
    assert entry.training_kind_labels == ["weights", "bands"]
    assert entry.get_absolute_url() == f"/tracker/entries/{entry.pk}/"


# --- Goals -------------------------------------------------------------------------------


def goal_refused(**values):
    try:
        with transaction.atomic():
            GoalFactory(**values)
    except IntegrityError:
        return True
    return False


def test_one_goal_per_patient_and_factor(patient):
    GoalFactory(patient=patient, factor=Factor.STRESS, target_max=4)
    assert goal_refused(patient=patient, factor=Factor.STRESS, target_max=3)
    assert not goal_refused(patient=patient, factor=Factor.SLEEP, target_min=7, target_max=8)


@pytest.mark.parametrize(
    "values",
    [
        {"factor": "walking", "target_min": 1, "target_max": None},
        {"factor": Factor.SLEEP, "target_min": None, "target_max": None},
        {"factor": Factor.SLEEP, "target_min": 9, "target_max": 7},
        {"factor": Factor.SLEEP, "target_min": 7, "target_max": 25},
        {"factor": Factor.STRESS, "target_min": None, "target_max": 11},
        {"factor": Factor.STRESS, "target_min": 2, "target_max": 5},
        {"factor": Factor.TRAINING, "target_min": 0, "target_max": None},
        {"factor": Factor.TRAINING, "target_min": 8, "target_max": None},
        {"factor": Factor.OMEGA3, "target_min": 6000, "target_max": None},
        {"factor": Factor.OMEGA3, "target_min": 250, "target_max": 500},
    ],
    ids=str,
)
def test_impossible_goals_are_refused_by_the_database(patient, values):
    assert goal_refused(patient=patient, **values)
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    "values",
    [
        {"factor": Factor.SLEEP, "target_min": 7, "target_max": 8},
        {"factor": Factor.SLEEP, "target_min": 7, "target_max": None},
        {"factor": Factor.STRESS, "target_min": None, "target_max": 4},
        {"factor": Factor.TRAINING, "target_min": 3, "target_max": None},
        {"factor": Factor.OMEGA3, "target_min": 500, "target_max": None},
    ],
    ids=str,
)
def test_sensible_goals_are_stored(patient, values):
    assert not goal_refused(patient=patient, **values)


def test_goal_validation_explains_the_problem_for_the_admin(patient, therapist):
    goal = Goal(patient=patient, factor=Factor.TRAINING, target_min=Decimal(9), set_by=therapist)
    with pytest.raises(ValidationError) as caught:
        goal.full_clean()
    assert "A strength exercise goal is 'at least' 1 to 7 days a week." in str(caught.value)
    assert str(GoalFactory(patient=patient)) == f"Stress goal for {patient}"


@pytest.mark.django_db
def test_entries_are_indexed_by_patient_and_day_only():
    """The unique (patient, day) index serves every query by patient: no second index on patient."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Entry._meta.db_table)
    indexed = [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]
    assert ["patient_id", "day"] in indexed
    assert ["patient_id"] not in indexed
