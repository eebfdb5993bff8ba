"""Reads for equipment reports. Holdings come from the balance table (never a ledger scan);
issuance comes from the issued summary (per unit × item type × programme × month) for the whole
months of the period and from the ledger for its partial months; every figure links to its list."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import Origin, VoucherKind, VoucherStatus
from assets.models import (
    FixedAssetClass,
    Holding,
    IssuedSummary,
    Item,
    ItemType,
    Movement,
    Programme,
    Voucher,
    WearEntry,
)
from logistics.formatting import day_text
from logistics.reports import Column, Report, Section, list_url
from logistics.scope import restrict
from logistics.selectors import rollup_unit_ids
from logistics.summaries import restrict_like, split_period


def _url(name: str, params: dict) -> str:
    return list_url(f"assets:{name}", **params)


def _root(user, unit):
    return unit or (user.unit if user.unit_id else None)


def _subtitle(root, extra: str = "") -> str:
    name = str(root) if root else _("All units")
    return f"{extra} · {name}" if extra else name


def holdings_report(*, user, unit=None, category=None) -> Report:
    root = _root(user, unit)
    holdings = restrict(Holding.objects.filter(quantity__gt=0), user)
    if root is not None:
        holdings = holdings.filter(unit_id__in=rollup_unit_ids(root))
    if category is not None:
        holdings = holdings.filter(item_type__category=category)
    base = {"unit": root.pk if root else None, "held": "true"}
    by_type = list(
        holdings.values(
            "item_type_id",
            "item_type__name",
            "item_type__unit_of_measure",
            "item_type__category_id",
            "item_type__category__name",
        )
        .annotate(quantity=Sum("quantity"), value=Sum("value"))
        .order_by("item_type__category__name", "item_type__name")
    )
    categories: dict[int, dict] = {}
    for row in by_type:
        entry = categories.setdefault(
            row["item_type__category_id"], {"label": row["item_type__category__name"], "quantity": 0, "value": 0}
        )
        entry["quantity"] += row["quantity"]
        entry["value"] += row["value"]
    category_rows = [
        {
            **entry,
            "_links": {
                "quantity": _url("holding_list", {**base, "category": pk}),
                "value": _url("holding_list", {**base, "category": pk}),
            },
        }
        for pk, entry in categories.items()
    ]
    type_rows = [
        {
            "label": row["item_type__name"],
            "category": row["item_type__category__name"],
            "uom": row["item_type__unit_of_measure"],
            "quantity": row["quantity"],
            "value": row["value"],
            "_links": {
                "quantity": _url("holding_list", {**base, "item_type": row["item_type_id"]}),
                "value": _url("holding_list", {**base, "item_type": row["item_type_id"]}),
            },
        }
        for row in by_type
    ]
    totals = {
        "label": _("Total"),
        "quantity": sum(r["quantity"] for r in by_type),
        "value": sum(r["value"] for r in by_type),
    }
    return Report(
        slug="assets.holdings",
        title=_("Equipment held"),
        subtitle=_subtitle(root),
        issuer=str(root) if root else "",
        parameters={
            k: v for k, v in {"unit": base["unit"], "category": category.pk if category else None}.items() if v
        },
        sections=[
            Section(
                _("By category"),
                [
                    Column("label", _("Category")),
                    Column("quantity", _("Quantity"), "int"),
                    Column("value", _("Value"), "money"),
                ],
                category_rows,
                totals,
            ),
            Section(
                _("By item type"),
                [
                    Column("label", _("Item type")),
                    Column("category", _("Category")),
                    Column("uom", _("Unit of measure")),
                    Column("quantity", _("Quantity"), "int"),
                    Column("value", _("Value"), "money"),
                ],
                type_rows,
                totals,
            ),
        ],
    )


def register_report(*, user, unit=None, category=None, as_of: datetime.date | None = None) -> Report:
    """The fixed-asset register as at a day (today by default): each fixed asset where the ledger
    puts it that day, its cost, and the wear recorded up to then — a year's wear counts from the
    31/12 it is computed for, so the register as at 31/12/N includes year N's wear. Wear of a
    missed year made up after that year's books were closed counts from the year that booked it:
    the register as at 31/12 of a closed year stays what those books said."""
    as_of = as_of or timezone.localdate()
    root = _root(user, unit)
    # Where each fixed asset was that day: the unit whose ledger held it (a serialized item is held
    # by one unit at a time); its current holder and status tell nothing of an earlier day.
    held = restrict(Movement.objects.all(), user).filter(
        item__isnull=False, item__item_type__fixed_asset_class__isnull=False, date__lte=as_of
    )
    if root is not None:
        held = held.filter(unit_id__in=rollup_unit_ids(root))
    if category is not None:
        held = held.filter(item_type__category=category)
    held_items = held.values("item_id", "unit_id").annotate(held=Sum("quantity")).filter(held__gt=0).values("item_id")
    items = Item.objects.filter(pk__in=held_items)
    rows_by_type = list(
        items.values("item_type_id", "item_type__name", "item_type__category__name")
        .distinct()
        .order_by("item_type__category__name", "item_type__name")
    )
    # Wear is summed separately: joining it above would count each item's cost once per year of wear.
    cost_by_type = dict(items.values("item_type_id").annotate(cost=Sum("cost")).values_list("item_type_id", "cost"))
    # An item's cost that day: today's less the cost adjustments (a renovation's, say) dated after it.
    for type_id, change in (
        Movement.objects.filter(item__in=items, line__voucher__kind=VoucherKind.REVALUATION, date__gt=as_of)
        .values("item_type_id")
        .annotate(change=Sum("value"))
        .values_list("item_type_id", "change")
    ):
        cost_by_type[type_id] -= change
    count_by_type = dict(items.values("item_type_id").annotate(count=Count("id")).values_list("item_type_id", "count"))
    last_worn_year = as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1
    wear_by_type = dict(
        WearEntry.objects.filter(item__in=items, year__lte=last_worn_year, booked_year__lte=as_of.year)
        .values("item__item_type_id")
        .annotate(wear=Sum("amount"))
        .values_list("item__item_type_id", "wear")
    )
    base = {"unit": root.pk if root else None}
    rows = []
    totals = {"label": _("Total"), "count": 0, "cost": 0, "wear": 0, "remaining": 0}
    for row in rows_by_type:
        pk = row["item_type_id"]
        cost, wear = cost_by_type.get(pk) or 0, wear_by_type.get(pk) or 0
        entry = {
            "label": row["item_type__name"],
            "category": row["item_type__category__name"],
            "count": count_by_type.get(pk, 0),
            "cost": cost,
            "wear": wear,
            "remaining": cost - wear,
        }
        if as_of == timezone.localdate():
            # The list of items is of today: an earlier register's figures have no list behind them.
            entry["_links"] = {
                "count": _url("item_list", {**base, "item_type": pk}),
                "cost": _url("item_list", {**base, "item_type": pk}),
            }
        rows.append(entry)
        for key in ("count", "cost", "wear", "remaining"):
            totals[key] += entry[key]
    return Report(
        slug="assets.register",
        title=_("Fixed-asset register"),
        subtitle=_subtitle(root, _("As at %(day)s") % {"day": day_text(as_of)}),
        issuer=str(root) if root else "",
        parameters={
            "as_of": as_of.isoformat(),
            **{k: v for k, v in {"unit": base["unit"], "category": category.pk if category else None}.items() if v},
        },
        sections=[
            Section(
                _("By item type"),
                [
                    Column("label", _("Item type")),
                    Column("category", _("Category")),
                    Column("count", _("Items"), "int"),
                    Column("cost", _("Cost"), "money"),
                    Column("wear", _("Accumulated wear"), "money"),
                    Column("remaining", _("Remaining value"), "money"),
                ],
                rows,
                totals,
            )
        ],
    )


def issued_condition() -> Q:
    """Movements of what units received by issue vouchers (cấp phát). A reversed issue nets out:
    its reversing voucher takes the same goods back from the receiving unit."""
    received = Q(quantity__gt=0, voucher__reverses__isnull=True) | Q(quantity__lt=0, voucher__reverses__isnull=False)
    return Q(voucher__kind=VoucherKind.ISSUE, voucher__status=VoucherStatus.POSTED) & received


def _issued_within(queryset, *, unit, category, programme, programme_field: str):
    """``queryset`` (ledger movements or summary rows) narrowed to a unit's subtree, a category and a
    programme, each when given."""
    if unit is not None:
        queryset = queryset.filter(unit_id__in=rollup_unit_ids(unit))
    if category is not None:
        queryset = queryset.filter(item_type__category=category)
    if programme is not None:
        queryset = queryset.filter(**{programme_field: programme})
    return queryset


def issued_movements(*, user, date_from, date_to, unit=None, category=None, programme=None):
    movements = restrict(Movement.objects.all(), user).filter(
        issued_condition(), date__gte=date_from, date__lte=date_to
    )
    return _issued_within(
        movements, unit=unit, category=category, programme=programme, programme_field="voucher__programme"
    )


def issued_summary_rows():
    """The issued summary's rows as the ledger gives them (``check_summaries``)."""
    return (
        Movement.objects.filter(issued_condition())
        .annotate(month=TruncMonth("date"), programme_id=F("voucher__programme_id"))
        .values("unit_id", "item_type_id", "programme_id", "month")
        .annotate(quantity=Sum("quantity"), value=Sum("value"))
        .order_by()
    )


