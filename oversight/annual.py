from django.utils.translation import gettext as _

from logistics.annual import key_figure
from logistics.dashboard import list_url
from logistics.scope import restrict
from logistics.selectors import rollup_unit_ids
from oversight.choices import InspectionStatus
from oversight.models import Inspection
from oversight.selectors import ReportParameters, programme_execution, recommendations_status


def sections(user, unit, period):
    """Oversight activity (programmes planned and done) and the follow-up of recommendations."""
    if not user.has_perm("oversight.view_inspection"):
        return None
    params = ReportParameters(year_from=period.date_from.year, year_to=period.date_to.year, unit=unit)
    result = [*programme_execution(user, params).sections[:1], *recommendations_status(user, params).sections[:1]]
    for section in result:
        section.title = f"{_('Party oversight')} — {section.title}"
    concluded = restrict(Inspection.objects.all(), user).filter(
        status=InspectionStatus.CONCLUDED, planned_start__gte=period.date_from, planned_start__lte=period.date_to
    )
    if unit is not None:
        concluded = concluded.filter(target_unit_id__in=rollup_unit_ids(unit))
    highlight = key_figure(
        _("Inspections and supervisions concluded"),
        count=concluded.count(),
        link=list_url(
            "oversight:inspection_list",
            status=InspectionStatus.CONCLUDED,
            target_unit=unit.pk if unit else None,
            planned_from=period.params()["date_from"],
            planned_to=period.params()["date_to"],
        ),
    )
    return result, [highlight]
