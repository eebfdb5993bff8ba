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


#: A spending entry is a postable document (logistics.models.documents).
SpendingStatus = DocumentStatus
