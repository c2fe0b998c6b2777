"""Everything the tracker home page shows, put together from tracker.stats (figures) and
tracker.charts (geometry): one section per factor with its goal, chart, text summary,
data table and streak, plus the week-by-week table and the insights."""

from datetime import date, timedelta

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import SafeString, mark_safe

from tracker import charts
from tracker.factors import FISH_SERVING_MG, Factor, factor_links, hours_text
from tracker.goals import goals_for
from tracker.stats import entries_in_window, streaks, summary_and_insights, weekly_averages, window

NOT_RECORDED = "not recorded"


def plural(count, singular, plural_form=None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def one_decimal(value) -> str:
    return f"{float(value):.1f}"


def trends_context(user, *, days: int, today: date, goal_rows=None) -> dict:
    """The tracker page's figures. `goal_rows`: the patient's Goal rows, when the caller has
    already fetched them (the therapist's follow page shows them too)."""
    first, last = window(today, days)
    goals = goals_for(user, rows=goal_rows)
    by_day = entries_in_window(user, first, last)
    summary, found_insights = summary_and_insights(user, first, last, goals, today)
    weeks = weekly_averages(user, first, last, goals)
    runs = streaks(user, goals, today)
    day_list = [first + timedelta(days=offset) for offset in range(days)]
    links = factor_links()
    period = f"the last {days} days"
    sections = [
        _sleep_section(day_list, by_day, summary, goals[Factor.SLEEP], runs, period),
        _stress_section(day_list, by_day, summary, goals[Factor.STRESS], runs, period),
        _training_section(day_list, by_day, summary, goals[Factor.TRAINING], runs, weeks, period),
        _omega_section(day_list, by_day, summary, goals[Factor.OMEGA3], runs, period),
    ]
    range_label = f"{charts.day_label(first, 'j F')} to {charts.day_label(last, 'j F Y')}"
    for section in sections:
        section["table"]["rows_html"] = table_rows_html(section["table"]["rows"])
        section["lesson"] = links[section["key"]]
        section["range_label"] = range_label
    return {
        "range_days": days,
        "first": first,
        "last": last,
        "today_entry": by_day.get(today),
        "summary": summary,
        "sections": sections,
        "weeks": weeks,
        "goals": goals,
        "checkin_streak": runs["checkin"],
        "insights": found_insights,
    }


def table_rows_html(rows) -> SafeString:
    """A data table's body rows (the date as the row header), built here rather than by nested
    template loops: up to 90 rows of four cells for each of four tables. Every cell is escaped."""
    escape = charts.escape
    return mark_safe(  # noqa: S308 - every cell escaped
        "\n              ".join(
            f'<tr><th scope="row">{escape(row[0])}</th>'
            + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:])
            + "</tr>"
            for row in rows
        )
    )


def _day_label(day):
    return charts.day_label(day, "D j M")


def _streak_text(streak, goal_words, unit=None):
    unit = unit or streak.unit
    return (
        f"{goal_words}: {plural(streak.current, unit)} in a row now. "
        f"Your longest run so far: {plural(streak.longest, unit)}."
    )


def _sleep_section(day_list, by_day, s, goal, runs, period):
    values = [by_day[d].sleep_hours if d in by_day else None for d in day_list]
    summary = f"No hours of sleep recorded in {period}."
    if s["sleep_n"]:
        summary = (
            f"You recorded your sleep on {plural(s['sleep_n'], 'night')} in {period}. On average you slept "
            f"{one_decimal(s['sleep_avg'])} hours (shortest {hours_text(s['sleep_min'])} hours, "
            f"longest {hours_text(s['sleep_max'])})."
        )
        if s["quality_n"]:
            summary += f" Your sleep quality averaged {one_decimal(s['quality_avg'])} out of 5."
    chart = charts.bar_chart(
        "sleep",
        f"Hours of sleep each night, {period}",
        "Bar chart, one bar a night.",
        "Hours",
        day_list,
        values,
        minimum=12,
        step=3,
    )
    progress = None
    if goal is not None:
        charts.add_goal_band(chart, goal.target_min, goal.target_max, f"Goal: {goal.description}")
        if s["sleep_n"]:
            progress = {
                "text": f"{plural(s['sleep_n'], 'night')} recorded, {s['sleep_in_goal']} within your goal.",
                "value": s["sleep_in_goal"],
                "max": s["sleep_n"],
            }
    rows = []
    for day in reversed(day_list):
        entry = by_day.get(day)
        hours = entry.sleep_hours if entry else None
        rows.append(
            [
                _day_label(day),
                hours_text(hours) if hours is not None else NOT_RECORDED,
                str(entry.sleep_quality) if entry and entry.sleep_quality else NOT_RECORDED,
                ("yes" if goal.met_by(hours) else "no") if goal and hours is not None else "",
            ]
        )
    return {
        "key": Factor.SLEEP,
        "name": "Sleep",
        "goal": goal,
        "summary": summary,
        "progress": progress,
        "chart": chart,
        "table": {
            "caption": f"Sleep each night, {period}, newest first",
            "headers": ["Date", "Hours of sleep", "Sleep quality (1 to 5)", "Within goal?"],
            "rows": rows,
        },
        "streak": _streak_text(runs["sleep"], "Nights within your sleep goal", unit="night") if goal else "",
    }