#: What issued figures are grouped by: the summary's column and, when it is not the ledger's own
#: column, the ledger's expression.
ISSUED_GROUPS = {"item_type_id": None, "programme_id": F("voucher__programme_id")}


def issued_totals(
    *, user, date_from, date_to, unit=None, category=None, programme=None, by: tuple[str, ...] = ()
) -> dict[tuple, dict]:
    """Quantity and value issued in the period, grouped ``by`` item type and/or programme: the whole
    months from the issued summary, the partial first and last months from the ledger by date."""
    split = split_period(date_from, date_to)
    result: dict[tuple, dict] = {}

    def add(rows):
        for row in rows:
            entry = result.setdefault(tuple(row[key] for key in by), {"quantity": 0, "value": 0})
            entry["quantity"] += row["quantity"] or 0
            entry["value"] += row["value"] or 0

    summary = _issued_within(
        restrict_like(IssuedSummary.objects.all(), user, Movement).filter(split.months_q()),
        unit=unit,
        category=category,
        programme=programme,
        programme_field="programme",
    )
    if split.first_month is not None:
        add(summary.values(*by).annotate(quantity=Sum("quantity"), value=Sum("value")).order_by())
    if split.edges:
        movements = issued_movements(
            user=user, date_from=date_from, date_to=date_to, unit=unit, category=category, programme=programme
        ).filter(split.edges_q())
        add(
            movements.values(
                *[key for key in by if ISSUED_GROUPS[key] is None],
                **{key: ISSUED_GROUPS[key] for key in by if ISSUED_GROUPS[key] is not None},
            )
            .annotate(quantity=Sum("quantity"), value=Sum("value"))
            .order_by()
        )
    return result


