"""Reads of the shared core used by reports and scope."""

from __future__ import annotations

from logistics.models.units import Unit


def rollup_unit_ids(unit: Unit) -> frozenset[int]:
    """Units counted under ``unit`` in roll-ups: its subtree, plus every unit dissolved into any
    of those (with whatever stayed under it), repeatedly."""
    return rollup_reach(unit)[0]


def rollup_reach(unit: Unit) -> tuple[frozenset[int], bool]:
    """:func:`rollup_unit_ids` of ``unit``, and whether they are every unit of the force (dissolved
    ones included), read in the same one query."""
    rows = list(Unit.objects.values_list("id", "path", "successor_id", "valid_to").order_by("path"))
    # Only the subtree and the dissolved units take part, as they always have.
    taking_part = [
        (pk, path, successor)
        for pk, path, successor, valid_to in rows
        if path.startswith(unit.path) or valid_to is not None
    ]
    reached = {pk for pk, path, _successor in taking_part if path.startswith(unit.path)}
    grown = True
    while grown:
        grown = False
        for pk, path, successor in taking_part:
            if successor in reached and pk not in reached:
                for inner_pk, inner_path, _successor in taking_part:
                    if inner_path.startswith(path) and inner_pk not in reached:
                        reached.add(inner_pk)
                        grown = True
    return frozenset(reached), len(reached) == len(rows)


def current_successor(unit: Unit) -> Unit:
    """The unit that today answers for ``unit``: itself, or the end of its successor chain."""
    seen = set()
    while unit.successor_id and unit.pk not in seen:
        seen.add(unit.pk)
        unit = Unit.objects.get(pk=unit.successor_id)
    return unit


def rollup_map() -> dict[int, int]:
    """Map of every dissolved unit's id to the id of the current unit that answers for it."""
    successor_of = dict(Unit.objects.filter(successor__isnull=False).values_list("id", "successor_id"))
    result = {}
    for unit_id in successor_of:
        target, hops = unit_id, 0
        while target in successor_of and hops < 100:
            target, hops = successor_of[target], hops + 1
        result[unit_id] = target
    return result
