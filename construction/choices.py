from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkKind(models.TextChoices):
    NEW_BUILD = "new_build", _("New build")
    RENOVATION = "renovation", _("Renovation")
    REPAIR = "repair", _("Repair")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("construction status", "Proposed")
    APPROVED = "approved", pgettext_lazy("construction status", "Approved")
    UNDER_CONSTRUCTION = "under_construction", pgettext_lazy("construction status", "Under construction")
    ACCEPTED = "accepted", pgettext_lazy("construction status", "Accepted")
    HANDED_OVER = "handed_over", pgettext_lazy("construction status", "Handed over")
    SETTLED = "settled", pgettext_lazy("construction status", "Settled")


#: The statuses in the order a work passes through them.
STATUS_ORDER = [status.value for status in ProjectStatus]

#: Not yet accepted: such a work is overdue once its planned end has passed.
NOT_ACCEPTED = (ProjectStatus.PROPOSED, ProjectStatus.APPROVED, ProjectStatus.UNDER_CONSTRUCTION)

#: What can be overdue: a work approved (its investment decided), not merely proposed, and not yet
#: accepted.
CAN_BE_OVERDUE = (ProjectStatus.APPROVED, ProjectStatus.UNDER_CONSTRUCTION)

#: Completed: accepted (nghiệm thu) or later; the acceptance date is the actual end.
COMPLETED = (ProjectStatus.ACCEPTED, ProjectStatus.HANDED_OVER, ProjectStatus.SETTLED)

#: Payments to contractors are possible from the investment decision on.
PAYABLE = (
    ProjectStatus.APPROVED,
    ProjectStatus.UNDER_CONSTRUCTION,
    ProjectStatus.ACCEPTED,
    ProjectStatus.HANDED_OVER,
    ProjectStatus.SETTLED,
)


class Step(models.TextChoices):
    """What a milestone records: a status transition, or an adjustment decision."""

    APPROVE = "approve", _("Investment decision (approval)")
    START = "start", _("Start of construction")
    ACCEPT = "accept", _("Acceptance")
    HAND_OVER = "hand_over", _("Handover")
    SETTLE = "settle", _("Settlement")
    ADJUST = "adjust", _("Adjustment decision")
    REGISTER_ASSET = "register_asset", _("Entry into the asset register")


#: Each transition: (the status it needs, the status it leads to).
TRANSITIONS = {
    Step.APPROVE: (ProjectStatus.PROPOSED, ProjectStatus.APPROVED),
    Step.START: (ProjectStatus.APPROVED, ProjectStatus.UNDER_CONSTRUCTION),
    Step.ACCEPT: (ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.ACCEPTED),
    Step.HAND_OVER: (ProjectStatus.ACCEPTED, ProjectStatus.HANDED_OVER),
    Step.SETTLE: (ProjectStatus.HANDED_OVER, ProjectStatus.SETTLED),
}