def issuance_report(*, user, date_from, date_to, unit=None, category=None, programme=None) -> Report:
    root = unit
    filters = {"user": user, "date_from": date_from, "date_to": date_to, "unit": root}
    filters |= {"category": category, "programme": programme}
    base = {
        "issued": "true",
        "date_from": day_text(date_from),
        "date_to": day_text(date_to),
        "unit": root.pk if root else None,
        "category": category.pk if category else None,
        "programme": programme.pk if programme else None,
    }

    def link(**extra):
        url = _url("movement_list", {**base, **extra})
        return {"quantity": url, "value": url}

    type_totals = issued_totals(**filters, by=("item_type_id",))
    types = ItemType.objects.filter(pk__in=[key[0] for key in type_totals]).select_related("category")
    by_type = [
        {
            "item_type_id": item_type.pk,
            "item_type__name": item_type.name,
            "item_type__unit_of_measure": item_type.unit_of_measure,
            "item_type__category_id": item_type.category_id,
            "item_type__category__name": item_type.category.name,
            **type_totals[(item_type.pk,)],
        }
        for item_type in sorted(types, key=lambda t: (t.category.name, t.name, t.pk))
    ]
    programme_totals = issued_totals(**filters, by=("programme_id",))
    programme_names = dict(
        Programme.objects.filter(pk__in=[key[0] for key in programme_totals if key[0]]).values_list("pk", "name")
    )
    by_programme = [
        {"voucher__programme_id": key[0], "voucher__programme__name": programme_names.get(key[0]), **figures}
        for key, figures in sorted(
            programme_totals.items(), key=lambda item: (item[0][0] is None, programme_names.get(item[0][0], ""))
        )
    ]
    categories: dict[int, dict] = defaultdict(lambda: {"quantity": 0, "value": 0})
    for row in by_type:
        entry = categories[row["item_type__category_id"]]
        entry["label"] = row["item_type__category__name"]
        entry["quantity"] += row["quantity"]
        entry["value"] += row["value"]
    totals = {
        "label": _("Total"),
        "quantity": sum(r["quantity"] for r in by_type),
        "value": sum(r["value"] for r in by_type),
    }
    money_columns = [Column("quantity", _("Quantity"), "int"), Column("value", _("Value"), "money")]
    period = f"{day_text(date_from)} – {day_text(date_to)}"
    return Report(
        slug="assets.issuance",
        title=_("Equipment issued"),
        subtitle=_subtitle(root, period),
        issuer=str(root) if root else "",
        parameters={k: v for k, v in base.items() if v not in (None, "") and k != "issued"},
        sections=[
            Section(
                _("By item type"),
                [
                    Column("label", _("Item type")),
                    Column("category", _("Category")),
                    Column("uom", _("Unit of measure")),
                    *money_columns,
                ],
                [
                    {
                        "label": row["item_type__name"],
                        "category": row["item_type__category__name"],
                        "uom": row["item_type__unit_of_measure"],
                        "quantity": row["quantity"],
                        "value": row["value"],
                        "_links": link(item_type=row["item_type_id"]),
                    }
                    for row in by_type
                ],
                totals,
            ),
            Section(
                _("By category"),
                [Column("label", _("Category")), *money_columns],
                [{**entry, "_links": link(category=pk)} for pk, entry in categories.items()],
                totals,
            ),
            Section(
                _("By programme"),
                [Column("label", _("Programme")), *money_columns],
                [
                    {
                        "label": row["voucher__programme__name"] or _("No programme"),
                        "quantity": row["quantity"],
                        "value": row["value"],
                        "_links": link(programme=row["voucher__programme_id"]) if row["voucher__programme_id"] else {},
                    }
                    for row in by_programme
                ],
                totals,
            ),
        ],
    )


