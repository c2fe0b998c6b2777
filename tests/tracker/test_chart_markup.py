"""The charts' per-day SVG elements and the data tables' rows, built in Python (tracker.charts,
tracker.trends) instead of template loops: the same markup, escaped, in the same order."""

import datetime

from django.template.loader import render_to_string

from tracker import charts
from tracker.trends import table_rows_html

WEDNESDAY = datetime.date(2026, 11, 18)
DAYS = [WEDNESDAY - datetime.timedelta(days=n) for n in range(3, -1, -1)]


def test_stacked_bars_have_their_part_class_and_the_stripes_on_the_second_part():
    values = [(500, 250), None, (0, 250), 400]
    chart = charts.bar_chart("omega3", "T", "D", "mg", DAYS, values, minimum=500, step=250)
    html = render_to_string("tracker/_chart.html", {"chart": chart})
    assert len(chart.bars) == 4
    first = chart.bars[0]
    assert (
        f'<rect class="chart__bar chart__bar--0" x="{first["x"]}" y="{first["y"]}" '
        f'width="{first["width"]}" height="{first["height"]}"/>'
    ) in html
    assert html.count('fill="url(#stripes-omega3)"/>') == 2
    assert html.count('<rect class="chart__bar ') == 4


def test_points_and_date_labels():
    chart = charts.line_chart("stress", "T", "D", "Stress", DAYS, [1, None, 4, 5], y_max=10, step=2)
    html = render_to_string("tracker/_chart.html", {"chart": chart})
    for point in chart.points:
        assert f'<circle class="chart__point" cx="{point["x"]}" cy="{point["y"]}" r="{point["r"]}"/>' in html
    for label in chart.x_labels:
        assert (
            f'<text class="chart__tick" x="{label["x"]}" y="{chart.bottom + 24}" '
            f'text-anchor="{label["anchor"]}">{label["text"]}</text>'
        ) in html
    assert "<script" not in html and " style=" not in html


def test_table_rows_have_the_date_as_row_header_and_escape_every_cell():
    html = table_rows_html([["Wed 18 Nov", "7.5", "<b>4</b>"], ["Tue 17 Nov", "not recorded", ""]])
    assert html == (
        '<tr><th scope="row">Wed 18 Nov</th><td>7.5</td><td>&lt;b&gt;4&lt;/b&gt;</td></tr>\n'
        '              <tr><th scope="row">Tue 17 Nov</th><td>not recorded</td><td></td></tr>'
    )
