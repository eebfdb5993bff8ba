"""Sections construction adds to other areas' pages (see ``logistics.panels``):

- on a budget spending entry's page: the construction payment it is (work and contract);
- on a budget allocation's page: the works it funds, with what each was paid from it;
- on an asset's page: the work that built it.

Each lists only what the reader may see.
"""

from django.utils.translation import gettext_lazy as _

from construction.models import Project
from construction.selectors import fundings, payments
from logistics.panels import Panel
from logistics.scope import restrict


def payment_of_spending(record, user):
    if record._meta.label_lower != "budget.spending":
        return None

    payment = restrict(payments(), user, "view").filter(spending_id=record.pk).first()
    if payment is None:
        return None
    return Panel(
        title=_("Construction: payment to a contractor"),
        template="construction/panels/payment_of_spending.html",
        context={"payment": payment},
    )


def funded_works(record, user):
    if record._meta.label_lower != "budget.allocation":
        return None

    rows = list(restrict(fundings(), user, "view").filter(allocation_id=record.pk).order_by("project__code"))
    if not rows:
        return None
    return Panel(
        title=_("Construction works funded by this allocation"),
        template="construction/panels/funded_works.html",
        context={"fundings": rows, "paid": sum(row.paid for row in rows)},
    )


def work_of_asset(record, user):
    if record._meta.label_lower != "assets.item":
        return None

    project = restrict(Project.objects.all(), user, "view").filter(asset_item_id=record.pk).first()
    if project is None:
        return None
    return Panel(
        title=_("Construction work that built it"),
        template="construction/panels/work_of_asset.html",
        context={"project": project},
    )
