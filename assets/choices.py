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
    CONSUMPTION = "consumption", _("Consumption")
    REPAIR_OUT = "repair_out", _("Sent for repair")
    REPAIR_BACK = "repair_back", _("Back from repair")
    LOSS = "loss", _("Loss write-off")
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
    # Goods used up leave the books from the unit that used them.
    VoucherKind.CONSUMPTION: (True, False),
    # An item under repair stays the unit's asset (on its books and in its holding): the voucher
    # names the unit that sends it, or the unit that receives it back.
    VoucherKind.REPAIR_OUT: (True, False),
    VoucherKind.REPAIR_BACK: (False, True),
    VoucherKind.LOSS: (True, False),
}

#: Kinds that change an item's status, not its holder: no ledger movement, no holding change.
REPAIR_KINDS = (VoucherKind.REPAIR_OUT, VoucherKind.REPAIR_BACK)

#: Header fields that only some kinds take: the form shows them for those kinds only and the
#: service refuses them on the others.
VOUCHER_KIND_FIELDS = {
    "expected_return_date": (VoucherKind.REPAIR_OUT,),
}

#: Kinds whose posted vouchers print handover minutes (and take their number): goods handed from one
#: side to another. Goods used up or lost are handed to no one; a repair's handing to the repairer is
#: not printed here.
MINUTES_KINDS = tuple(
    kind
    for kind in VoucherKind
    if kind not in (VoucherKind.CONSUMPTION, VoucherKind.LOSS, VoucherKind.REPAIR_OUT, VoucherKind.REPAIR_BACK)
)

#: Kinds only a service writes (a stocktake, a cost adjustment, a dissolution): the voucher form and
#: the API do not offer them.
SYSTEM_KINDS = (VoucherKind.STOCKTAKE, VoucherKind.REVALUATION, VoucherKind.MERGER)


class RepresentativeSide(models.TextChoices):
    HANDING = "handing", _("Handing over")
    RECEIVING = "receiving", _("Receiving")
