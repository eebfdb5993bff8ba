from django.db import models
from django.utils.translation import gettext_lazy as _

from logistics.models.documents import DocumentStatus


class SourceKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry allocation")
    LOCAL = "local", _("Local support")
    EXTRA_PLAN = "extra_plan", _("Extra-plan revenue")
    OTHER = "other", _("Other")


class AllocationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class SpendingKind(models.TextChoices):
    ADVANCE = "advance", _("Advance")
    PAYMENT = "payment", _("Payment")
    REVERSAL = "reversal", _("Reversal")
    #: Thanh toán tạm ứng: settles (part of) a posted advance as a final expense. The advance has
    #: already been counted as spent, so a clearing moves nothing on the allocation.
    CLEARING = "clearing", _("Advance clearing")
    #: Hoàn ứng: the unspent part of an advance paid back; the allocation gets it back.
    REFUND = "refund", _("Advance refund")


#: The kinds that settle an advance and name it (``Spending.clears``).
CLEARING_KINDS = (SpendingKind.CLEARING, SpendingKind.REFUND)
#: The kinds the API takes for a new entry, and for settling an advance (each its own enum in the schema).
ENTRY_KIND_CHOICES = [
    (kind.value, kind.label) for kind in (SpendingKind.PAYMENT, SpendingKind.ADVANCE, SpendingKind.REVERSAL)
]
CLEARING_KIND_CHOICES = [(kind.value, kind.label) for kind in CLEARING_KINDS]


class DispositionKind(models.TextChoices):
    CARRY_OVER = "carry_over", _("Carried over")
    CANCEL = "cancel", _("Cancelled")


#: A spending entry is a postable document (logistics.models.documents).
SpendingStatus = DocumentStatus
