"""Oversight services: Discipline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from logistics.scope import require
from logistics.services import editable_changes, service
from oversight.choices import (
    LEVELS_BY_TARGET,
)
from oversight.models import (
    DisciplineDecision,
)
from oversight.services.common import _check_target, _date, _not_in_future, _save


def _clean_discipline(decision: DisciplineDecision) -> None:
    _check_target(decision)
    allowed = LEVELS_BY_TARGET.get(decision.target_kind, ())
    if decision.level not in allowed:
        labels = dict(DisciplineDecision._meta.get_field("level").choices)
        raise ValidationError(
            {
                "level": _("“%(level)s” is not a discipline level for a %(target)s. Choose one of: %(levels)s.")
                % {
                    "level": labels.get(decision.level, decision.level),
                    "target": decision.get_target_kind_display().lower(),
                    "levels": ", ".join(str(labels[level]).lower() for level in allowed),
                }
            }
        )
    if decision.inspection_id is not None and not decision.inspection.is_concluded:
        raise ValidationError({"inspection": _("Only a concluded inspection can lead to a discipline decision.")})
    _not_in_future(decision.decided_on, "decided_on")
    if decision.inspection_id is not None and decision.decided_on < decision.inspection.concluded_on:
        raise ValidationError(
            {
                "decided_on": _("The decision cannot come before the inspection's conclusion (%(date)s).")
                % {"date": _date(decision.inspection.concluded_on)}
            }
        )


@service
def discipline_decision_create(*, actor, **fields) -> DisciplineDecision:
    decision = DisciplineDecision(**fields)
    _clean_discipline(decision)
    require(actor, "add", decision)
    return _save(decision, actor=actor, action="add")


DISCIPLINE_EDITABLE = (
    "decision_number",
    "decided_on",
    "issuing_body",
    "issuing_unit",
    "target_kind",
    "target_unit",
    "target_person",
    "level",
    "inspection",
    "reason",
)


@service
def discipline_decision_update(*, actor, discipline_decision: DisciplineDecision, **fields) -> DisciplineDecision:
    decision = DisciplineDecision.objects.select_for_update().get(pk=discipline_decision.pk)
    require(actor, "change", decision)
    for name, value in editable_changes(fields, DISCIPLINE_EDITABLE):
        setattr(decision, name, value)
    _clean_discipline(decision)
    return _save(decision, actor=actor, action="change")
