"""The trend chart as inline SVG, drawn on the server. Series differ by dash pattern, marker
shape and a text label, so the chart reads without colour; the page also has a data table.

The chart scales with the page: drawn 360 units wide with 16-unit text, its labels stay at
12 px or more on a 320 px phone in large-text mode (278 px of content: 16 × 278 / 360 = 12.4)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import DIMENSIONS

WIDTH, PLOT_HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 36, 14, 36
FONT_SIZE = 16
LEGEND_ROW = 24  # the legend under the chart: one row per series, whatever the label's length
HEIGHT = PLOT_HEIGHT + LEGEND_ROW * 3 + 8
STYLES = [  # (dash pattern, marker)
    ("", "circle"),
    ("8 4", "square"),
    ("2 3", "triangle"),
]


def _x(i, n):
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * i / (n - 1) if n > 1 else span / 2)


def _y(value):
    return TOP + (PLOT_HEIGHT - TOP - BOTTOM) * (5 - value) / 4


def _marker(kind, x, y):
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>'
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"/>'
    return (
        f'<polygon points="{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}"/>'
    )


def trend_svg(summaries, chart_id, title):
    """summaries: stats.Summary objects, oldest first."""
    n = len(summaries)
    description = _("各季度平均分（1至5分），数据见下表。")
    parts = [
        f'<svg class="trend-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<g class="axes" stroke="currentColor" stroke-width="1" fill="currentColor" font-size="{FONT_SIZE}">',
    ]
    for star in range(1, 6):
        y = _y(star)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke-opacity="0.2"/>'
            f'<text x="{LEFT - 8}" y="{y + 5:.1f}" text-anchor="end" stroke="none">{star}</text>'
        )
    for i, summary in enumerate(summaries):
        x = _x(i, n)
        label = summary.period if summary.enough else f"{summary.period}*"
        parts.append(
            f'<text x="{x:.1f}" y="{PLOT_HEIGHT - BOTTOM + 24}" text-anchor="middle" '
            f'stroke="none">{escape(label)}</text>'
        )
    parts.append("</g>")
    for row, ((name, label), (dash, marker)) in enumerate(zip(DIMENSIONS, STYLES, strict=True)):
        points = [
            (_x(i, n), _y(s.averages[name])) for i, s in enumerate(summaries) if name in s.averages
        ]
        parts.append(f'<g class="series series-{name}" stroke="currentColor" fill="currentColor">')
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if points:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke-width="2"{dash_attr}/>')
            parts.extend(_marker(marker, x, y) for x, y in points)
        # The legend: a sample of the line with its marker, and the series' name.
        y = PLOT_HEIGHT + LEGEND_ROW * row + 12
        parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + 40}" y2="{y}" stroke-width="2"{dash_attr}/>'
            + _marker(marker, LEFT + 20, y)
            + f'<text x="{LEFT + 52}" y="{y + 5}" stroke="none" font-size="{FONT_SIZE}">'
            f"{escape(str(label))}</text>"
        )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))
