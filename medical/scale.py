"""The clinic's part of ``generate_scale_data`` (``logistics.scale``): encounters and the medicine
dispensed at them, for the same patients at the same clinics."""

from logistics.scale import ScalePlan
from medical.models import Encounter, MedicineDispensed

#: Encounters of one province's worth of records (issue 14's 100× held 502.793).
ENCOUNTERS_PER_FACTOR = 5_028


def multiply(plan: ScalePlan) -> None:
    copies = range(1, plan.multiplier(Encounter, ENCOUNTERS_PER_FACTOR))
    plan.copy(Encounter, copies)
    plan.copy(MedicineDispensed, copies)
