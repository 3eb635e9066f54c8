"""Geometry for the server-rendered SVG salary range charts.

Coordinates leave here as strings: the templates localise numbers (3.000), which an SVG
attribute must never get.

The template only places what is computed here. Horizontal positions are percentages of
the chart's width, so the SVG stretches to any screen while its text keeps its size;
colours come from CSS classes (one per salary level), so no inline ``style`` is needed
(strict CSP).
"""

from dataclasses import dataclass, field

from common.text import format_eur

LABEL_HEIGHT = 18  # a text line above each bar
BAR_HEIGHT = 14
ROW_GAP = 10
GROUP_HEADING = 26
AXIS_HEIGHT = 30
LEFT, RIGHT = 1.0, 97.0  # the plotting area in percent of the width


@dataclass(frozen=True, slots=True)
class Segment:
    low: int
    high: int
    level: str = ""


@dataclass(slots=True)
class Row:
    label: str
    segments: list


@dataclass(slots=True)
class PlacedBar:
    x: str
    width: str
    y: str
    level: str


@dataclass(slots=True)
class PlacedRow:
    label: str
    label_y: str
    bars: list


@dataclass(slots=True)
class RangeChart:
    title: str
    description: str
    height: str = "0"
    headings: list = field(default_factory=list)  # (y, text)
    rows: list = field(default_factory=list)  # PlacedRow
    ticks: list = field(default_factory=list)  # (x, label, text-anchor)
    axis_y: str = "0"
    tick_y: str = "0"


def _scale(groups):
    amounts = [
        amount
        for _, rows in groups
        for row in rows
        for segment in row.segments
        for amount in (segment.low, segment.high)
    ]
    if not amounts:
        return 0, 1000, 500
    step = 500 if max(amounts) - min(amounts) <= 3000 else 1000
    low = (min(amounts) // step) * step
    high = -(-max(amounts) // step) * step
    if high == low:
        high = low + step
    # Keep the number of gridlines readable on a phone.
    while (high - low) / step > 8:
        step *= 2
        low = (low // step) * step
        high = -(-high // step) * step
    return low, high, step


def _percent(value):
    return f"{value:.2f}%"


def range_chart(title, description, groups):
    """Lay out ``groups``: a list of (heading or None, [Row, …])."""
    low, high, step = _scale(groups)
    span = high - low

    def position(amount):
        return LEFT + (amount - low) / span * (RIGHT - LEFT)

    chart = RangeChart(title=title, description=description)
    y = 4
    for heading, rows in groups:
        if heading:
            y += GROUP_HEADING
            chart.headings.append((str(y - 8), heading))
        for row in rows:
            label_y = y + LABEL_HEIGHT - 5
            bar_y = y + LABEL_HEIGHT
            bars = [
                PlacedBar(
                    x=_percent(position(segment.low)),
                    width=_percent(max(position(segment.high) - position(segment.low), 0.8)),
                    y=str(bar_y),
                    level=segment.level,
                )
                for segment in row.segments
            ]
            chart.rows.append(PlacedRow(label=row.label, label_y=str(label_y), bars=bars))
            y = bar_y + BAR_HEIGHT + ROW_GAP
    chart.axis_y = str(y)
    chart.tick_y = str(y + 18)
    amounts = list(range(low, high + 1, step))
    chart.ticks = [
        (
            _percent(position(amount)),
            format_eur(amount),
            "start" if index == 0 else "end" if index == len(amounts) - 1 else "middle",
        )
        for index, amount in enumerate(amounts)
    ]
    chart.height = str(y + AXIS_HEIGHT)
    return chart
