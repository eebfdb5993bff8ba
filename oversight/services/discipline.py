"""Oversight services: Discipline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from logistics.scope import require
from logistics.services import service
from oversight.choices import (
    LEVELS_BY_TARGET,
    DisciplineCorrection,
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


def _clean_correction(decision: DisciplineDecision, actor) -> None:
    """A decision that amends or annuls a recorded one: of a decision the actor may see, not corrected
    already (the corrected one is locked while checking), about the same target, not dated before it.
    The target is the corrected decision's; an annulment carries the level it annuls."""
    if decision.corrects_id is None:
        if decision.correction:
            raise ValidationError({"corrects": _("Choose the decision this one amends or annuls.")})
        return
    corrected = DisciplineDecision.objects.select_for_update().get(pk=decision.corrects_id)
    require(actor, "view", corrected)
    if not decision.correction:
        raise ValidationError({"correction": _("Say whether this decision amends or annuls the other.")})
    if corrected.correction == DisciplineCorrection.ANNUL:
        raise ValidationError({"corrects": _("That decision annuls another: it cannot itself be corrected.")})
    if DisciplineDecision.objects.filter(corrects=corrected).exists():
        raise ValidationError(
            {"corrects": _("That decision has already been corrected; correct the decision that corrected it.")}
        )
    for name in ("target_kind", "target_unit_id", "target_person_id"):
        setattr(decision, name, getattr(corrected, name))
    if decision.correction == DisciplineCorrection.ANNUL:
        decision.level = corrected.level
    if decision.decided_on is not None and decision.decided_on < corrected.decided_on:
        raise ValidationError(
            {
                "decided_on": _("A correction cannot come before the decision it corrects (%(date)s).")
                % {"date": _date(corrected.decided_on)}
            }
        )


@service
def discipline_decision_create(*, actor, **fields) -> DisciplineDecision:
    """Record a discipline decision; it is final once recorded. A correction is another decision
    that names the one it amends or annuls (``corrects``, ``correction``)."""
    decision = DisciplineDecision(**fields)
    _clean_correction(decision, actor)
    _clean_discipline(decision)
    require(actor, "add", decision)
    return _save(decision, actor=actor, action="add")


#: What a user enters for a decision (there is no editing: recorded is final).
DISCIPLINE_FIELDS = (
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
    "corrects",
    "correction",
)