def _stress_section(day_list, by_day, s, goal, runs, period):
    values = [by_day[d].stress if d in by_day else None for d in day_list]
    summary = f"No stress levels recorded in {period}."
    if s["stress_n"]:
        summary = (
            f"You recorded your stress on {plural(s['stress_n'], 'day')} in {period}. It averaged "
            f"{one_decimal(s['stress_avg'])} out of 10 (lowest {s['stress_min']}, highest {s['stress_max']})."
        )
    chart = charts.line_chart(
        "stress",
        f"Stress each day, {period} (0 = no stress, 10 = worst)",
        "Line chart, one point a day.",
        "Stress",
        day_list,
        values,
        y_max=10,
        step=2,
    )
    progress = None
    if goal is not None:
        charts.add_goal_line(chart, goal.target_max, f"Goal: {goal.target_max:g} or below")
        if s["stress_n"]:
            progress = {
                "text": f"{plural(s['stress_n'], 'day')} recorded, "
                f"{s['stress_in_goal']} at or below your goal.",
                "value": s["stress_in_goal"],
                "max": s["stress_n"],
            }
    rows = []
    for day in reversed(day_list):
        entry = by_day.get(day)
        level = entry.stress if entry else None
        row = [_day_label(day), str(level) if level is not None else NOT_RECORDED]
        if goal is not None:
            row.append(("yes" if goal.met_by(level) else "no") if level is not None else "")
        rows.append(row)
    headers = ["Date", "Stress (0 to 10)"] + (["At or below goal?"] if goal else [])
    return {
        "key": Factor.STRESS,
        "name": "Stress",
        "goal": goal,
        "no_goal_text": "There is no standard target for stress. Your therapist can agree one with you.",
        "summary": summary,
        "progress": progress,
        "chart": chart,
        "table": {"caption": f"Stress each day, {period}, newest first", "headers": headers, "rows": rows},
        "streak": _streak_text(runs["stress"], "Days at or below your stress goal") if goal else "",
    }


def _training_section(day_list, by_day, s, goal, runs, weeks, period):
    values = [by_day[d].training_minutes if d in by_day else None for d in day_list]
    summary = f"No strength exercise recorded in {period}."
    if s["training_n"]:
        summary = (
            f"You did strength exercise on {plural(s['training_days'], 'day')} in {period}, "
            f"{intcomma(s['training_total'] or 0)} minutes in all."
        )
    chart = charts.bar_chart(
        "training",
        f"Minutes of strength exercise each day, {period}",
        "Bar chart, one bar a day.",
        "Minutes",
        day_list,
        values,
        minimum=30,
        step=15,
    )
    progress = None
    if goal is not None:
        this_week = weeks[0]
        complete = weeks[1:]
        met = sum(1 for week in complete if week.training_goal_met)
        text = f"This week so far: strength exercise on {plural(this_week.training_days, 'day')}."
        if complete:
            text += f" Earlier weeks in this period that met the goal: {met} of {len(complete)}."
        progress = {
            "text": text,
            "value": min(this_week.training_days, int(goal.target_min)),
            "max": int(goal.target_min),
        }
    rows = []
    for day in reversed(day_list):
        entry = by_day.get(day)
        minutes = entry.training_minutes if entry else None
        kinds = ", ".join(entry.training_kind_labels) if entry else ""
        rows.append([_day_label(day), str(minutes) if minutes is not None else NOT_RECORDED, kinds])
    return {
        "key": Factor.TRAINING,
        "name": "Strength exercise",
        "goal": goal,
        "summary": summary,
        "progress": progress,
        "chart": chart,
        "table": {
            "caption": f"Strength exercise each day, {period}, newest first",
            "headers": ["Date", "Minutes", "Kind"],
            "rows": rows,
        },
        "streak": _streak_text(runs["training"], "Weeks meeting your strength exercise goal") if goal else "",
    }


