from django.db.models import Sum
from django.utils.translation import gettext as _

from assets.models import Holding
from assets.selectors import issued_totals
from logistics.dashboard import Bar, Card, Chart, DashboardSection, list_url
from logistics.scope import restrict
from logistics.selectors import rollup_unit_ids


def section(user, unit, period):
    if not user.has_perm("assets.view_holding"):
        return None
    holdings = restrict(Holding.objects.filter(quantity__gt=0), user)
    if unit is not None:
        holdings = holdings.filter(unit_id__in=rollup_unit_ids(unit))
    held = {"unit": unit.pk if unit else None, "held": "true"}
    by_category = list(
        holdings.values("item_type__category_id", "item_type__category__name")
        .annotate(quantity=Sum("quantity"), value=Sum("value"))
        .order_by("item_type__category__name")
    )
    quantity = sum(row["quantity"] for row in by_category)
    value = sum(row["value"] for row in by_category)
    issued = issued_totals(user=user, date_from=period.date_from, date_to=period.date_to, unit=unit).get(
        (), {"quantity": 0, "value": 0}
    )
    issued_link = list_url("assets:movement_list", issued="true", unit=unit.pk if unit else None, **period.params())
    cards = [
        Card(_("Items held"), quantity, "int", list_url("assets:holding_list", **held)),
        Card(_("Value held"), value, "money", list_url("assets:holding_list", **held)),
        Card(_("Issued in the period"), issued["quantity"] or 0, "int", issued_link),
        Card(_("Value issued in the period"), issued["value"] or 0, "money", issued_link),
    ]
    charts = [
        Chart(
            _("Held, by category (value)"),
            [
                Bar(
                    row["item_type__category__name"],
                    row["value"],
                    list_url("assets:holding_list", **held, category=row["item_type__category_id"]),
                )
                for row in by_category
            ],
            "money",
        ),
    ]
    return DashboardSection(
        key="assets",
        title=_("Equipment"),
        icon="truck",
        cards=cards,
        charts=charts,
        link=list_url("assets:report_holdings", unit=unit.pk if unit else None),
    )
