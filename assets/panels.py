from django.utils.translation import gettext as _

from assets.models import Item, Voucher
from budget.models import Spending
from logistics.panels import Panel
from logistics.scope import restrict


def bought_with_spending(record, user):
    """On a budget spending entry's page: the receipts and items it paid for."""
    if not isinstance(record, Spending):
        return None
    vouchers = list(restrict(Voucher.objects.filter(spending=record), user).select_related("to_unit"))
    items = list(restrict(Item.objects.filter(spending=record), user).select_related("item_type", "holder_unit")[:50])
    if not vouchers and not items:
        return None
    return Panel(_("What this entry paid for"), "assets/panel_spending.html", {"vouchers": vouchers, "items": items})