def _omega_section(day_list, by_day, s, goal, runs, period):
    values = []
    for day in day_list:
        entry = by_day.get(day)
        if entry is None or (entry.supplement_mg is None and entry.fish_servings is None):
            values.append(None)
        else:
            values.append((entry.supplement_mg or 0, (entry.fish_servings or 0) * FISH_SERVING_MG))
    summary = f"No omega-3 recorded in {period}."
    if s["omega_n"]:
        summary = (
            f"You recorded omega-3 on {plural(s['omega_n'], 'day')} in {period}, with "
            f"{plural(s['fish_total'] or 0, 'serving')} of oily fish. On those days you had about "
            f"{intcomma(s['omega_avg'])} mg of EPA and DHA a day on average."
        )
    chart = charts.bar_chart(
        "omega3",
        f"Estimated EPA and DHA each day, {period}",
        "Stacked bar chart, one bar a day: supplement (solid) and oily fish (striped).",
        "mg",
        day_list,
        values,
        minimum=500,
        step=250,
    )
    chart.has_stripes = True
    chart.legend = [
        {"kind": "bar-0", "text": "Supplement (solid)"},
        {"kind": "bar-1", "text": f"Oily fish, about {intcomma(FISH_SERVING_MG)} mg a serving (striped)"},
    ]
    progress = None
    if goal is not None:
        charts.add_goal_line(chart, goal.target_min, f"Goal: about {intcomma(int(goal.target_min))} mg")
        if s["omega_n"]:
            # The goal is a daily average over time (EFSA), so the bar spreads what was recorded
            # over every day of the period, as the weekly goal count below does: one serving of
            # fish in a week is not a week at the goal (issue #16: the two said opposite things).
            per_day = round((s["omega_total"] or 0) / len(day_list)) if day_list else 0
            progress = {
                "text": f"About {intcomma(per_day)} mg a day averaged over all "
                f"{plural(len(day_list), 'day')}, "
                f"against a goal of about {intcomma(int(goal.target_min))} mg a day (days with nothing "
                "recorded count as none).",
                "value": min(per_day, int(goal.target_min)),
                "max": int(goal.target_min),
            }
    rows = []
    for day in reversed(day_list):
        entry = by_day.get(day)
        recorded = entry is not None and (entry.supplement_mg is not None or entry.fish_servings is not None)
        if not recorded:
            rows.append([_day_label(day), NOT_RECORDED, NOT_RECORDED, NOT_RECORDED])
            continue
        fish = entry.fish_servings
        supplement = entry.supplement_mg
        estimate = (supplement or 0) + (fish or 0) * FISH_SERVING_MG
        rows.append(
            [
                _day_label(day),
                str(fish) if fish is not None else NOT_RECORDED,
                intcomma(supplement) if supplement is not None else NOT_RECORDED,
                intcomma(estimate),
            ]
        )
    return {
        "key": Factor.OMEGA3,
        "name": "Omega-3 fats",
        "goal": goal,
        "summary": summary,
        "estimate_note": (
            f"Oily fish is counted as about {intcomma(FISH_SERVING_MG)} mg of EPA and DHA a serving. "
            "This is a rough estimate: the real amount depends on the fish and the portion."
        ),
        "progress": progress,
        "chart": chart,
        "table": {
            "caption": f"Omega-3 each day, {period}, newest first",
            "headers": ["Date", "Oily fish (servings)", "Supplement EPA+DHA (mg)", "Estimated total (mg)"],
            "rows": rows,
        },
        "streak": _streak_text(
            runs["omega3"],
            f"Weeks reaching your omega-3 goal (about {intcomma(int(goal.target_min) * 7)} mg in the week)",
        )
        if goal
        else "",
    }