def holdings_from_ledger() -> dict[tuple[int, int], tuple[int, int]]:
    """(unit id, item type id) → (quantity, value), summed from the ledger itself."""
    rows = Movement.objects.values("unit_id", "item_type_id").annotate(quantity=Sum("quantity"), value=Sum("value"))
    return {(row["unit_id"], row["item_type_id"]): (row["quantity"], row["value"]) for row in rows}


def holding_differences() -> list[dict]:
    """Holdings (and serialized items' holders) that differ from what the ledger says."""
    expected = holdings_from_ledger()
    differences = []
    recorded = {(h.unit_id, h.item_type_id): (h.quantity, h.value) for h in Holding.objects.all()}
    for key in sorted(set(expected) | set(recorded)):
        want = expected.get(key, (0, 0))
        have = recorded.get(key, (0, 0))
        if want != have:
            differences.append({"unit": key[0], "item_type": key[1], "ledger": want, "holding": have})
    # A serialized item is where its last movement put it (or nowhere after leaving the force); a
    # revaluation (quantity 0) changes its value, not where it is.
    last_unit = {}
    for movement in (
        Movement.objects.filter(item__isnull=False)
        .exclude(quantity=0)
        .order_by("item_id", "id")
        .values("item_id", "unit_id", "quantity")
    ):
        last_unit[movement["item_id"]] = movement["unit_id"] if movement["quantity"] > 0 else None
    for item_id, holder in Item.objects.filter(pk__in=last_unit).values_list("pk", "holder_unit_id"):
        if last_unit[item_id] != holder and not (last_unit[item_id] is None and holder is None):
            differences.append({"item": item_id, "ledger_holder": last_unit[item_id], "recorded_holder": holder})
    return differences


