"""Effective goals: the therapist's where set, else a default with its source."""

from decimal import Decimal

import pytest

from tests.factories import GoalFactory
from tracker.factors import Factor
from tracker.goals import DEFAULT_GOALS, goals_for

pytestmark = pytest.mark.django_db


def test_defaults_apply_without_a_therapists_goal(patient, django_assert_num_queries):
    with django_assert_num_queries(1):
        goals = goals_for(patient)
    sleep, training, omega3 = goals[Factor.SLEEP], goals[Factor.TRAINING], goals[Factor.OMEGA3]
    assert (sleep.target_min, sleep.target_max, sleep.is_default) == (7, 9, True)
    assert sleep.description == "7 to 9 hours a night"
    assert training.description == "strength exercise on at least 2 days a week"
    assert omega3.description == "about 250 mg of EPA and DHA a day, on average"
    assert goals[Factor.STRESS] is None


def test_every_default_cites_its_source():
    cited = {
        factor: " ".join(s.citation for s in goal.sources) for factor, goal in DEFAULT_GOALS.items() if goal
    }
    assert (
        "National Sleep Foundation" in cited[Factor.SLEEP]
        and "Sleep 2015;38(6):843-844" in cited[Factor.SLEEP]
    )
    assert "World Health Organization 2020 guidelines" in cited[Factor.TRAINING]
    assert "EFSA Journal 2012;10(7):2815" in cited[Factor.OMEGA3]
    assert all(goal.explanation and goal.sources for goal in DEFAULT_GOALS.values() if goal)


def test_a_therapists_goals_replace_the_defaults(patient, other_patient, therapist):
    GoalFactory(
        patient=patient,
        factor=Factor.STRESS,
        target_max=Decimal(4),
        note="Aim for calmer days",
        set_by=therapist,
    )
    GoalFactory(patient=patient, factor=Factor.OMEGA3, target_min=Decimal(500), target_max=None)
    GoalFactory(patient=other_patient, factor=Factor.SLEEP, target_min=Decimal(8), target_max=Decimal(9))
    goals = goals_for(patient)
    stress = goals[Factor.STRESS]
    assert (stress.target_max, stress.is_default, stress.note) == (4, False, "Aim for calmer days")
    assert stress.description == "stress at 4 or below (out of 10)"
    assert stress.set_by_label == "Goal set with your therapist"
    assert goals[Factor.OMEGA3].description == "about 500 mg of EPA and DHA a day, on average"
    assert goals[Factor.SLEEP].is_default  # the other patient's goal is theirs only


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (Decimal("7.5"), None, "at least 7.5 hours a night"),
        (None, Decimal(9), "no more than 9 hours a night"),
    ],
)
def test_one_sided_sleep_goals_read_naturally(patient, low, high, words):
    GoalFactory(patient=patient, factor=Factor.SLEEP, target_min=low, target_max=high)
    assert goals_for(patient)[Factor.SLEEP].description == words


def test_a_one_day_training_goal_is_singular(patient):
    GoalFactory(patient=patient, factor=Factor.TRAINING, target_min=1, target_max=None)
    assert goals_for(patient)[Factor.TRAINING].description == "strength exercise on at least 1 day a week"


def test_met_by_checks_both_ends():
    sleep = DEFAULT_GOALS[Factor.SLEEP]
    assert sleep.met_by(Decimal(7)) and sleep.met_by(Decimal(9))
    assert not sleep.met_by(Decimal("6.75")) and not sleep.met_by(Decimal("9.5")) and not sleep.met_by(None)
