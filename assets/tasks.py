"""Equipment's background work (logistics/jobs.py): the yearly wear run."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assets import services
from logistics.jobs import job_kind
from logistics.models import Unit

WEAR = "wear"


@job_kind(WEAR, _("Yearly wear"))
def wear(job, progress):
    progress.start(1)
    unit_id = job.parameters.get("unit")
    unit = Unit.objects.get(pk=unit_id) if unit_id else None
    count = services.wear_compute(actor=job.started_by, year=job.parameters["year"], unit=unit)
    job.message = gettext("Wear computed for %(count)s fixed assets.") % {"count": count}
    progress.advance()
    return None