def yearly_wear(cost: int, rate: Decimal) -> int:
    return int((Decimal(cost) * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def unpaid_purchases(user=None):
    """Posted purchases that cite no budget spending entry (posted before the rule, or through a
    door that skipped the service): the receipts the consistency command and the voucher list's
    filter "no spending entry" show. Restricted to ``user``'s scope when given."""
    vouchers = Voucher.objects.filter(
        kind=VoucherKind.RECEIPT,
        origin=Origin.PURCHASE,
        status=VoucherStatus.POSTED,
        reverses__isnull=True,
        spending__isnull=True,
    ).select_related("to_unit", "supplier")
    return restrict(vouchers, user) if user is not None else vouchers


def class_versions(codes) -> dict[str, list[FixedAssetClass]]:
    """Every version of the fixed-asset classes ``codes``, by code, oldest first (a handful of rows)."""
    versions: dict[str, list[FixedAssetClass]] = defaultdict(list)
    for asset_class in FixedAssetClass.objects.filter(code__in=set(codes)).order_by("code", "valid_from"):
        versions[asset_class.code].append(asset_class)
    for found in versions.values():
        found.sort(key=lambda version: -1 if version.valid_from is None else version.valid_from)
    return versions


def class_in_force(asset_class: FixedAssetClass, year: int, versions: dict[str, list[FixedAssetClass]]):
    """The version of ``asset_class``'s code valid in ``year``; for a year before the first version
    the system knows, that first version (the rates of earlier law were not entered); for a year
    after the last one ended, the last one."""
    found = versions.get(asset_class.code) or [asset_class]
    for version in found:
        if version.holds_in(year):
            return version
    if found[0].valid_from is not None and year < found[0].valid_from:
        return found[0]
    return found[-1]


def holders_at_year_ends(item_ids, years) -> dict[tuple[int, int], int | None]:
    """Which unit's ledger held each serialized item on 31/12 of each of ``years``: {(item, year): unit}."""
    years = sorted(set(years))
    held: dict[tuple[int, int], int | None] = {}
    if not years:
        return held
    moves = defaultdict(list)
    for item_id, day, unit_id, quantity in (
        Movement.objects.filter(item_id__in=item_ids, date__lte=datetime.date(years[-1], 12, 31))
        .order_by("item_id", "date", "id")
        .values_list("item_id", "date", "unit_id", "quantity")
    ):
        moves[item_id].append((day, unit_id, quantity))
    for item_id in item_ids:
        holder, index, history = None, 0, moves.get(item_id, [])
        for year in years:
            end = datetime.date(year, 12, 31)
            while index < len(history) and history[index][0] <= end:
                day, unit_id, quantity = history[index]
                if quantity > 0:
                    holder = unit_id
                elif holder == unit_id:
                    holder = None
                index += 1
            held[(item_id, year)] = holder
    return held


# --- handover minutes ---------------------------------------------------------------------------


def accumulated_wear(item_ids, as_of: datetime.date) -> dict[int, int]:
    """Each item's accumulated wear as at ``as_of``: the wear of the years computed by then (a
    year's wear counts from the 31/12 it is computed for, as in the fixed-asset register)."""
    last_worn_year = as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1
    rows = (
        WearEntry.objects.filter(item_id__in=list(item_ids), year__lte=last_worn_year, booked_year__lte=as_of.year)
        .values("item_id")
        .annotate(wear=Sum("amount"))
        .values_list("item_id", "wear")
    )
    return dict(rows)


@dataclass
class HandoverRow:
    position: int
    line: object
    quantity: int
    unit_value: int | None
    value: int
    wear: int | None = None
    remaining: int | None = None
    #: The second row of a line whose value does not divide by its quantity (see handover_rows).
    continued: bool = False


def split_value(value: int, quantity: int) -> list[tuple[int, int]]:
    """(quantity, unit value) rows that multiply out to ``value`` exactly: one row when the value
    divides by the quantity, otherwise two — the units at the whole-đồng unit value below and the
    rest (fewer than the quantity) at one đồng more."""
    if quantity <= 0:
        return []
    base, rest = divmod(value, quantity)
    rows = [(quantity - rest, base)] if quantity - rest else []
    if rest:
        rows.append((rest, base + 1))
    return rows


def handover_rows(voucher) -> list[HandoverRow]:
    """The rows of a voucher's handover minutes, every one of which multiplies out: quantity ×
    unit value = value, the values adding up to what the ledger moved.

    A line is worth what the ledger moved for it. Goods counted by quantity leave at the unit
    value rounded once to whole đồng (``assets.services.vouchers.unit_value_of``), so a line is
    unit value × quantity — except the last units leaving a holding, which take what remains of
    its value: such a line, whose value does not divide by its quantity, is printed in two rows
    (``split_value``) rather than with a unit value that does not multiply out. Serialized fixed
    assets show their accumulated wear and remaining value as at the voucher's date.
    """
    lines = list(voucher.lines.select_related("item_type", "item__item_type__fixed_asset_class").order_by("id"))
    moved: dict[int, int] = {}
    for line_id, value in voucher.movements.values_list("line_id", "value"):
        moved[line_id] = max(moved.get(line_id, 0), abs(value))
    fixed = [line.item for line in lines if line.item is not None and line.item.is_fixed_asset]
    wear = accumulated_wear([item.pk for item in fixed], voucher.date)
    rows = []
    for position, line in enumerate(lines, start=1):
        value = moved.get(line.pk, line.line_value)
        quantity = abs(line.quantity)
        if line.item is not None:
            row = HandoverRow(position, line, quantity, value if quantity else None, value)
            if line.item.is_fixed_asset:
                row.wear = wear.get(line.item.pk, 0)
                row.remaining = max(value - row.wear, 0)
            rows.append(row)
            continue
        if quantity == 0 or line.unit_value * quantity == value:
            rows.append(HandoverRow(position, line, quantity, line.unit_value if quantity else None, value))
            continue
        for index, (part, unit_value) in enumerate(split_value(value, quantity)):
            rows.append(HandoverRow(position, line, part, unit_value, part * unit_value, continued=index > 0))
    return rows
