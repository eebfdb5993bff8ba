"""The annual logistics report (báo cáo tổng kết công tác hậu cần) for any period and unit subtree,
produced by the system from the records: each area contributes its sections
(registered from each area's ``AppConfig.ready()``), and a summary opens the report with the key figures in words."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from logistics.formatting import vnd_in_words, vnd_words
from logistics.registry import registry
from logistics.reports import Column, Report, Section


def key_figure(label: str, *, count: int | None = None, value: int | None = None, link: str | None = None) -> dict:
    """A row of the key figures: a number of things and/or an amount of money, never one added to
    the other; an amount also as officers say it (72,5 tỷ đồng) and written out in words, as on a
    signed document. ``link`` opens the records behind the figure."""
    # Written out in words is a Vietnamese document's line; in English the "about" column says it.
    words = vnd_in_words(value) if get_language() == "vi" else ""
    row = {"label": label, "count": count, "value": value, "about": vnd_words(value), "words": words}
    if link:
        row["_links"] = {"value" if value is not None else "count": link}
    return row


def annual_report(*, user, unit, period) -> Report:
    sections: list[Section] = []
    highlights: list[dict] = []
    for area_sections_of in registry.annual_sections():
        contributed = area_sections_of(user, unit, period)
        if contributed is None:
            continue
        area_sections, area_highlights = contributed
        sections.extend(area_sections)
        highlights.extend(area_highlights)
    summary = Section(
        _("Key figures"),
        [
            Column("label", _("Indicator")),
            Column("count", _("Quantity"), "int"),
            Column("value", _("Value"), "money"),
            Column("about", _("About")),
            Column("words", _("In words")),
        ],
        highlights,
    )
    scope = str(unit) if unit else _("All units")
    return Report(
        slug="logistics.annual",
        title=_("Annual logistics report"),
        subtitle=_("%(period)s · %(unit)s") % {"period": period.label, "unit": scope},
        issuer=scope,
        parameters={
            "date_from": period.date_from.isoformat(),
            "date_to": period.date_to.isoformat(),
            "unit": unit.pk if unit else None,
        },
        sections=[summary, *sections],
    )
