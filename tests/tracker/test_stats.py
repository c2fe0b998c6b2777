"""Figures computed in the database: streaks, weekly averages, insights and the charts."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import EntryFactory, GoalFactory
from tests.tracker.conftest import make_entries
from tracker import charts
from tracker.factors import Factor
from tracker.goals import goals_for
from tracker.stats import insights, parse_range, streaks, weekly_averages, window

pytestmark = pytest.mark.django_db

# A Wednesday, so that week boundaries are known.
WEDNESDAY = datetime.date(2026, 11, 18)


def day(offset):
    return WEDNESDAY - datetime.timedelta(days=offset)


def runs(patient, today=WEDNESDAY):
    return streaks(patient, goals_for(patient), today)


# --- Streaks -----------------------------------------------------------------------------


def test_no_entries_no_streaks(patient):
    result = runs(patient)
    assert all((streak.current, streak.longest) == (0, 0) for streak in result.values())


def test_check_in_streak_counts_back_from_yesterday_and_remembers_the_longest(patient):
    make_entries(patient, 2, start=day(1))  # yesterday and the day before
    make_entries(patient, 5, start=day(4))  # a gap on day(3), then five days
    result = runs(patient)["checkin"]
    assert (result.current, result.longest) == (2, 5)


def test_today_extends_the_streak_and_a_missed_yesterday_does_not_end_it_yet(patient):
    make_entries(patient, 3, start=day(0))
    assert runs(patient)["checkin"].current == 3
    make_entries(patient, 1, start=day(10))
    assert runs(patient, today=day(-1))["checkin"].current == 3  # tomorrow: today not yet filled in
    assert runs(patient, today=day(-2))["checkin"].current == 0  # a whole day missed


def test_sleep_streak_counts_nights_within_the_goal(patient):
    hours = ["7.5", "8", "6", "7", "7", "9", "9.5"]  # newest first, from yesterday
    for offset, value in enumerate(hours, start=1):
        EntryFactory(patient=patient, day=day(offset), sleep_hours=Decimal(value))
    result = runs(patient)["sleep"]
    assert (result.current, result.longest) == (2, 3)


def test_a_therapists_sleep_goal_changes_the_streak(patient):
    for offset in range(1, 5):
        EntryFactory(patient=patient, day=day(offset), sleep_hours=Decimal("7.5"))
    GoalFactory(patient=patient, factor=Factor.SLEEP, target_min=8, target_max=None)
    assert runs(patient)["sleep"].longest == 0


def test_stress_streak_needs_a_goal(patient):
    make_entries(patient, 4, start=day(1), stress=2)
    assert runs(patient)["stress"].longest == 0
    GoalFactory(patient=patient, factor=Factor.STRESS, target_max=3)
    result = runs(patient)["stress"]
    assert (result.current, result.longest) == (4, 4)


def test_training_streak_counts_weeks_meeting_the_goal(patient):
    monday = day(2)  # 16 November 2026
    # This week: one day so far. Last week and the week before: two days. Three weeks ago: one.
    EntryFactory(patient=patient, day=monday, training_minutes=30)
    for week in (1, 2):
        start = monday - datetime.timedelta(weeks=week)
        EntryFactory(patient=patient, day=start, training_minutes=20)
        EntryFactory(patient=patient, day=start + datetime.timedelta(days=3), training_minutes=20)
    EntryFactory(patient=patient, day=monday - datetime.timedelta(weeks=3), training_minutes=20)
    result = runs(patient)["training"]
    assert result.unit == "week"
    assert (result.current, result.longest) == (2, 2)
    GoalFactory(patient=patient, factor=Factor.TRAINING, target_min=1, target_max=None)
    result = runs(patient)["training"]
    assert (result.current, result.longest) == (4, 4)


def test_omega3_streak_counts_weeks_reaching_the_weekly_amount(patient):
    monday = day(2)
    # Last week: 7 x 250 mg = 1,750 mg. The week before: two servings of fish (about 2,000 mg).
    for offset in range(7):
        EntryFactory(
            patient=patient,
            day=monday - datetime.timedelta(days=7 - offset),
            supplement_mg=250,
            fish_servings=None,
        )
    for offset in (0, 3):
        EntryFactory(
            patient=patient,
            day=monday - datetime.timedelta(days=14 - offset),
            supplement_mg=None,
            fish_servings=1,
        )
    result = runs(patient)["omega3"]
    assert (result.current, result.longest) == (2, 2)


def test_streaks_ignore_other_patients(patient, other_patient):
    make_entries(other_patient, 10, start=day(1))
    assert runs(patient)["checkin"].longest == 0


# --- Weekly averages ---------------------------------------------------------------------


def test_weekly_averages_are_grouped_monday_to_sunday_newest_first(patient):
    monday = day(2)
    EntryFactory(patient=patient, day=monday, sleep_hours=Decimal("6"), stress=4, training_minutes=30)
    EntryFactory(
        patient=patient,
        day=day(0),
        sleep_hours=Decimal("8"),
        stress=6,
        training_minutes=0,
        kind_weights=False,
        supplement_mg=None,
        fish_servings=None,
    )
    EntryFactory(
        patient=patient, day=monday - datetime.timedelta(days=1), sleep_hours=Decimal("9")
    )  # a Sunday
    first, last = window(WEDNESDAY, 7)
    weeks = weekly_averages(patient, first, last, goals_for(patient))
    assert [week.start for week in weeks] == [monday, monday - datetime.timedelta(days=7)]
    this_week = weeks[0]
    assert this_week.is_current and this_week.days == 2
    assert (this_week.sleep_avg, this_week.stress_avg) == (7.0, 5.0)
    assert (this_week.training_days, this_week.training_minutes, this_week.training_goal_met) == (
        1,
        30,
        False,
    )
    assert (this_week.omega_days, this_week.omega_avg) == (1, 500)
    assert weeks[1].days == 1 and weeks[1].sleep_avg == 9.0


def test_weeks_without_check_ins_are_listed_empty(patient):
    first, last = window(WEDNESDAY, 30)
    weeks = weekly_averages(patient, first, last, goals_for(patient))
    assert len(weeks) == 5
    assert all(week.days == 0 and week.sleep_avg is None and week.omega_avg is None for week in weeks)


# --- Insights ----------------------------------------------------------------------------


def sleep_and_stress(patient, short_days, long_days, *, short_stress=8, long_stress=3):
    offset = 1
    for _ in range(short_days):
        EntryFactory(patient=patient, day=day(offset), sleep_hours=Decimal("6"), stress=short_stress)
        offset += 1
    for _ in range(long_days):
        EntryFactory(patient=patient, day=day(offset), sleep_hours=Decimal("7"), stress=long_stress)
        offset += 1


def test_no_insight_before_14_days(patient):
    sleep_and_stress(patient, 5, 8)
    found = insights(patient, WEDNESDAY)
    assert found.days == 13 and not found.ready and found.days_to_go == 1


def test_insight_after_14_days_with_the_days_behind_each_figure(patient):
    sleep_and_stress(patient, 5, 9)
    found = insights(patient, WEDNESDAY)
    assert found.ready
    sleep = found.comparisons[0]
    assert (sleep.a_days, sleep.a_avg, sleep.b_days, sleep.b_avg) == (5, 8.0, 9, 3.0)
    assert sleep.enough and sleep.pattern == "higher"


def test_each_group_needs_3_days(patient):
    sleep_and_stress(patient, 2, 12)
    comparison = insights(patient, WEDNESDAY).comparisons[0]
    assert not comparison.enough and comparison.pattern == "similar"
    EntryFactory(patient=patient, day=day(40), sleep_hours=Decimal("5"), stress=8)
    assert insights(patient, WEDNESDAY).comparisons[0].enough


def test_a_difference_under_one_point_is_called_similar(patient):
    sleep_and_stress(patient, 7, 7, short_stress=5, long_stress=4)
    assert insights(patient, WEDNESDAY).comparisons[0].pattern == "higher"
    EntryFactory(patient=patient, day=day(30), sleep_hours=Decimal("6"), stress=0)
    comparison = insights(patient, WEDNESDAY).comparisons[0]
    assert round(comparison.a_avg, 2) == 4.38 and comparison.pattern == "similar"


def test_only_the_last_90_days_count_for_insights(patient):
    make_entries(patient, 20, start=day(91))
    assert insights(patient, WEDNESDAY).days == 0


def test_strength_exercise_and_stress_comparison(patient):
    for offset in range(1, 5):
        EntryFactory(patient=patient, day=day(offset), training_minutes=30, stress=2)
    for offset in range(5, 15):
        EntryFactory(patient=patient, day=day(offset), training_minutes=0, kind_weights=False, stress=5)
    comparison = insights(patient, WEDNESDAY).comparisons[1]
    assert (comparison.a_days, comparison.a_avg, comparison.b_days, comparison.b_avg) == (4, 2.0, 10, 5.0)
    assert comparison.pattern == "lower"


# --- Ranges and charts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "days"), [("7", 7), ("30", 30), ("90", 90), ("12", 30), (None, 30), ("x", 30)]
)
def test_parse_range(raw, days):
    assert parse_range(raw) == days


def test_bar_chart_geometry():
    days = [WEDNESDAY - datetime.timedelta(days=n) for n in range(3, -1, -1)]
    chart = charts.bar_chart("t", "Title", "Desc", "Hours", days, [6, None, 12, 0], minimum=12, step=3)
    assert chart.y_max == 12.0 and chart.has_data
    assert [tick["text"] for tick in chart.y_ticks] == ["0", "3", "6", "9", "12"]
    assert len(chart.bars) == 2  # no bar for the missing day or for zero
    six, twelve = chart.bars
    assert six["height"] * 2 == pytest.approx(twelve["height"], abs=0.2)
    assert twelve["y"] == charts.TOP
    assert [label["text"] for label in chart.x_labels] == ["Sun 15", "Mon 16", "Tue 17", "Wed 18"]


def test_bar_chart_scale_grows_with_the_data():
    days = [WEDNESDAY]
    chart = charts.bar_chart("m", "T", "D", "Minutes", days, [200], minimum=30, step=15)
    assert chart.y_max >= 200 and len(chart.y_ticks) <= 7


def test_line_chart_breaks_at_missing_days():
    days = [WEDNESDAY - datetime.timedelta(days=n) for n in range(5, -1, -1)]
    chart = charts.line_chart("s", "T", "D", "Stress", days, [1, 2, None, 4, 5, 6], y_max=10, step=2)
    assert len(chart.points) == 5
    assert len(chart.line_paths) == 2 and chart.line_paths[1].count("L") == 2


def test_goal_band_sits_between_the_goal_values():
    chart = charts.bar_chart("t", "T", "D", "Hours", [WEDNESDAY], [8], minimum=12, step=3)
    charts.add_goal_band(chart, Decimal(7), Decimal(9), "Goal: 7 to 9 hours")
    band = chart.goal_band
    assert band["y"] == chart.y(9) and band["y"] + band["height"] == pytest.approx(chart.y(7))
