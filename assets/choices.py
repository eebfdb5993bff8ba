from django.db import models
from django.utils.translation import gettext_lazy as _

from logistics.models.documents import DocumentStatus


class Tracking(models.TextChoices):
    SERIAL = "serial", _("One by one (serial numbers)")
    QUANTITY = "quantity", _("By quantity")


class Origin(models.TextChoices):
    PURCHASE = "purchase", _("Purchase")
    TRANSFER_IN = "transfer_in", _("Transferred in")
    DONATION = "donation", _("Donation")
    SURPLUS = "surplus", _("Surplus found at stocktake")
    CONSTRUCTION = "construction", _("Built (construction handover)")


class Condition(models.TextChoices):
    NEW = "new", _("New")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")
    BROKEN = "broken", _("Broken")


class ItemStatus(models.TextChoices):
    IN_STORE = "in_store", _("In store")
    ISSUED = "issued", _("Issued")
    UNDER_REPAIR = "under_repair", _("Under repair")
    LOST = "lost", _("Lost")
    DISPOSED = "disposed", _("Disposed")


class VoucherKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt into store")
    ISSUE = "issue", _("Issue")
    TRANSFER = "transfer", _("Transfer")
    RETURN = "return", _("Return")
    DISPOSAL = "disposal", _("Disposal")
    STOCKTAKE = "stocktake", _("Stocktake adjustment")
    REVALUATION = "revaluation", _("Cost adjustment")
    #: Written by a unit's dissolution (logistics.services.unit_dissolve), never typed by a user.
    MERGER = "merger", _("Handover on merger or dissolution")


#: A voucher is a postable document (logistics.models.documents).
VoucherStatus = DocumentStatus


class StocktakeStatus(models.TextChoices):
    OPEN = "open", _("Counting")
    POSTED = "posted", _("Posted")


#: Which units a voucher of each kind moves goods from and to (None: outside the force).
VOUCHER_SIDES = {
    VoucherKind.RECEIPT: (False, True),
    VoucherKind.ISSUE: (True, True),
    VoucherKind.TRANSFER: (True, True),
    VoucherKind.RETURN: (True, True),
    VoucherKind.DISPOSAL: (True, False),
    VoucherKind.STOCKTAKE: (False, True),
    VoucherKind.REVALUATION: (False, True),
    VoucherKind.MERGER: (True, True),
}

#: Kinds only a service writes (a stocktake, a cost adjustment, a dissolution): the voucher form and
#: the API do not offer them.
SYSTEM_KINDS = (VoucherKind.STOCKTAKE, VoucherKind.REVALUATION, VoucherKind.MERGER)


class RepresentativeSide(models.TextChoices):
    HANDING = "handing", _("Handing over")
    RECEIVING = "receiving", _("Receiving")
