"""The commander's dashboard: the state of logistics in a unit and everything under it.

Each area's ``dashboard.section()`` returns figure cards and charts built from a few aggregate
queries (so the page costs a bounded number of queries whatever the data size), and every figure
and chart segment carries the link to the filtered list whose total it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from logistics.formatting import day_text
from logistics.registry import registry
from logistics.reports import list_url  # noqa: F401 - the areas' dashboards import it from here


@dataclass
class Period:
    date_from: datetime.date
    date_to: datetime.date

    @property
    def years(self) -> tuple[int, int]:
        return self.date_from.year, self.date_to.year

    def last_year(self) -> Period:
        def back(day: datetime.date) -> datetime.date:
            try:
                return day.replace(year=day.year - 1)
            except ValueError:  # 29 February
                return day.replace(year=day.year - 1, day=28)

        return Period(back(self.date_from), back(self.date_to))

    def params(self) -> dict:
        return {"date_from": day_text(self.date_from), "date_to": day_text(self.date_to)}

    @property
    def label(self) -> str:
        return f"{day_text(self.date_from)} – {day_text(self.date_to)}"


@dataclass
class Card:
    label: str
    value: int | float | None
    kind: str = "int"  # int, money, percent
    link: str | None = None
    hint: str = ""
    tone: str = ""


@dataclass
class Bar:
    label: str
    value: int
    link: str | None = None
    compare: int | None = None  # the same figure for the period compared with
    compare_link: str | None = None


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    kind: str = "int"
    legend: tuple[str, str] | None = None  # (this period, compared period)

    @property
    def maximum(self) -> int:
        values = [bar.value for bar in self.bars] + [bar.compare or 0 for bar in self.bars]
        return max(values + [1])


@dataclass
class DashboardSection:
    key: str
    title: str
    icon: str
    cards: list[Card] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    table: list[dict] | None = None  # small lists (works in progress…): {"label", "link", "value", "note"}
    table_title: str = ""
    link: str | None = None

    def as_data(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "link": self.link,
            "cards": [card.__dict__ for card in self.cards],
            "charts": [
                {
                    "title": chart.title,
                    "kind": chart.kind,
                    "legend": chart.legend,
                    "bars": [bar.__dict__ for bar in chart.bars],
                }
                for chart in self.charts
            ],
            "table_title": self.table_title,
            "table": self.table,
        }


def build(user, unit, period: Period) -> list[DashboardSection]:
    sections = []
    for area_section in registry.dashboard_sections():
        section = area_section(user, unit, period)
        if section is not None:
            sections.append(section)
    return sections
