"""The annual logistics report (báo cáo tổng kết công tác hậu cần) for any period and unit subtree,
produced by the system from the records: each area contributes its sections
(registered from each area's ``AppConfig.ready()``), and a summary opens the report with the key figures in words."""

from __future__ import annotations

from django.utils.translation import gettext as _

from logistics.registry import registry
from logistics.reports import Column, Report, Section


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
        [Column("label", _("Item")), Column("value", _("Figure")), Column("words", _("In words"))],
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
