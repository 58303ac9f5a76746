"""Charts for the printed report, drawn as inline SVG in Python.

WeasyPrint runs no JavaScript, so the report cannot use the dashboard's ECharts: each
chart here is a small SVG string (horizontal bars to compare units, a line or bar chart
of twelve months) that the HTML page and the PDF embed as it is. Every number is also
written on the chart and given as a table (``Chart.table``), which is what Word gets.
Labels use the Noto CJK fonts the PDF is set in; long unit names get the room they need
on the left of horizontal bars and never overlap.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .writing import Table

FONT = "Noto Sans CJK SC, Noto Sans, sans-serif"
WIDTH = 640
COLORS = ["#1565c0", "#c62828", "#ef8f00", "#2e7d32", "#6a1b9a"]
ROW = 22  # height of one horizontal bar's row
Value = int | float | Decimal


@dataclass
class Chart:
    """One chart of the report: categories (units or months) and one or more series of values."""

    key: str
    title: str
    kind: str  # "bars" (horizontal, one row per category) or "months" (twelve columns)
    categories: list[str]
    series: Sequence[tuple[str, Sequence[Value]]]
    unit: str = ""
    colors: list[str] = field(default_factory=list)
    label: str = ""  # the category column's heading in the table

    def table(self, caption: str) -> Table:
        """The chart's numbers as a table (Word, and readers who prefer numbers)."""
        return Table(
            caption,
            [self.label, *(name for name, _values in self.series)],
            [[c, *(number_text(values[i]) for _, values in self.series)] for i, c in enumerate(self.categories)],
            numeric=list(range(1, len(self.series) + 1)),
        )

    def months_table(self) -> Table:
        """A monthly chart's numbers in one row per series, months across (printed under the chart)."""
        total = _("合计")
        return Table(
            "",
            ["", *self.categories, total],
            [
                [name, *(number_text(v) for v in values), number_text(sum(Decimal(str(v or 0)) for v in values))]
                for name, values in self.series
            ],
            numeric=list(range(1, len(self.categories) + 2)),
            css="months",
        )

    def svg(self) -> SafeString:
        return horizontal_bars(self) if self.kind == "bars" else monthly(self)


def number_text(value: Value) -> str:
    """A value as the chart writes it: 12, 2.5, 1,036,000."""
    number = Decimal(str(value or 0))
    if number == number.to_integral():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def _text_width(text: str, size: float) -> float:
    """Roughly how wide ``text`` is at ``size`` px: CJK characters are square, Latin ones about half."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.56 for ch in text)


def _text(x: float, y: float, text: str, *, size: float = 11, anchor: str = "start", fill: str = "#222") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
        f'font-family="{FONT}">{escape(text)}</text>'
    )


def _legend(chart: Chart, y: float) -> list[str]:
    parts: list[str] = []
    x = 0.0
    if len(chart.series) < 2:
        return parts
    for i, (name, _values) in enumerate(chart.series):
        color = (chart.colors or COLORS)[i % len(chart.colors or COLORS)]
        parts.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{color}"/>')
        parts.append(_text(x + 14, y, name, size=10))
        x += 14 + _text_width(name, 10) + 16
    return parts


def _svg(height: float, title: str, parts: list[str]) -> SafeString:
    body = "".join(parts)
    return mark_safe(  # noqa: S308 - every text is escaped in _text
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" aria-label="{escape(title)}"><title>{escape(title)}</title>{body}</svg>'
    )


def horizontal_bars(chart: Chart) -> SafeString:
    """One row per category, its name on the left, bars (side by side per series) with their values."""
    series = chart.series
    label_width = min(200.0, max(_text_width(c, 11) for c in chart.categories) + 8) if chart.categories else 40
    top = 18.0 if len(series) > 1 else 4.0
    row = ROW if len(series) == 1 else 12 * len(series) + 8
    values = [float(v or 0) for _name, vs in series for v in vs]
    peak = max(values, default=0) or 1
    value_room = _text_width(number_text(max(values, default=0)), 10) + 8
    scale = (WIDTH - label_width - value_room - 4) / peak
    parts = _legend(chart, 10)
    bar = (row - 6) / len(series)
    for i, category in enumerate(chart.categories):
        y = top + i * row
        parts.append(_text(label_width - 6, y + row / 2 + 4, category, anchor="end"))
        for s, (_name, vs) in enumerate(series):
            value = float(vs[i] or 0)
            color = (chart.colors or COLORS)[s % len(chart.colors or COLORS)]
            by = y + 3 + s * bar
            parts.append(
                f'<rect x="{label_width:.1f}" y="{by:.1f}" width="{max(value * scale, 0.5):.1f}" '
                f'height="{bar - 1:.1f}" fill="{color}"/>'
            )
            parts.append(_text(label_width + value * scale + 3, by + bar - 3, number_text(vs[i]), size=9, fill="#444"))
    height = top + len(chart.categories) * row + 4
    parts.insert(
        0, f'<line x1="{label_width:.1f}" y1="{top:.1f}" x2="{label_width:.1f}" y2="{height - 2:.1f}" stroke="#999"/>'
    )
    return _svg(height, chart.title, parts)


def monthly(chart: Chart) -> SafeString:
    """Twelve months along the bottom; one series as columns, several as lines; values written on the chart."""
    height, top, bottom, left, right = 220.0, 24.0, 28.0, 8.0, 8.0
    plot_h = height - top - bottom
    col = (WIDTH - left - right) / len(chart.categories)
    values = [float(v or 0) for _name, vs in chart.series for v in vs]
    peak = max(values, default=0) or 1
    parts = _legend(chart, 12)
    base = top + plot_h
    parts.append(f'<line x1="{left}" y1="{base:.1f}" x2="{WIDTH - right}" y2="{base:.1f}" stroke="#999"/>')
    for i, month in enumerate(chart.categories):
        parts.append(_text(left + col * (i + 0.5), height - 10, month, size=10, anchor="middle"))
    colors = chart.colors or COLORS
    if len(chart.series) == 1:
        _name, vs = chart.series[0]
        for i, v in enumerate(vs):
            h = float(v or 0) / peak * (plot_h - 14)
            x = left + col * i + col * 0.2
            parts.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{col * 0.6:.1f}" height="{h:.1f}" fill="{colors[0]}"/>'
            )
            if v:
                parts.append(_text(x + col * 0.3, base - h - 3, number_text(v), size=9, anchor="middle", fill="#444"))
    else:
        for s, (_name, vs) in enumerate(chart.series):
            color = colors[s % len(colors)]
            points = [(left + col * (i + 0.5), base - float(v or 0) / peak * (plot_h - 14)) for i, v in enumerate(vs)]
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
            # No value labels on lines: they would meet where the lines do; the table under the chart has them.
            for x, y in points:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{color}"/>')
    return _svg(height, chart.title, parts)
