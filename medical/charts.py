"""The caseload chart of the clinic's figures page, drawn as SVG shapes by the page itself."""

from __future__ import annotations

from django.utils import timezone

from medical import selectors
from medical.choices import Service

CHART_COLORS = {
    Service.EXAMINATION: "#0b3a75",
    Service.TREATMENT: "#c8102e",
    Service.LAB_TEST: "#2a9d8f",
    Service.ECG: "#e9c46a",
    Service.ULTRASOUND: "#8e5ea2",
    Service.REFERRAL: "#f4a261",
    Service.PHYSIOTHERAPY: "#3e95cd",
    Service.ENT_ENDOSCOPY: "#6c757d",
    Service.HEALTH_CHECK: "#52b788",
}


def _nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at least ``value`` (the top of the chart's scale)."""
    if value <= 0:
        return 1
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def caseload_chart(figures: selectors.CaseloadFigures) -> dict:
    """A stacked bar per month, drawn here as SVG shapes: the page asks nothing of the network."""
    width, height = 960, 240
    left, right, top, bottom = 48, 8, 10, 28
    plot_width, plot_height = width - left - right, height - top - bottom
    months = figures.months or [timezone.localdate().replace(day=1)]
    totals = [sum(figures.by_month.get(month, {}).values()) for month in months]
    ceiling = max(_nice_ceiling(max(totals, default=0)), 4)  # whole numbers on every grid line
    slot = plot_width / len(months)
    bar = max(slot * 0.72, 1)
    labels = {str(value): str(selectors.SHORT_LABELS[value]) for value in Service.values}
    bars, ticks, x_labels = [], [], []
    every = 1 if len(months) <= 24 else 12
    for index, month in enumerate(months):
        x = left + index * slot + (slot - bar) / 2
        y = top + plot_height
        counts = figures.by_month.get(month, {})
        for value in Service.values:
            count = counts.get(value, 0)
            if not count:
                continue
            h = count / ceiling * plot_height
            y -= h
            bars.append(
                {
                    "x": f"{x:.1f}",
                    "y": f"{y:.1f}",
                    "width": f"{bar:.1f}",
                    "height": f"{h:.1f}",
                    "color": CHART_COLORS[value],
                    "title": f"{month:%m/%Y} · {labels[value]}: {count}",
                }
            )
        if index % every == 0:
            text = f"{month:%m/%y}" if every == 1 else f"{month:%Y}"
            x_labels.append({"x": f"{left + index * slot + slot / 2:.1f}", "text": text})
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_height - fraction * plot_height
        ticks.append({"y": f"{y:.1f}", "label": f"{round(ceiling * fraction):,}".replace(",", ".")})
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "baseline": top + plot_height,
        "label_y": height - 8,
        "bars": bars,
        "ticks": ticks,
        "x_labels": x_labels,
        "legend": [{"color": CHART_COLORS[value], "label": label} for value, label in Service.choices],
        "total": figures.total,
    }
