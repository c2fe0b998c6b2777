"""Server-drawn SVG charts: this module works out the geometry, the template
tracker/_chart.html draws it with presentation attributes and CSS classes (no inline
styles, no script), so the charts work under the strict Content Security Policy.

The chart is for people who look at it; its text summary and data table (in the page)
carry the same information for everyone else.
"""

import html as _html
import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

WIDTH, HEIGHT = 640, 250
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 30, 40
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
SVG_SEPARATOR = "\n    "


def escape(value) -> str:
    """What the template engine's autoescaping does to a value: text is escaped, markup already
    marked safe is kept (the same as django.utils.html.conditional_escape, without its lazy
    wrappers, which cost more than the escaping itself)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _html.escape(str(value))


@lru_cache(maxsize=1024)
def _cached_day_label(day: date, fmt: str, language) -> str:
    return date_format(day, fmt)


def day_label(day: date, fmt: str) -> str:
    """date_format(day, fmt), remembered: every patient's charts and tables label the same
    recent dates, and formatting one (names of days and months translated) is not cheap."""
    return _cached_day_label(day, fmt, get_language())


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

    # The whole figure is built here, with plain string formatting, rather than by the template
    # engine: up to 90 bars, points and labels per chart, four charts a page, cost thousands of
    # variable lookups and format_html calls. Numbers need no escaping; every text is escaped.
    @property
    def bars_svg(self) -> SafeString:
        stripes = f' fill="url(#stripes-{escape(self.key)})"'
        return mark_safe(  # noqa: S308 - numbers, and the escaped key
            SVG_SEPARATOR.join(
                f'<rect class="chart__bar chart__bar--{b["part"]}" x="{b["x"]}" y="{b["y"]}" '
                f'width="{b["width"]}" height="{b["height"]}"{stripes if b["part"] == 1 else ""}/>'
                for b in self.bars
            )
        )

    @property
    def points_svg(self) -> SafeString:
        return mark_safe(  # noqa: S308 - numbers only
            SVG_SEPARATOR.join(
                f'<circle class="chart__point" cx="{point["x"]}" cy="{point["y"]}" r="{point["r"]}"/>'
                for point in self.points
            )
        )

    @property
    def x_labels_svg(self) -> SafeString:
        y = self.bottom + 24
        return mark_safe(  # noqa: S308 - numbers, and escaped label texts
            SVG_SEPARATOR.join(
                f'<text class="chart__tick" x="{label["x"]}" y="{y}" text-anchor="{label["anchor"]}">'
                f"{escape(label['text'])}</text>"
                for label in self.x_labels
            )
        )

    @property
    def html(self) -> SafeString:
        """The chart as a <figure>: the SVG (named by its title and description), the legend in
        words, and a caption when nothing was recorded. tracker/_chart.html outputs this."""
        return figure_html(self)

    def y(self, value) -> float:
        value = min(float(value), self.y_max)
        return round(TOP + PLOT_H * (1 - value / self.y_max), 1)


def figure_html(chart: Chart) -> SafeString:
    """The markup tracker/_chart.html used to build with {% for %} loops, element for element."""
    left, right, key = chart.left, chart.right, escape(chart.key)
    dashed = 'stroke-dasharray="8 5"/>'
    parts = [
        '<figure class="chart">',
        f'<svg class="chart__svg chart__svg--{key}" viewBox="0 0 {chart.width} {chart.height}" role="img"',
        f'     aria-labelledby="chart-{key}-title chart-{key}-desc" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'  <title id="chart-{key}-title">{escape(chart.title)}</title>',
        f'  <desc id="chart-{key}-desc">{escape(chart.description)} The same figures are in the summary '
        "above and in the table below the chart.</desc>",
    ]
    if chart.has_stripes:
        parts += [
            "  <defs>",
            f'    <pattern id="stripes-{key}" patternUnits="userSpaceOnUse" width="8" height="8" '
            'patternTransform="rotate(45)">',
            '      <rect width="8" height="8" class="chart__stripe-bg"/>',
            '      <rect width="4" height="8" class="chart__stripe"/>',
            "    </pattern>",
            "  </defs>",
        ]
    band = chart.goal_band
    if band:
        parts += [
            f'  <rect class="chart__goal-band" x="{left}" y="{band["y"]}" width="{chart.plot_width}" '
            f'height="{band["height"]}"/>',
            f'  <line class="chart__goal" x1="{left}" x2="{right}" y1="{band["line_top"]}" '
            f'y2="{band["line_top"]}" {dashed}',
            f'  <line class="chart__goal" x1="{left}" x2="{right}" y1="{band["line_bottom"]}" '
            f'y2="{band["line_bottom"]}" {dashed}',
        ]
    for tick in chart.y_ticks:
        parts += [
            f'  <line class="chart__grid" x1="{left}" x2="{right}" y1="{tick["y"]}" y2="{tick["y"]}"/>',
            f'  <text class="chart__tick" x="{left - 8}" y="{tick["y"]}" dy="0.35em" text-anchor="end">'
            f"{escape(tick['text'])}</text>",
        ]
    if chart.bars:
        parts.append("    " + chart.bars_svg)
    parts += [f'  <path class="chart__line" d="{escape(path)}" fill="none"/>' for path in chart.line_paths]
    if chart.points:
        parts.append("    " + chart.points_svg)
    if chart.goal_line:
        y = chart.goal_line["y"]
        parts.append(f'  <line class="chart__goal" x1="{left}" x2="{right}" y1="{y}" y2="{y}" {dashed}')
    parts.append(
        f'  <line class="chart__axis" x1="{left}" x2="{right}" y1="{chart.bottom}" y2="{chart.bottom}"/>'
    )
    if chart.x_labels:
        parts.append("    " + chart.x_labels_svg)
    parts += [
        '  <text class="chart__tick chart__y-label" x="4" y="18" text-anchor="start">'
        f"{escape(chart.y_label)}</text>",
        "</svg>",
    ]
    if chart.legend:
        items = "".join(
            f'<li><span class="chart__swatch chart__swatch--{escape(item["kind"])}" '
            f'aria-hidden="true"></span>{escape(item["text"])}</li>'
            for item in chart.legend
        )
        parts += ['  <ul class="chart__legend">', f"    {items}", "  </ul>"]
    if not chart.has_data:
        parts.append('<figcaption class="chart__empty">Nothing recorded in this period yet.</figcaption>')
    parts.append("</figure>")
    return mark_safe("\n".join(parts))  # noqa: S308 - numbers, and every text escaped above


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
        labels.append({"x": x, "text": day_label(days[index], fmt), "anchor": anchor})
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
