from django.db import models
from django.utils.translation import gettext_lazy as _


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


class SpendingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    POSTED = "posted", _("Posted")
