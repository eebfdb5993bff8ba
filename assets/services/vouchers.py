"""Equipment services: Vouchers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import (
    MINUTES_KINDS,
    REPAIR_KINDS,
    VOUCHER_KIND_FIELDS,
    VOUCHER_SIDES,
    ItemStatus,
    Origin,
    RepresentativeSide,
    Tracking,
    VoucherKind,
    VoucherStatus,
)
from assets.models import (
    Holding,
    Item,
    ItemType,
    Movement,
    Voucher,
    VoucherLine,
    VoucherRepresentative,
    WearEntry,
)
from assets.services.common import IDENTIFIERS, MINUTES_LOCK, NUMBER_LOCK, PREFIXES
from budget.choices import SpendingKind, SpendingStatus
from budget.models import Spending
from logistics import periods, transaction_memo
from logistics.formatting import day_text
from logistics.models import Personnel, Unit, UnitKind
from logistics.scope import require, require_locked
from logistics.selectors import rollup_unit_ids
from logistics.services import editable_changes, raise_if_errors, service
from logistics.workflow import guarded_by, refuse


def _next_number(kind: str, date: datetime.date) -> str:
    prefix = f"{PREFIXES[kind]}-{date.year}-"
    transaction_memo.hold_advisory_lock(NUMBER_LOCK, date.year)
    last = Voucher.objects.filter(number__startswith=prefix).aggregate(last=Max("number"))["last"]
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{sequence:05d}"


@dataclass
class LineData:
    item_type: ItemType
    quantity: int = 1
    unit_value: int = 0
    item: Item | None = None
    serial_number: str = ""
    plate_number: str = ""
    chassis_number: str = ""
    engine_number: str = ""
    description: str = ""
    condition: str = ""


def _as_line(raw) -> LineData:
    if isinstance(raw, LineData):
        return raw
    data = {key: value for key, value in dict(raw).items() if key in LineData.__dataclass_fields__}
    for key in ("quantity", "unit_value"):
        if data.get(key) is None:
            data.pop(key, None)
    for key in (*IDENTIFIERS, "description", "condition"):
        data[key] = (data.get(key) or "").strip()
    return LineData(**data)


def voucher_side_errors(*, kind: str, from_unit_id: int | None, to_unit_id: int | None) -> dict[str, str]:
    """Which units a voucher of ``kind`` names (``VOUCHER_SIDES``), as messages keyed by field.

    The voucher form asks this too, so that the officer reads the message beside the field before
    the database constraint ``voucher_sides_match_kind`` is ever reached.
    """
    needs_from, needs_to = VOUCHER_SIDES[kind]
    errors = {}
    if needs_from and from_unit_id is None:
        errors["from_unit"] = _("Choose the unit the goods leave.")
    if not needs_from and from_unit_id is not None:
        errors["from_unit"] = _(
            "A voucher of this kind takes goods from no unit of the force; leave the sending unit empty."
        )
    if needs_to and to_unit_id is None:
        errors["to_unit"] = _("Choose the unit that receives the goods.")
    if not needs_to and to_unit_id is not None:
        errors["to_unit"] = _no_receiver_message(kind)
    if from_unit_id and from_unit_id == to_unit_id:
        errors["to_unit"] = _("Goods move between two different units.")
    return errors


def _no_receiver_message(kind: str) -> str:
    if kind == VoucherKind.CONSUMPTION:
        return _("Goods used up leave the books; leave the receiving unit empty.")
    if kind == VoucherKind.REPAIR_OUT:
        return _(
            "An item sent for repair stays the unit's asset; leave the receiving unit empty and name the repairer "
            "as the supplier."
        )
    if kind == VoucherKind.LOSS:
        return _("Lost goods leave the books; leave the receiving unit empty.")
    return _("A disposal sends goods out of the force; leave the receiving unit empty.")


#: Why a header field is refused on a kind of voucher that does not take it (``VOUCHER_KIND_FIELDS``).
def _kind_field_message(field: str) -> str:
    return {"expected_return_date": _("Only an item sent for repair has an expected return date.")}[field]


#: Kinds whose posting takes a serialized item away from a unit: not while it is under repair.
MOVES_ITEMS_AWAY = (
    VoucherKind.ISSUE,
    VoucherKind.TRANSFER,
    VoucherKind.RETURN,
    VoucherKind.DISPOSAL,
    VoucherKind.STOCKTAKE,
    VoucherKind.LOSS,
)


def voucher_kind_field_errors(
    *,
    kind: str,
    date: datetime.date | None = None,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    expected_return_date: datetime.date | None = None,
    to_unit_id: int | None = None,
    to_person_id: int | None = None,
) -> dict[str, str]:
    """The fields only some kinds take, as messages keyed by field: a loss write-off's decision
    (required), a repair's expected return date (optional), the officer receiving an issue. The
    voucher form asks this too."""
    values = {
        "decision_number": (decision_number or "").strip(),
        "decision_date": decision_date,
        "expected_return_date": expected_return_date,
    }
    errors = {}
    for field, kinds in VOUCHER_KIND_FIELDS.items():
        if kind not in kinds and values[field] not in (None, ""):
            errors[field] = _kind_field_message(field)
    if kind == VoucherKind.LOSS:
        if not values["decision_number"]:
            errors["decision_number"] = _("Enter the number of the decision writing off the lost goods.")
        if decision_date is None:
            errors["decision_date"] = _("Enter the date of the decision writing off the lost goods.")
        elif date and decision_date > date:
            errors["decision_date"] = _(
                "Goods are written off after the decision: it cannot be dated after the voucher."
            )
    if expected_return_date and date and expected_return_date < date:
        errors.setdefault("expected_return_date", _("The item cannot be expected back before it is sent."))
    if to_person_id and (to_unit_id is None or kind in REPAIR_KINDS):
        errors["to_person"] = _("Only goods issued to a unit go to a named officer.")
    return errors


def _check_header(voucher: Voucher) -> None:
    errors = voucher_side_errors(kind=voucher.kind, from_unit_id=voucher.from_unit_id, to_unit_id=voucher.to_unit_id)
    if voucher.kind == VoucherKind.RECEIPT and not voucher.origin:
        errors["origin"] = _("Say where the goods come from.")
    voucher.decision_number = (voucher.decision_number or "").strip()
    for field, message in voucher_kind_field_errors(
        kind=voucher.kind,
        date=voucher.date,
        decision_number=voucher.decision_number,
        decision_date=voucher.decision_date,
        expected_return_date=voucher.expected_return_date,
        to_unit_id=voucher.to_unit_id,
        to_person_id=voucher.to_person_id,
    ).items():
        errors.setdefault(field, message)
    if voucher.to_person_id and voucher.to_unit_id and voucher.to_person.unit_id != voucher.to_unit_id:
        errors["to_person"] = _("The officer belongs to %(unit)s, not to the receiving unit.") % {
            "unit": voucher.to_person.unit
        }
    # The units as they stand now, not as the caller loaded them: one may have been dissolved since.
    units = Unit.objects.in_bulk([voucher.from_unit_id, voucher.to_unit_id] if voucher.date else [])
    for side in ("from_unit", "to_unit"):
        unit = units.get(getattr(voucher, f"{side}_id"))
        if unit is not None and not unit.is_active_on(voucher.date):
            errors.setdefault(
                side,
                _("%(unit)s did not exist on %(date)s.") % {"unit": unit, "date": day_text(voucher.date)},
            )
    if voucher.date and voucher.date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    raise_if_errors(errors)


def purchase_payment_errors(voucher: Voucher, *, posting: bool, lock: bool = False) -> dict[str, str]:
    """Whether a receipt cites the budget spending entry that paid for it (issue 13).

    A receipt whose origin is a purchase is posted only when it names the spending entry that
    paid for it; a donation, a transfer in, a surplus or a construction handover names none. A
    draft may wait for its payment. A cited entry (draft or posted voucher) must be a payment or
    an advance, not a reversal, of an allocation of the receiving unit or of a unit above it (one
    that bought centrally for it; a unit's successor answers for it), of the voucher's year or an
    earlier one; when the voucher is
    posted the entry must be posted and not reversed. The entry's amount is not compared with the
    voucher's value: one payment may settle several receipts, and a receipt may be paid in parts.
    """
    spending = None
    if voucher.spending_id:
        # A service posting (``lock``) holds the cited entry's row, so that it cannot be reversed meanwhile (the
        # reversal locks it too).
        spending = (
            Spending.objects.select_for_update(of=("self",))
            .select_related("allocation__unit")
            .get(pk=voucher.spending_id)
            if posting and lock
            else voucher.spending
        )
    if spending is None:
        if posting and voucher.kind == VoucherKind.RECEIPT and voucher.origin == Origin.PURCHASE:
            return {
                "spending": _(
                    "A purchase is posted only with the budget spending entry that paid for it: choose it, "
                    "or change the origin if the goods were not bought."
                )
            }
        return {}
    if voucher.kind != VoucherKind.RECEIPT:
        return {"spending": _("Only a receipt into store cites the spending entry that paid for the goods.")}
    if spending.kind == SpendingKind.REVERSAL:
        return {"spending": _("A reversal pays for nothing; choose the entry that paid for the goods.")}
    allocation = spending.allocation
    receiver = voucher.to_unit if voucher.to_unit_id else None
    if receiver is not None and receiver.pk not in rollup_unit_ids(allocation.unit):
        return {
            "spending": _(
                "%(number)s was paid from an allocation of %(unit)s, neither the receiving unit nor a unit above it."
            )
            % {"number": spending.voucher_number, "unit": allocation.unit}
        }
    if voucher.date and allocation.fiscal_year_id > voucher.date.year:
        return {
            "spending": _("%(number)s belongs to fiscal year %(year)s, after the voucher's date.")
            % {"number": spending.voucher_number, "year": allocation.fiscal_year_id}
        }
    if posting:
        if spending.status != SpendingStatus.POSTED:
            return {
                "spending": _("%(number)s is still a draft: post the payment first.")
                % {"number": spending.voucher_number}
            }
        if Spending.objects.filter(reverses=spending).exists():
            return {
                "spending": _("%(number)s has been reversed; cite the entry that paid instead.")
                % {"number": spending.voucher_number}
            }
    return {}


def spending_reversal_guard(spending: Spending) -> list[str]:
    """Why the budget must not reverse ``spending`` now: a posted receipt that is not reversed cites it
    as the payment for its goods. Registered in the registry's reversal guards of the spending entry
    (budget does not know equipment); the voucher is reversed first, then the payment. Posting a
    receipt locks the cited entry's row and the reversal locks it too, so the two cannot cross."""
    citing = (
        Voucher.objects.filter(
            spending_id=spending.pk, status=VoucherStatus.POSTED, reverses__isnull=True, reversal__isnull=True
        )
        .order_by("date", "number")
        .values_list("number", flat=True)
    )
    return [
        _(
            "Posted voucher %(number)s cites this entry as the payment for its goods; reverse the voucher "
            "first, then the payment."
        )
        % {"number": number}
        for number in citing
    ]


def _check_period(voucher: Voucher) -> None:
    """A voucher concerns both its units: dated in a year closed for either, it is refused (and
    from here to the end of the transaction that year cannot close)."""
    periods.require_open([voucher.from_unit, voucher.to_unit], voucher.date)


def _check_lines(voucher: Voucher, lines: list[LineData]) -> None:
    if not lines:
        raise ValidationError(_("A voucher needs at least one line."))
    errors = []
    seen_items: set[int] = set()
    seen_identifiers: set[tuple[str, str]] = set()
    for number, line in enumerate(lines, start=1):
        prefix = _("Line %(number)s: ") % {"number": number}
        item_type = line.item_type
        if voucher.kind == VoucherKind.STOCKTAKE:
            if line.quantity == 0:
                errors.append(prefix + _("the quantity cannot be zero."))
        elif voucher.kind == VoucherKind.REVALUATION:
            pass
        elif line.quantity <= 0:
            errors.append(prefix + _("the quantity must be greater than zero."))
        if line.unit_value < 0:
            errors.append(prefix + _("the unit value cannot be negative."))
        if line.condition and voucher.kind not in REPAIR_KINDS:
            errors.append(prefix + _("the condition is recorded only when an item is sent for or back from repair."))
        if voucher.kind == VoucherKind.CONSUMPTION:
            if item_type.is_serialized:
                errors.append(
                    prefix
                    + _(
                        "%(type)s is tracked item by item and cannot be consumed; a lost or worn-out item is written "
                        "off by a loss write-off or a disposal."
                    )
                    % {"type": item_type}
                )
                continue
            if item_type.fixed_asset_class_id is not None:
                errors.append(
                    prefix + _("%(type)s is a fixed asset and cannot be consumed; dispose of it.") % {"type": item_type}
                )
                continue
        if voucher.kind in REPAIR_KINDS and not item_type.is_serialized:
            errors.append(
                prefix
                + _("only items tracked one by one are sent for repair; %(type)s is counted by quantity.")
                % {"type": item_type}
            )
            continue
        if item_type.tracking == Tracking.SERIAL:
            creates = voucher.kind == VoucherKind.RECEIPT or (
                voucher.kind == VoucherKind.STOCKTAKE and line.quantity > 0
            )
            if creates:
                given = [(field, getattr(line, field)) for field in IDENTIFIERS if getattr(line, field)]
                if line.item is not None:
                    errors.append(
                        prefix + _("a receipt registers new items; enter their numbers instead of choosing one.")
                    )
                elif not given:
                    errors.append(
                        prefix
                        + _("enter the serial, plate, chassis or engine number of %(type)s.") % {"type": item_type}
                    )
                if abs(line.quantity) != 1:
                    errors.append(prefix + _("one serialized item per line (quantity 1)."))
                for field, value in given:
                    if (field, value) in seen_identifiers or Item.objects.filter(**{field: value}).exists():
                        errors.append(prefix + _("%(value)s is already registered.") % {"value": value})
                    seen_identifiers.add((field, value))
            elif voucher.kind == VoucherKind.REVALUATION:
                if line.item is None or line.item.item_type_id != item_type.pk:
                    errors.append(prefix + _("choose which %(type)s (by its number).") % {"type": item_type})
            else:
                if line.item is None:
                    errors.append(prefix + _("choose which %(type)s (by its number).") % {"type": item_type})
                elif line.item.item_type_id != item_type.pk:
                    errors.append(prefix + _("%(item)s is not a %(type)s.") % {"item": line.item, "type": item_type})
                elif abs(line.quantity) != 1:
                    errors.append(prefix + _("one serialized item per line (quantity 1)."))
                elif line.item.pk in seen_items:
                    errors.append(prefix + _("%(item)s is on the voucher twice.") % {"item": line.item})
                if line.item is not None:
                    seen_items.add(line.item.pk)
        elif line.item is not None:
            errors.append(prefix + _("%(type)s is counted by quantity, not item by item.") % {"type": item_type})
        if voucher.kind == VoucherKind.RECEIPT and line.unit_value <= 0:
            errors.append(prefix + _("enter the unit value of what is received."))
    raise_if_errors(errors)


def _save_lines(voucher: Voucher, lines: list[LineData], *, replacing: bool = True) -> list[VoucherLine]:
    """Write ``lines`` as the voucher's lines, replacing those it had (a voucher just created has
    none to replace)."""
    if replacing:
        voucher.lines.all().delete()
    return VoucherLine.objects.bulk_create(
        [
            VoucherLine(
                voucher=voucher,
                item_type=line.item_type,
                item=line.item,
                quantity=line.quantity,
                unit_value=line.unit_value
                if line.item is None or voucher.kind == VoucherKind.REVALUATION
                else line.item.cost,
                serial_number=line.serial_number,
                plate_number=line.plate_number,
                chassis_number=line.chassis_number,
                engine_number=line.engine_number,
                description=line.description,
                condition=line.condition,
            )
            for line in lines
        ]
    )


@service
def voucher_create(
    *,
    actor,
    kind: str,
    date: datetime.date,
    lines: list,
    number: str = "",
    post: bool = False,
    representatives: list | None = None,
    **fields,
) -> Voucher:
    """A draft voucher with its lines; with ``post=True`` posted at once (both or neither)."""
    voucher = Voucher(kind=kind, date=date, number=(number or "").strip(), **fields)
    require(actor, "add", voucher)
    _refuse_merger_by_hand(voucher.kind)
    _check_header(voucher)
    raise_if_errors(purchase_payment_errors(voucher, posting=post, lock=post))
    _check_period(voucher)
    lines = [_as_line(raw) for raw in lines]
    _check_lines(voucher, lines)
    if not voucher.number:
        voucher.number = _next_number(kind, date)
    representatives = _as_representatives(representatives or [])
    voucher.full_clean()
    voucher.save()
    saved_lines = _save_lines(voucher, lines, replacing=False)
    _save_representatives(voucher, representatives, replacing=False)
    if post:
        # What voucher_post would read back and check again is what was just checked and
        # written in this transaction: the new voucher is posted from memory.
        require_locked(actor, "post", voucher)
        refuse(voucher_post_blockers(voucher))
        _post(voucher, saved_lines, actor)
    return voucher


#: What a user may change on a draft voucher (its lines come as ``lines``).
VOUCHER_EDITABLE = (
    "kind",
    "number",
    "date",
    "from_unit",
    "to_unit",
    "to_person",
    "supplier",
    "origin",
    "programme",
    "spending",
    "reason",
    "decision_number",
    "decision_date",
    "expected_return_date",
    "decision_issuer",
    "documents",
)


@service
def voucher_update(
    *,
    actor,
    voucher: Voucher,
    lines: list | None = None,
    post: bool = False,
    representatives: list | None = None,
    **fields,
) -> Voucher:
    current = Voucher.objects.select_for_update().get(pk=voucher.pk)
    require(actor, "change", current)
    current.refuse_if_final()
    for name, value in editable_changes(fields, VOUCHER_EDITABLE):
        if name == "number":
            value = (value or "").strip() or current.number
        setattr(current, name, value)
    _refuse_merger_by_hand(current.kind)
    _check_header(current)
    raise_if_errors(purchase_payment_errors(current, posting=post, lock=post))
    _check_period(current)
    if lines is not None:
        lines = [_as_line(raw) for raw in lines]
        _check_lines(current, lines)
    if representatives is not None:
        representatives = _as_representatives(representatives)
    current.full_clean()
    current.save()
    require(actor, "change", current)
    if lines is not None:
        _save_lines(current, lines)
    if representatives is not None:
        _save_representatives(current, representatives)
    if post:
        return voucher_post(actor=actor, voucher=current)
    return current


def _lock_holdings(keys) -> dict[tuple[int, int], Holding]:
    """Lock (creating when missing) the holdings of ``keys`` = (unit id, item type id), in order:
    the missing ones created in one statement, then all locked in one, both in the keys' order."""
    keys = sorted(set(keys))
    if not keys:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO assets_holding (unit_id, item_type_id, quantity, value, updated_at) VALUES "
            + ", ".join(["(%s, %s, 0, 0, now())"] * len(keys))
            + " ON CONFLICT (unit_id, item_type_id) DO NOTHING",
            [value for key in keys for value in key],
        )
    wanted = Q()
    for unit_id, item_type_id in keys:
        wanted |= Q(unit_id=unit_id, item_type_id=item_type_id)
    locked = {
        (holding.unit_id, holding.item_type_id): holding
        for holding in Holding.objects.select_for_update().filter(wanted).order_by("unit_id", "item_type_id")
    }
    return {key: locked[key] for key in keys}


