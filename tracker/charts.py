"""Server-drawn SVG charts: this module works out the geometry, the template
tracker/_chart.html draws it with presentation attributes and CSS classes (no inline
styles, no script), so the charts work under the strict Content Security Policy.

The chart is for people who look at it; its text summary and data table (in the page)
carry the same information for everyone else.
"""

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT = 640, 250
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 30, 40
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
SVG_SEPARATOR = "\n    "


@dataclass
class Chart:
    key: str
    title: str
    description: str
    y_label: str
    y_max: float
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    right: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM
    y_ticks: list = field(default_factory=list)
    x_labels: list = field(default_factory=list)
    bars: list = field(default_factory=list)
    line_paths: list = field(default_factory=list)
    points: list = field(default_factory=list)
    goal_band: dict | None = None
    goal_line: dict | None = None
    legend: list = field(default_factory=list)
    has_data: bool = False
    has_stripes: bool = False

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    # The per-day elements (up to 90 of each) are built here rather than by {% for %} loops in
    # tracker/_chart.html: the same markup, at a fraction of the template engine's cost.
    @property
    def bars_svg(self):
        stripes = format_html(' fill="url(#stripes-{})"', self.key)
        return format_html_join(
            SVG_SEPARATOR,
            '<rect class="chart__bar chart__bar--{}" x="{}" y="{}" width="{}" height="{}"{}/>',
            (
                (b["part"], b["x"], b["y"], b["width"], b["height"], stripes if b["part"] == 1 else "")
                for b in self.bars
            ),
        )

    @property
    def points_svg(self):
        return format_html_join(
            SVG_SEPARATOR,
            '<circle class="chart__point" cx="{}" cy="{}" r="{}"/>',
            ((point["x"], point["y"], point["r"]) for point in self.points),
        )

    @property
    def x_labels_svg(self):
        return format_html_join(
            SVG_SEPARATOR,
            '<text class="chart__tick" x="{}" y="{}" text-anchor="{}">{}</text>',
            ((label["x"], self.bottom + 24, label["anchor"], label["text"]) for label in self.x_labels),
        )

    def y(self, value) -> float:
        value = min(float(value), self.y_max)
        return round(TOP + PLOT_H * (1 - value / self.y_max), 1)


def _band(days: list[date]) -> float:
    return PLOT_W / max(len(days), 1)


def _x_labels(days: list[date]) -> list[dict]:
    """Date labels under the chart: every day for a week, else every 7th or 14th day,
    counted back from the last day so the newest day is always labelled."""
    band = _band(days)
    step = 1 if len(days) <= 7 else (7 if len(days) <= 31 else 14)
    fmt = "D j" if len(days) <= 7 else "j M"
    labels = []
    for index in range(len(days) - 1, -1, -step):
        x, anchor = round(LEFT + band * (index + 0.5), 1), "middle"
        if index == len(days) - 1 and len(days) > 7:
            x, anchor = round(LEFT + band * (index + 1), 1), "end"  # the newest day's label stays inside
        labels.append({"x": x, "text": date_format(days[index], fmt), "anchor": anchor})
    return list(reversed(labels))


def _y_ticks(chart: Chart, step: float, unit_format="{:g}") -> list[dict]:
    ticks, value = [], 0.0
    while value <= chart.y_max + 1e-9:
        ticks.append({"y": chart.y(value), "text": unit_format.format(value)})
        value += step
    return ticks


def _nice_max(value, minimum, step) -> float:
    return float(max(minimum, math.ceil(float(value or 0) / step) * step))


def bar_chart(key, title, description, y_label, days, values, *, minimum, step):
    """One bar a day; `values` is a list (None for no answer) aligned with `days`.
    Each value may be a number or a tuple of stacked parts (solid first). The scale starts
    at 0, reaches at least `minimum`, and has at most about 5 gridlines, a multiple of `step` apart."""
    totals = [sum(v) if isinstance(v, tuple) else v for v in values]
    top = _nice_max(max([t for t in totals if t is not None] or [0]), minimum, step)
    tick = step * math.ceil(top / step / 5)
    chart = Chart(key, title, description, y_label, float(math.ceil(top / tick) * tick))
    chart.y_ticks = _y_ticks(chart, tick)
    chart.x_labels = _x_labels(days)
    band = _band(days)
    width = round(max(band * 0.7, 1.5), 1)
    for index, value in enumerate(values):
        if value is None:
            continue
        chart.has_data = True
        x = round(LEFT + band * index + (band - width) / 2, 1)
        parts = value if isinstance(value, tuple) else (value,)
        base = 0.0
        for part_index, part in enumerate(parts):
            if not part:
                continue
            y_top, y_bottom = chart.y(base + float(part)), chart.y(base)
            chart.bars.append(
                {"x": x, "y": y_top, "width": width, "height": round(y_bottom - y_top, 1), "part": part_index}
            )
            base += float(part)
    return chart


def line_chart(key, title, description, y_label, days, values, *, y_max, step):
    """Points joined by a line; the line breaks on days without an answer."""
    chart = Chart(key, title, description, y_label, float(y_max))
    chart.y_ticks = _y_ticks(chart, step)
    chart.x_labels = _x_labels(days)
    band = _band(days)
    radius = 4 if len(days) <= 31 else 3
    segment = []
    for index, value in enumerate(values):
        if value is None:
            if len(segment) > 1:
                chart.line_paths.append(" ".join(segment))
            segment = []
            continue
        chart.has_data = True
        x, y = round(LEFT + band * (index + 0.5), 1), chart.y(value)
        chart.points.append({"x": x, "y": y, "r": radius})
        segment.append(f"{'M' if not segment else 'L'}{x} {y}")
    if len(segment) > 1:
        chart.line_paths.append(" ".join(segment))
    return chart


def add_goal_band(chart: Chart, low, high, label):
    """A shaded band between two goal values, edged with dashed lines. Its words go in the
    legend under the chart (the chart never relies on colour alone)."""
    low = 0 if low is None else low
    high = chart.y_max if high is None else high
    y_top, y_bottom = chart.y(high), chart.y(low)
    chart.goal_band = {
        "y": y_top,
        "height": round(y_bottom - y_top, 1),
        "line_top": y_top,
        "line_bottom": y_bottom,
    }
    chart.legend.append({"kind": "goal-band", "text": f"{label} (the shaded band between the dashed lines)"})


def add_goal_line(chart: Chart, value, label):
    chart.goal_line = {"y": chart.y(value)}
    chart.legend.append({"kind": "goal-line", "text": f"{label} (the dashed line)"})
