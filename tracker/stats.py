"""Figures for the tracker pages, computed in the database.

Every function here runs a fixed number of queries whatever the number of entries: the
only rows brought into Python are the days being charted (at most 90) and one row per
week; averages, counts, streaks and insights are aggregated by the database.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Avg, Count, IntegerField, Max, Min, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncWeek

from tracker.factors import (
    FISH_SERVING_MG,
    INSIGHT_MIN_DAYS,
    INSIGHT_MIN_GROUP_DAYS,
    INSIGHT_WINDOW_DAYS,
    SHORT_SLEEP_HOURS,
    Factor,
)
from tracker.models import Entry

RANGES = (7, 30, 90)
DEFAULT_RANGE = 30

OMEGA3_RECORDED = Q(fish_servings__isnull=False) | Q(supplement_mg__isnull=False)
# Estimated EPA+DHA for one day: the supplement plus oily fish at FISH_SERVING_MG a serving.
OMEGA3_MG = Coalesce("supplement_mg", Value(0)) + Coalesce("fish_servings", Value(0)) * Value(FISH_SERVING_MG)


def parse_range(raw) -> int:
    """The chart range from the query string: 7, 30 or 90 days; anything else is 30."""
    try:
        days = int(raw)
    except (TypeError, ValueError):
        return DEFAULT_RANGE
    return days if days in RANGES else DEFAULT_RANGE


def window(today: date, days: int) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def goal_condition(field, goal) -> Q | None:
    """A filter for days meeting a (sleep or stress) goal, or None without a goal."""
    if goal is None:
        return None
    condition = Q(**{f"{field}__isnull": False})
    if goal.target_min is not None:
        condition &= Q(**{f"{field}__gte": goal.target_min})
    if goal.target_max is not None:
        condition &= Q(**{f"{field}__lte": goal.target_max})
    return condition


def entries_in_window(user, first, last) -> dict:
    """{day: Entry} for the days charted (at most 90 rows)."""
    return {
        entry.day: entry for entry in Entry.objects.for_patient(user).between(first, last).order_by("day")
    }


def _within(condition, window_filter):
    """`condition` limited to `window_filter` (either may be None)."""
    if window_filter is None:
        return condition
    return window_filter if condition is None else condition & window_filter


def _summary_aggregates(goals, window_filter=None) -> dict:
    w = window_filter
    aggregates = {
        "days": Count("id", filter=w),
        "sleep_n": Count("sleep_hours", filter=w),
        "sleep_avg": Avg("sleep_hours", filter=w),
        "sleep_min": Min("sleep_hours", filter=w),
        "sleep_max": Max("sleep_hours", filter=w),
        "quality_n": Count("sleep_quality", filter=w),
        "quality_avg": Avg("sleep_quality", filter=w),
        "stress_n": Count("stress", filter=w),
        "stress_avg": Avg("stress", filter=w),
        "stress_min": Min("stress", filter=w),
        "stress_max": Max("stress", filter=w),
        "training_n": Count("training_minutes", filter=w),
        "training_days": Count("id", filter=_within(Q(training_minutes__gt=0), w)),
        "training_total": Sum("training_minutes", filter=w),
        "omega_n": Count("id", filter=_within(OMEGA3_RECORDED, w)),
        "omega_total": Sum(OMEGA3_MG, filter=_within(OMEGA3_RECORDED, w), output_field=IntegerField()),
        "fish_total": Sum("fish_servings", filter=w),
    }
    sleep_goal = goal_condition("sleep_hours", goals.get(Factor.SLEEP))
    if sleep_goal is not None:
        aggregates["sleep_in_goal"] = Count("id", filter=_within(sleep_goal, w))
    stress_goal = goal_condition("stress", goals.get(Factor.STRESS))
    if stress_goal is not None:
        aggregates["stress_in_goal"] = Count("id", filter=_within(stress_goal, w))
    return aggregates


def _finish_summary(summary) -> dict:
    summary.setdefault("sleep_in_goal", None)
    summary.setdefault("stress_in_goal", None)
    summary["omega_avg"] = round(summary["omega_total"] / summary["omega_n"]) if summary["omega_n"] else None
    return summary


def window_summary(user, first, last, goals) -> dict:
    """Counts and averages for each factor over a window, in one aggregate query."""
    return _finish_summary(
        Entry.objects.for_patient(user).between(first, last).aggregate(**_summary_aggregates(goals))
    )


def summary_and_insights(user, first, last, goals, today) -> tuple[dict, "Insights"]:
    """window_summary(user, first, last, goals) and insights(user, today) in one aggregate
    query over both windows, each figure filtered to its own window."""
    insight_first, insight_last = window(today, INSIGHT_WINDOW_DAYS)
    figures = (
        Entry.objects.for_patient(user)
        .between(min(first, insight_first), max(last, insight_last))
        .aggregate(
            **_summary_aggregates(goals, Q(day__gte=first, day__lte=last)),
            **{
                f"insight_{key}": aggregate
                for key, aggregate in _insight_aggregates(
                    Q(day__gte=insight_first, day__lte=insight_last)
                ).items()
            },
        )
    )
    insight_figures = {
        key.removeprefix("insight_"): figures.pop(key) for key in list(figures) if key.startswith("insight_")
    }
    return _finish_summary(figures), _insights_from(insight_figures)


@dataclass
class Week:
    start: date
    days: int = 0
    sleep_avg: float | None = None
    quality_avg: float | None = None
    stress_avg: float | None = None
    training_days: int = 0
    training_minutes: int = 0
    omega_days: int = 0
    omega_avg: int | None = None
    training_goal_met: bool | None = None
    is_current: bool = False

    @property
    def end(self):
        return self.start + timedelta(days=6)


def weekly_averages(user, first, last, goals) -> list[Week]:
    """One row per calendar week (Monday to Sunday) touching the window, newest first,
    including weeks without any check-in. Grouped by week in the database."""
    first_week, last_week = week_start(first), week_start(last)
    rows = (
        Entry.objects.for_patient(user)
        .between(first_week, last)
        .annotate(week=TruncWeek("day"))
        .values("week")
        .annotate(
            days=Count("id"),
            sleep_avg=Avg("sleep_hours"),
            quality_avg=Avg("sleep_quality"),
            stress_avg=Avg("stress"),
            training_days=Count("id", filter=Q(training_minutes__gt=0)),
            training_minutes=Sum("training_minutes"),
            omega_days=Count("id", filter=OMEGA3_RECORDED),
            omega_total=Sum(OMEGA3_MG, filter=OMEGA3_RECORDED, output_field=IntegerField()),
        )
        .order_by("week")
    )
    by_week = {}
    for row in rows:
        start = row["week"].date() if hasattr(row["week"], "date") else row["week"]
        by_week[start] = row
    training_goal = goals.get(Factor.TRAINING)
    weeks = []
    start = last_week
    while start >= first_week:
        row = by_week.get(start)
        week = Week(start=start, is_current=start == last_week)
        if row:
            week.days = row["days"]
            week.sleep_avg = _float(row["sleep_avg"])
            week.quality_avg = _float(row["quality_avg"])
            week.stress_avg = _float(row["stress_avg"])
            week.training_days = row["training_days"]
            week.training_minutes = row["training_minutes"] or 0
            week.omega_days = row["omega_days"]
            week.omega_avg = round(row["omega_total"] / row["omega_days"]) if row["omega_days"] else None
        if training_goal is not None:
            week.training_goal_met = week.training_days >= training_goal.target_min
        weeks.append(week)
        start -= timedelta(days=7)
    return weeks


def _float(value):
    return None if value is None else float(value)


# --- Streaks -----------------------------------------------------------------------------

# Days since 1970-01-01 as an integer, per database, so consecutive days differ by one.
DAY_NUMBER_SQL = {
    "postgresql": "(day - DATE '1970-01-01')",
    "sqlite": "CAST(julianday(day) - 2440587.5 AS INTEGER)",
}


def day_number(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def week_number(day: date) -> int:
    """Weeks since the Monday before 1970-01-01 (a Thursday); matches (dn + 3) / 7 in SQL."""
    return (day_number(day) + 3) // 7


@dataclass
class Streak:
    key: str
    unit: str  # "day" or "week"
    current: int = 0
    longest: int = 0


def streaks(user, goals, today: date) -> dict[str, Streak]:
    """Current and longest runs, in one query, using the gaps-and-islands method: in a run
    of consecutive days (or weeks), day number minus row number is the same for every row.

    - checkin: days in a row with a check-in;
    - sleep / stress: days in a row meeting the goal (stress only with a goal);
    - training: weeks in a row with strength exercise on at least the goal's days;
    - omega3: weeks in a row whose estimated EPA+DHA reaches the goal for 7 days.
    A run is current if it reaches yesterday (or last week): today may not be filled in yet.
    """
    day_sql = DAY_NUMBER_SQL.get(connection.vendor, DAY_NUMBER_SQL["sqlite"])
    table = Entry._meta.db_table
    params: list = [user.pk]
    daily = [
        "SELECT 'checkin' AS streak, dn AS pos, dn - ROW_NUMBER() OVER (ORDER BY dn) AS island FROM base"
    ]
    daily_sql_params: list = []
    for key, column in ((Factor.SLEEP, "sleep_hours"), (Factor.STRESS, "stress")):
        goal = goals.get(key)
        if goal is None:
            continue
        conditions, values = [f"{column} IS NOT NULL"], []
        if goal.target_min is not None:
            conditions.append(f"{column} >= %s")
            values.append(float(goal.target_min))
        if goal.target_max is not None:
            conditions.append(f"{column} <= %s")
            values.append(float(goal.target_max))
        daily.append(
            f"SELECT '{key.value}', dn, dn - ROW_NUMBER() OVER (ORDER BY dn) FROM base "  # noqa: S608
            f"WHERE {' AND '.join(conditions)}"
        )
        daily_sql_params.extend(values)
    weekly, weekly_params = [], []
    training_goal, omega_goal = goals.get(Factor.TRAINING), goals.get(Factor.OMEGA3)
    if training_goal is not None:
        weekly.append(
            "SELECT 'training', wk, wk - ROW_NUMBER() OVER (ORDER BY wk) FROM weeks WHERE training_days >= %s"
        )
        weekly_params.append(int(training_goal.target_min))
    if omega_goal is not None:
        weekly.append(
            "SELECT 'omega3', wk, wk - ROW_NUMBER() OVER (ORDER BY wk) FROM weeks WHERE omega_mg >= %s"
        )
        weekly_params.append(int(omega_goal.target_min * 7))
    runs = " UNION ALL ".join(daily + weekly)
    # Table and column names are constants; every value is passed as a query parameter.
    sql = f"""
        WITH base AS (
            SELECT {day_sql} AS dn, sleep_hours, stress, training_minutes, fish_servings, supplement_mg
            FROM {table} WHERE patient_id = %s
        ),
        weeks AS (
            SELECT (dn + 3) / 7 AS wk,
                   SUM(CASE WHEN training_minutes > 0 THEN 1 ELSE 0 END) AS training_days,
                   SUM(COALESCE(supplement_mg, 0) + COALESCE(fish_servings, 0) * %s) AS omega_mg
            FROM base GROUP BY (dn + 3) / 7
        ),
        runs AS ({runs}),
        islands AS (
            SELECT streak, island, COUNT(*) AS length, MAX(pos) AS last_pos FROM runs GROUP BY streak, island
        )
        SELECT streak,
               MAX(length),
               MAX(CASE WHEN last_pos >= (CASE WHEN streak IN ('training', 'omega3') THEN %s ELSE %s END)
                        THEN length ELSE 0 END)
        FROM islands GROUP BY streak
    """  # noqa: S608
    params += [FISH_SERVING_MG, *daily_sql_params, *weekly_params]
    params += [week_number(today) - 1, day_number(today - timedelta(days=1))]
    result = {
        "checkin": Streak("checkin", "day"),
        Factor.SLEEP.value: Streak(Factor.SLEEP.value, "day"),
        Factor.STRESS.value: Streak(Factor.STRESS.value, "day"),
        Factor.TRAINING.value: Streak(Factor.TRAINING.value, "week"),
        Factor.OMEGA3.value: Streak(Factor.OMEGA3.value, "week"),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, longest, current in cursor.fetchall():
            result[key].longest, result[key].current = int(longest), int(current)
    return result


# --- Insights ----------------------------------------------------------------------------


@dataclass
class Comparison:
    """Average stress in two groups of days, with how many days stand behind each figure."""

    key: str
    title: str
    group_a_label: str
    group_b_label: str
    a_days: int
    a_avg: float | None
    b_days: int
    b_avg: float | None

    @property
    def enough(self) -> bool:
        return self.a_days >= INSIGHT_MIN_GROUP_DAYS and self.b_days >= INSIGHT_MIN_GROUP_DAYS

    @property
    def difference(self) -> float | None:
        if not self.enough:
            return None
        return round(self.a_avg, 1) - round(self.b_avg, 1)

    @property
    def pattern(self) -> str:
        """'higher', 'lower' or 'similar': group A compared with group B, by at least 1 point."""
        difference = self.difference
        if difference is None or abs(difference) < 1:
            return "similar"
        return "higher" if difference > 0 else "lower"


@dataclass
class Insights:
    days: int
    comparisons: list
    needed_days: int = INSIGHT_MIN_DAYS
    window_days: int = INSIGHT_WINDOW_DAYS
    min_group_days: int = INSIGHT_MIN_GROUP_DAYS

    @property
    def ready(self) -> bool:
        return self.days >= self.needed_days

    @property
    def days_to_go(self) -> int:
        return max(0, self.needed_days - self.days)


def _insight_aggregates(window_filter=None) -> dict:
    w = window_filter
    has_stress = Q(stress__isnull=False)
    short, enough_sleep = Q(sleep_hours__lt=SHORT_SLEEP_HOURS), Q(sleep_hours__gte=SHORT_SLEEP_HOURS)
    trained, rested = Q(training_minutes__gt=0), Q(training_minutes=0)
    return {
        "days": Count("id", filter=w),
        "short_n": Count("id", filter=_within(short & has_stress, w)),
        "short_avg": Avg("stress", filter=_within(short, w)),
        "long_n": Count("id", filter=_within(enough_sleep & has_stress, w)),
        "long_avg": Avg("stress", filter=_within(enough_sleep, w)),
        "trained_n": Count("id", filter=_within(trained & has_stress, w)),
        "trained_avg": Avg("stress", filter=_within(trained, w)),
        "rested_n": Count("id", filter=_within(rested & has_stress, w)),
        "rested_avg": Avg("stress", filter=_within(rested, w)),
    }


def insights(user, today: date) -> Insights:
    """Simple comparisons over the last INSIGHT_WINDOW_DAYS days, in one aggregate query.

    Sleep in a check-in is the night before that day, so "stress after a short night" is
    the stress recorded in the same check-in as a short sleep."""
    first, last = window(today, INSIGHT_WINDOW_DAYS)
    figures = Entry.objects.for_patient(user).between(first, last).aggregate(**_insight_aggregates())
    return _insights_from(figures)


def _insights_from(figures) -> Insights:
    hours = f"{SHORT_SLEEP_HOURS:.0f}"
    comparisons = [
        Comparison(
            "sleep-stress",
            "Sleep and stress",
            f"days after less than {hours} hours of sleep",
            f"days after {hours} hours of sleep or more",
            figures["short_n"],
            _float(figures["short_avg"]),
            figures["long_n"],
            _float(figures["long_avg"]),
        ),
        Comparison(
            "training-stress",
            "Strength exercise and stress",
            "days with strength exercise",
            "days without strength exercise",
            figures["trained_n"],
            _float(figures["trained_avg"]),
            figures["rested_n"],
            _float(figures["rested_avg"]),
        ),
    ]
    return Insights(days=figures["days"], comparisons=comparisons)


def last_seven_days(user, today: date) -> dict:
    """The dashboard's small summary: one aggregate query over the last 7 days."""
    first, last = window(today, 7)
    week = (
        Entry.objects.for_patient(user)
        .between(first, last)
        .aggregate(
            days=Count("id"),
            sleep_n=Count("sleep_hours"),
            sleep_avg=Avg("sleep_hours"),
            stress_n=Count("stress"),
            stress_avg=Avg("stress"),
            training_days=Count("id", filter=Q(training_minutes__gt=0)),
            training_n=Count("training_minutes"),
            omega_n=Count("id", filter=OMEGA3_RECORDED),
            omega_total=Sum(OMEGA3_MG, filter=OMEGA3_RECORDED, output_field=IntegerField()),
        )
    )
    # Spread over all 7 days, as the goal (a daily average) and the tracker page count it.
    week["omega_avg"] = round(week["omega_total"] / 7) if week["omega_n"] else None
    return week