def unit_value_of(holding: Holding) -> int:
    """The unit value at which goods counted by quantity leave a holding: its average value
    (value ÷ quantity), rounded half up to whole đồng. This is the one place it is rounded."""
    if holding.quantity <= 0:
        return 0
    return int((Decimal(holding.value) / holding.quantity).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def value_leaving(holding: Holding, quantity: int) -> int:
    """The value ``quantity`` units take out of ``holding``: the rounded unit value × quantity,
    exactly, except that the last units leaving take what remains, so that an emptied holding keeps
    no stray đồng (and a holding's value never goes below nothing)."""
    if quantity >= holding.quantity:
        return holding.value
    return min(unit_value_of(holding) * quantity, holding.value)


def _status_at(unit: Unit | None) -> str:
    if unit is None:
        return ItemStatus.DISPOSED
    return ItemStatus.IN_STORE if unit.kind == UnitKind.WAREHOUSE else ItemStatus.ISSUED


def _shortage(unit, item_type, held: int, wanted: int) -> str:
    return _("%(unit)s holds only %(held)s %(uom)s of %(type)s; the voucher moves %(wanted)s.") % {
        "unit": unit,
        "held": held,
        "uom": item_type.unit_of_measure,
        "type": item_type,
        "wanted": wanted,
    }


def voucher_post_blockers(voucher: Voucher) -> list[str]:
    if voucher.status != VoucherStatus.DRAFT:
        return [_("This voucher is already posted.")]
    if voucher.reverses_id:
        return []
    return list(purchase_payment_errors(voucher, posting=True).values())


@guarded_by(voucher_post_blockers)
@service
def voucher_post(*, actor, voucher: Voucher) -> Voucher:
    """Ghi sổ: write the ledger movements and move the holdings, or refuse and change nothing."""
    voucher = (
        Voucher.objects.select_for_update(of=("self",))
        .select_related("from_unit", "to_unit", "to_person")
        .get(pk=voucher.pk)
    )
    require(actor, "post", voucher)
    if voucher.status == VoucherStatus.DRAFT and not voucher.reverses_id:
        # The same refusal as the blockers', beside the field it concerns.
        raise_if_errors(purchase_payment_errors(voucher, posting=True, lock=True))
    refuse(voucher_post_blockers(voucher))
    _check_header(voucher)
    _check_period(voucher)
    lines = list(voucher.lines.select_related("item_type", "item"))
    _check_lines(voucher, [_line_data(line) for line in lines])
    return _post(voucher, lines, actor)


def _post(voucher: Voucher, lines: list[VoucherLine], actor) -> Voucher:
    """Post a draft whose header, period and lines have been checked in this transaction."""
    if voucher.kind in REPAIR_KINDS:
        _apply_repair(voucher, lines, actor)
        return voucher
    plan = _reversal_plan(voucher) if voucher.reverses_id else _plan(voucher, lines)
    _apply(voucher, plan, actor)
    return voucher


def _line_data(line: VoucherLine) -> LineData:
    return LineData(
        item_type=line.item_type,
        quantity=line.quantity,
        unit_value=line.unit_value,
        item=line.item,
        **{field: getattr(line, field) for field in (*IDENTIFIERS, "description", "condition")},
    )


@dataclass
class Step:
    line: VoucherLine
    unit: Unit
    quantity: int
    value: int | None  # None: work out from the holding (average value) when applying
    item: Item | None = None
    person: object = None
    new_item: bool = False


def _plan(voucher: Voucher, lines: list[VoucherLine]) -> list[Step]:
    steps = []
    for line in lines:
        kind = voucher.kind
        if kind == VoucherKind.REVALUATION:
            # The line carries the new cost; the movement carries the change in value.
            steps.append(Step(line, voucher.to_unit, 0, None, item=line.item))
            continue
        if kind == VoucherKind.STOCKTAKE:
            if line.quantity < 0:
                steps.append(Step(line, voucher.to_unit, line.quantity, None, item=line.item))
            else:
                value = line.unit_value * line.quantity
                steps.append(Step(line, voucher.to_unit, line.quantity, value, new_item=line.item_type.is_serialized))
            continue
        if kind == VoucherKind.RECEIPT:
            value = line.unit_value * line.quantity
            steps.append(Step(line, voucher.to_unit, line.quantity, value, new_item=line.item_type.is_serialized))
            continue
        out = Step(line, voucher.from_unit, -line.quantity, None, item=line.item)
        steps.append(out)
        if voucher.to_unit is not None:
            person = voucher.to_person if kind == VoucherKind.ISSUE else None
            steps.append(Step(line, voucher.to_unit, line.quantity, None, item=line.item, person=person))
    return steps


def _reversal_plan(voucher: Voucher) -> list[Step]:
    original = voucher.reverses
    lines_by_position = list(voucher.lines.order_by("id"))
    original_lines = list(original.lines.order_by("id"))
    line_map = dict(zip([line.pk for line in original_lines], lines_by_position, strict=True))
    steps = []
    # Undone last-first, so that an item ends where it was before the original voucher.
    for movement in original.movements.select_related("unit", "item", "item_type", "line").order_by("-id"):
        steps.append(
            Step(
                line_map[movement.line_id],
                movement.unit,
                -movement.quantity,
                -movement.value,
                item=movement.item,
                person=None,
            )
        )
    return steps


def _apply(voucher: Voucher, steps: list[Step], actor) -> None:
    # Register the items a receipt (or a surplus found at stocktake) brings in.
    for step in steps:
        if step.new_item:
            line = step.line
            item = Item(
                item_type=line.item_type,
                name=line.description,
                cost=line.unit_value,
                acquired_on=voucher.date,
                origin=Origin.SURPLUS if voucher.kind == VoucherKind.STOCKTAKE else (voucher.origin or Origin.PURCHASE),
                spending=voucher.spending,
                **{field: getattr(line, field) for field in IDENTIFIERS},
            )
            item.full_clean(exclude=["holder_unit", "holder_person", "status"])
            item.save()
            line.item = item
            line.save(update_fields=["item"])
            step.item = item
            step.value = item.cost

    holdings = _lock_holdings((step.unit.pk, step.line.item_type_id) for step in steps)
    items = {
        item.pk: item
        for item in Item.objects.select_for_update()
        .filter(pk__in=sorted({s.item.pk for s in steps if s.item is not None and not s.new_item}))
        .order_by("pk")
    }
    errors = []
    moved_value: dict[int, int] = {}
    unit_values: dict[int, int] = {}
    movements = []
    for step in steps:
        holding = holdings[(step.unit.pk, step.line.item_type_id)]
        item = items.get(step.item.pk) if step.item is not None and not step.new_item else step.item
        if voucher.kind == VoucherKind.REVALUATION and step.value is None:
            if item.holder_unit_id != step.unit.pk:
                errors.append(_("%(item)s is not held by %(unit)s.") % {"item": item, "unit": step.unit})
                continue
            step.value = step.line.unit_value - item.cost
        if step.quantity < 0:
            if item is not None and not voucher.reverses_id and item.holder_unit_id != step.unit.pk:
                errors.append(
                    _("%(item)s is held by %(holder)s, not by %(unit)s.")
                    % {"item": item, "holder": item.holder_unit or _("no unit"), "unit": step.unit}
                )
                continue
            if item is not None and item.status == ItemStatus.UNDER_REPAIR and voucher.kind in MOVES_ITEMS_AWAY:
                errors.append(_under_repair(item))
                continue
            if holding.quantity < -step.quantity:
                errors.append(_shortage(step.unit, step.line.item_type, holding.quantity, -step.quantity))
                continue
            if step.value is None:
                if item is None:
                    unit_values[step.line.pk] = unit_value_of(holding)
                step.value = -(item.cost if item is not None else value_leaving(holding, -step.quantity))
            moved_value[step.line.pk] = -step.value
        elif step.value is None:
            step.value = moved_value.get(step.line.pk, 0)
        holding.quantity += step.quantity
        holding.value += step.value
        if holding.value < 0 or holding.quantity < 0:
            errors.append(_shortage(step.unit, step.line.item_type, holding.quantity - step.quantity, -step.quantity))
            continue
        movements.append(
            Movement(
                voucher=voucher,
                line=step.line,
                date=voucher.date,
                unit=step.unit,
                person=step.person,
                item_type=step.line.item_type,
                item=item,
                quantity=step.quantity,
                value=step.value,
            )
        )
        if item is not None:
            if voucher.kind == VoucherKind.REVALUATION:
                # The movement carries the change: a reversal takes it back (its line repeats the
                # cost the original set, which is not the cost it restores).
                item.cost += step.value
            elif step.quantity > 0:
                item.holder_unit = step.unit
                item.holder_person = step.person
                item.status = _status_at(step.unit)
            elif step.quantity < 0:
                item.holder_unit = None
                item.holder_person = None
                lost = voucher.kind in (VoucherKind.STOCKTAKE, VoucherKind.LOSS)
                item.status = ItemStatus.LOST if lost else ItemStatus.DISPOSED
    raise_if_errors(errors)
    # Goods leaving a unit go at its average unit value, rounded once (unit_value_of); the line
    # records it for the minutes, and a serialized item's condition on the day it changed hands.
    for line in {id(step.line): step.line for step in steps}.values():
        if line.pk in unit_values and line.item_id is None and line.quantity:
            line.unit_value = unit_values[line.pk]
            line.save(update_fields=["unit_value"])
        elif line.item_id is not None and not line.condition:
            line.condition = items.get(line.item_id, line.item).condition
            line.save(update_fields=["condition"])
    for holding in holdings.values():
        holding.save(update_fields=["quantity", "value", "updated_at"])
    Movement.objects.bulk_create(movements)
    for item in {id(s.item): s.item for s in steps if s.item is not None}.values():
        current = items.get(item.pk, item)
        current.save(update_fields=["holder_unit", "holder_person", "status", "cost", "updated_at"])
    voucher.mark_posted(actor)
    _give_minutes_number(voucher)
    voucher.save(update_fields=[*Voucher.POSTING_FIELDS, *MINUTES_FIELDS])


def _under_repair(item: Item) -> str:
    return _("%(item)s is under repair; receive it back from repair first.") % {"item": item}


def _repair_unit(voucher: Voucher) -> Unit:
    return voucher.from_unit if voucher.kind == VoucherKind.REPAIR_OUT else voucher.to_unit


def _lock_items(lines) -> dict[int, Item]:
    return {
        item.pk: item
        for item in Item.objects.select_for_update(of=("self",))
        .filter(pk__in=sorted({line.item_id for line in lines}))
        .select_related("holder_unit", "item_type")
        .order_by("pk")
    }


def _sent_for_repair_on(item: Item) -> datetime.date | None:
    """The day the item was last sent for repair (by a posted sending that stands)."""
    return VoucherLine.objects.filter(
        item=item,
        voucher__kind=VoucherKind.REPAIR_OUT,
        voucher__status=VoucherStatus.POSTED,
        voucher__reverses__isnull=True,
        voucher__reversal__isnull=True,
    ).aggregate(day=Max("voucher__date"))["day"]


def _apply_repair(voucher: Voucher, lines: list[VoucherLine], actor) -> None:
    """Send items for repair, or receive them back. The item stays the unit's asset: no ledger
    movement, its holder, the unit's holding and the fixed-asset register are unchanged; its status
    says it is under repair (then issued or in store again), and its condition may be updated."""
    unit = _repair_unit(voucher)
    items = _lock_items(lines)
    errors = []
    for line in lines:
        item = items[line.item_id]
        if item.holder_unit_id != unit.pk:
            errors.append(
                _("%(item)s is held by %(holder)s, not by %(unit)s.")
                % {"item": item, "holder": item.holder_unit or _("no unit"), "unit": unit}
            )
        elif voucher.kind == VoucherKind.REPAIR_OUT and item.status == ItemStatus.UNDER_REPAIR:
            errors.append(_("%(item)s is already under repair.") % {"item": item})
        elif voucher.kind == VoucherKind.REPAIR_BACK:
            sent_on = _sent_for_repair_on(item)
            if item.status != ItemStatus.UNDER_REPAIR:
                errors.append(_("%(item)s is not under repair.") % {"item": item})
            elif sent_on and sent_on > voucher.date:
                errors.append(
                    _("%(item)s was sent for repair on %(date)s; it cannot come back before.")
                    % {"item": item, "date": day_text(sent_on)}
                )
    raise_if_errors(errors)
    for line in lines:
        item = items[line.item_id]
        line.condition_before = item.condition
        line.save(update_fields=["condition_before"])
        if line.condition:
            item.condition = line.condition
        item.status = ItemStatus.UNDER_REPAIR if voucher.kind == VoucherKind.REPAIR_OUT else _status_at(unit)
        item.save(update_fields=["status", "condition", "updated_at"])
    voucher.mark_posted(actor)
    voucher.save(update_fields=Voucher.POSTING_FIELDS)


def _repair_undo_errors(voucher: Voucher, items: dict[int, Item]) -> list[str]:
    """Why a posted repair voucher cannot be undone: its items are no longer as it left them."""
    unit = _repair_unit(voucher)
    errors = []
    for item in items.values():
        if voucher.kind == VoucherKind.REPAIR_OUT:
            if item.holder_unit_id == unit.pk and item.status != ItemStatus.UNDER_REPAIR:
                errors.append(
                    _("%(item)s has come back from repair since; reverse its return from repair first.")
                    % {"item": item}
                )
                continue
            left = ItemStatus.UNDER_REPAIR
        else:
            left = _status_at(unit)
        if item.holder_unit_id != unit.pk or item.status != left:
            errors.append(_("%(item)s has moved on since this voucher.") % {"item": item})
    return errors


def _undo_repair(original: Voucher) -> None:
    """Put each item of ``original`` back in the status and condition it had before it."""
    original_lines = list(original.lines.order_by("id"))
    items = _lock_items(original_lines)
    raise_if_errors(_repair_undo_errors(original, items))
    unit = _repair_unit(original)
    for line in original_lines:
        item = items[line.item_id]
        item.status = _status_at(unit) if original.kind == VoucherKind.REPAIR_OUT else ItemStatus.UNDER_REPAIR
        if line.condition and line.condition_before:
            item.condition = line.condition_before
        item.save(update_fields=["status", "condition", "updated_at"])


def voucher_reverse_blockers(voucher: Voucher) -> list[str]:
    if voucher.status != VoucherStatus.POSTED:
        return [_("Only a posted voucher can be reversed; a draft can simply be changed or deleted.")]
    if voucher.reverses_id:
        return [_("A reversing voucher cannot itself be reversed.")]
    if voucher.kind == VoucherKind.STOCKTAKE:
        # Its quantities are what was counted: moving them back would undo a count, not a mistake.
        return [_("A stocktake adjustment voucher is not reversed; a new stocktake corrects it.")]
    if voucher.kind == VoucherKind.MERGER:
        return [
            _(
                "A merger voucher is part of the dissolution that wrote it and is not reversed on its own; "
                "move goods back with a transfer voucher."
            )
        ]
    if voucher.is_reversed:
        return [_("This voucher has already been reversed.")]
    if voucher.kind == VoucherKind.REVALUATION:
        worn = (
            WearEntry.objects.filter(item__voucher_lines__voucher=voucher, year__gte=voucher.date.year)
            .order_by("year")
            .first()
        )
        if worn is not None:
            return [
                _(
                    "The wear of %(year)s of %(item)s was computed on this cost; a cost adjustment is reversed "
                    "only before the wear of its year is computed — record a new adjustment instead."
                )
                % {"year": worn.year, "item": worn.item}
            ]
    if voucher.kind in REPAIR_KINDS:
        items = Item.objects.filter(voucher_lines__voucher=voucher).select_related("item_type").order_by("pk")
        return _repair_undo_errors(voucher, {item.pk: item for item in items})
    return []


@guarded_by(voucher_reverse_blockers)
@service
def voucher_reverse(*, actor, voucher: Voucher, date: datetime.date | None = None, reason: str = "") -> Voucher:
    """A posted voucher that undoes ``voucher`` movement by movement, linked to it."""
    original = Voucher.objects.select_for_update().get(pk=voucher.pk)
    require(actor, "post", original)
    refuse(voucher_reverse_blockers(original))
    date = date or timezone.localdate()
    if date < original.date:
        raise ValidationError({"date": _("A reversal cannot come before the voucher it reverses.")})
    # The reversal's own date counts: a voucher of a closed year is reversed in an open one.
    periods.require_open([original.from_unit, original.to_unit], date)
    reversal = Voucher(
        number=_next_number(original.kind, date),
        kind=original.kind,
        date=date,
        from_unit=original.from_unit,
        to_unit=original.to_unit,
        to_person=original.to_person,
        supplier=original.supplier,
        origin=original.origin,
        programme=original.programme,
        spending=original.spending,
        reverses=original,
        reason=(reason or _("Reversal of %(number)s") % {"number": original.number}).strip(),
        status=VoucherStatus.POSTED,
        posted_by=actor,
        posted_at=timezone.now(),
    )
    reversal.full_clean()
    reversal.save()
    repair = original.kind in REPAIR_KINDS
    VoucherLine.objects.bulk_create(
        [
            VoucherLine(
                voucher=reversal,
                item_type=line.item_type,
                item=line.item,
                quantity=line.quantity,
                unit_value=line.unit_value,
                description=line.description,
                # A repair undone: the condition the item is put back in, and the one it had.
                condition=line.condition_before if repair and line.condition else "",
                condition_before=line.condition if repair and line.condition else "",
            )
            for line in original.lines.order_by("id")
        ]
    )
    if original.kind in REPAIR_KINDS:
        _undo_repair(original)
        return reversal
    plan = _reversal_plan(reversal)
    _apply(reversal, plan, actor)
    return reversal


# --- handover minutes: number and representatives ----------------------------------------------

MINUTES_FIELDS = ("minutes_unit", "minutes_year", "minutes_sequence")


def minutes_unit_of(voucher: Voucher) -> Unit:
    """The unit that draws up the handover minutes: the one the goods leave, or for a voucher
    from outside the force (a receipt, a count, a cost adjustment) the one receiving them."""
    return voucher.from_unit or voucher.to_unit


def _give_minutes_number(voucher: Voucher) -> None:
    """Give a posted voucher the next handover-minutes number of its unit and year, once."""
    if voucher.minutes_sequence is not None or voucher.kind not in MINUTES_KINDS:
        return
    unit = minutes_unit_of(voucher)
    transaction_memo.hold_advisory_lock(MINUTES_LOCK, unit.pk)
    last = Voucher.objects.filter(minutes_unit=unit, minutes_year=voucher.date.year).aggregate(
        last=Max("minutes_sequence")
    )["last"]
    voucher.minutes_unit = unit
    voucher.minutes_year = voucher.date.year
    voucher.minutes_sequence = (last or 0) + 1


@service
def voucher_minutes_number(*, actor, voucher: Voucher) -> Voucher:
    """The voucher's handover-minutes number, given now to a voucher posted before minutes were
    numbered (the first time its minutes are printed); a numbered voucher keeps its number."""
    current = Voucher.objects.select_for_update(of=("self",)).select_related("from_unit", "to_unit").get(pk=voucher.pk)
    require(actor, "view", current)
    if current.status != VoucherStatus.POSTED:
        raise ValidationError(_("Handover minutes are printed for a posted voucher."))
    if current.minutes_sequence is None:
        _give_minutes_number(current)
        current.save(update_fields=[*MINUTES_FIELDS, "updated_at"])
    return current


@dataclass
class RepresentativeData:
    side: str
    person: Personnel | None = None
    full_name: str = ""
    rank: str = ""
    position: str = ""


def _as_representatives(rows: list) -> list[RepresentativeData]:
    """The representatives as given, an officer chosen from the personnel filling in the name,
    rank and position left empty; refused row by row when one is incomplete."""
    people, errors = [], []
    for number, raw in enumerate(rows, start=1):
        data = (
            raw
            if isinstance(raw, RepresentativeData)
            else RepresentativeData(
                **{key: value for key, value in dict(raw).items() if key in RepresentativeData.__dataclass_fields__}
            )
        )
        for key in ("full_name", "rank", "position"):
            setattr(data, key, (getattr(data, key) or "").strip())
        if data.person is not None:
            data.full_name = data.full_name or data.person.full_name
            data.rank = data.rank or data.person.get_rank_display()
            data.position = data.position or data.person.position
        prefix = _("Representative %(number)s: ") % {"number": number}
        if data.side not in RepresentativeSide.values:
            errors.append(prefix + _("say which side they sign for (handing over or receiving)."))
        if not data.full_name:
            errors.append(prefix + _("choose an officer or type the full name."))
        people.append(data)
    if errors:
        raise ValidationError({"representatives": errors})
    return people


def _save_representatives(voucher: Voucher, rows: list[RepresentativeData], *, replacing: bool = True) -> None:
    if replacing:
        voucher.representatives.all().delete()
    VoucherRepresentative.objects.bulk_create(
        [
            VoucherRepresentative(
                voucher=voucher,
                side=row.side,
                person=row.person,
                full_name=row.full_name[:120],
                rank=row.rank[:60],
                position=row.position[:120],
            )
            for row in rows
        ]
    )


def _refuse_merger_by_hand(kind: str) -> None:
    if kind == VoucherKind.MERGER:
        raise ValidationError(
            {"kind": _("A merger voucher is written by the dissolution of a unit; it is not made by hand.")}
        )
