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
)
from assets.services.common import IDENTIFIERS, MINUTES_LOCK, NUMBER_LOCK, PREFIXES
from logistics import periods, transaction_memo
from logistics.formatting import day_text
from logistics.models import Personnel, Unit, UnitKind
from logistics.scope import require, require_locked
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


def _as_line(raw) -> LineData:
    if isinstance(raw, LineData):
        return raw
    data = {key: value for key, value in dict(raw).items() if key in LineData.__dataclass_fields__}
    for key in ("quantity", "unit_value"):
        if data.get(key) is None:
            data.pop(key, None)
    for key in (*IDENTIFIERS, "description"):
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
        errors["to_unit"] = _("A disposal sends goods out of the force; leave the receiving unit empty.")
    if from_unit_id and from_unit_id == to_unit_id:
        errors["to_unit"] = _("Goods move between two different units.")
    return errors


def _check_header(voucher: Voucher) -> None:
    errors = voucher_side_errors(kind=voucher.kind, from_unit_id=voucher.from_unit_id, to_unit_id=voucher.to_unit_id)
    if voucher.kind == VoucherKind.RECEIPT and not voucher.origin:
        errors["origin"] = _("Say where the goods come from.")
    if voucher.to_person_id and voucher.to_unit_id and voucher.to_person.unit_id != voucher.to_unit_id:
        errors["to_person"] = _("The officer belongs to %(unit)s, not to the receiving unit.") % {
            "unit": voucher.to_person.unit
        }
    for side in ("from_unit", "to_unit"):
        unit = getattr(voucher, side)
        if unit is not None and not unit.is_active_on(voucher.date):
            errors.setdefault(
                side,
                _("%(unit)s did not exist on %(date)s.") % {"unit": unit, "date": day_text(voucher.date)},
            )
    if voucher.date and voucher.date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    raise_if_errors(errors)


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
    return []


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
    refuse(voucher_post_blockers(voucher))
    _check_header(voucher)
    _check_period(voucher)
    lines = list(voucher.lines.select_related("item_type", "item"))
    _check_lines(voucher, [_line_data(line) for line in lines])
    return _post(voucher, lines, actor)


def _post(voucher: Voucher, lines: list[VoucherLine], actor) -> Voucher:
    """Post a draft whose header, period and lines have been checked in this transaction."""
    plan = _reversal_plan(voucher) if voucher.reverses_id else _plan(voucher, lines)
    _apply(voucher, plan, actor)
    return voucher


def _line_data(line: VoucherLine) -> LineData:
    return LineData(
        item_type=line.item_type,
        quantity=line.quantity,
        unit_value=line.unit_value,
        item=line.item,
        **{field: getattr(line, field) for field in (*IDENTIFIERS, "description")},
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
                item.cost = step.line.unit_value
            elif step.quantity > 0:
                item.holder_unit = step.unit
                item.holder_person = step.person
                item.status = _status_at(step.unit)
            elif step.quantity < 0:
                item.holder_unit = None
                item.holder_person = None
                item.status = ItemStatus.LOST if voucher.kind == VoucherKind.STOCKTAKE else ItemStatus.DISPOSED
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
    VoucherLine.objects.bulk_create(
        [
            VoucherLine(
                voucher=reversal,
                item_type=line.item_type,
                item=line.item,
                quantity=line.quantity,
                unit_value=line.unit_value,
                description=line.description,
            )
            for line in original.lines.order_by("id")
        ]
    )
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
    if voucher.minutes_sequence is not None:
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
