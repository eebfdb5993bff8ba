"""``generate_scale_data`` and ``benchmark`` on the demo data (issue 14).

The volumes are set so that the factor 2 doubles what it copies (a province's volumes would take
minutes here): the officers, the spending entries, the items and the whole register of vouchers,
and twice more the goods counted by quantity. The test's transaction is rolled back afterwards.
"""

import pytest
from django.apps import apps
from django.core.management import call_command

import assets.scale
import budget.scale
import logistics.scale
import medical.scale
from assets.models import Holding, Item, Movement, Voucher, VoucherLine
from budget.models import Allocation, Spending
from logistics.management.commands.benchmark import CASES
from logistics.models import ExportLog, Personnel, Unit
from logistics.roles import Role
from logistics.search import filter_by_search
from medical.models import Encounter
from tests.conftest import DEMO, api_for
from tests.factories import UserFactory

pytestmark = [*DEMO, pytest.mark.django_db]


def counts():
    quantity_movements = Movement.objects.filter(item__isnull=True).count()
    return {
        "personnel": Personnel.objects.count(),
        "spending": Spending.objects.count(),
        "items": Item.objects.count(),
        "vouchers": Voucher.objects.count(),
        "lines": VoucherLine.objects.count(),
        "movements": Movement.objects.count(),
        "quantity movements": quantity_movements,
        "encounters": Encounter.objects.count(),
    }


@pytest.fixture
def doubling(monkeypatch):
    before = counts()
    monkeypatch.setattr(logistics.scale, "PERSONNEL_PER_FACTOR", before["personnel"])
    monkeypatch.setattr(budget.scale, "SPENDING_PER_FACTOR", before["spending"])
    monkeypatch.setattr(assets.scale, "ITEMS_PER_FACTOR", before["items"])
    # Three times the movements in all: the whole register twice, the quantity goods once more or twice.
    monkeypatch.setattr(assets.scale, "MOVEMENTS_PER_FACTOR", before["movements"] * 1.5)
    monkeypatch.setattr(medical.scale, "ENCOUNTERS_PER_FACTOR", 0)
    return before


def units_with_siblings() -> list[Unit]:
    return [unit for unit in Unit.objects.filter(depth__gte=2, valid_to__isnull=True) if sibling_of(unit) is not None]


def sibling_of(unit: Unit) -> Unit | None:
    """A unit in service beside ``unit`` under the same parent: neither above nor below it, nor the
    successor of a dissolved one (units in service have none)."""
    return Unit.objects.get_siblings(unit).exclude(pk=unit.pk).filter(valid_to__isnull=True).first()


def officer_at(unit: Unit):
    return UserFactory(unit=unit, roles=[Role.LOGISTICS_OFFICER])


def test_the_factor_multiplies_every_area_and_keeps_the_books_exact(doubling):
    before = doubling
    spent = dict(Allocation.objects.values_list("pk", "spent_total"))
    holdings = {(h.unit_id, h.item_type_id): h.quantity for h in Holding.objects.all()}
    last_spending = Spending.objects.order_by("-pk").first().pk
    last_item = Item.objects.order_by("-pk").first().pk

    call_command("generate_scale_data", factor=2, verbosity=0)

    after = counts()
    extra = round(before["movements"] / before["quantity movements"])
    assert after["personnel"] == 2 * before["personnel"]
    assert after["spending"] == 2 * before["spending"]
    assert after["items"] == 2 * before["items"]
    assert after["movements"] == 2 * before["movements"] + extra * before["quantity movements"]
    assert after["encounters"] == before["encounters"]
    # The running totals: what each allocation spent doubled, a holding of goods by quantity tripled or more.
    for allocation in Allocation.objects.all():
        assert allocation.spent_total == 2 * spent[allocation.pk]
    assert any(h.quantity > 2 * holdings[(h.unit_id, h.item_type_id)] for h in Holding.objects.all() if h.quantity)
    for command in ("check_holdings", "check_budget_totals", "check_purchases"):
        call_command(command, verbosity=0)

    # Each copy is recorded in the history under the command, and its search columns are filled.
    copy = Spending.objects.filter(pk__gt=last_spending, allocation__unit__in=units_with_siblings()).first()
    events = apps.get_model("budget", "SpendingEvent").objects.filter(pgh_obj_id=copy.pk, pgh_label="insert")
    assert events.count() == 1
    assert events.get().pgh_context.metadata["command"] == "generate_scale_data"
    word = copy.description.split()[0]
    assert filter_by_search(Spending.objects.filter(pk=copy.pk), word).exists()
    assert copy.voucher_number.endswith("/1")

    # Scope holds: a copy belongs to its original's unit, out of a sibling unit's sight.
    unit = copy.allocation.unit
    assert api_for(officer_at(sibling_of(unit))).get(f"/api/budget/spending/{copy.pk}/").status_code == 404
    assert api_for(officer_at(unit)).get(f"/api/budget/spending/{copy.pk}/").status_code == 200
    item = Item.objects.filter(pk__gt=last_item, holder_unit__in=units_with_siblings()).first()
    assert api_for(officer_at(sibling_of(item.holder_unit))).get(f"/api/assets/items/{item.pk}/").status_code == 404


def test_the_benchmark_prints_every_row_and_the_growth_against_a_saved_run(capsys, tmp_path):
    saved = tmp_path / "run.json"
    call_command("benchmark", repeat=1, warmup=0, export_repeat=1, export_rows=50, json_path=str(saved))
    output = capsys.readouterr().out
    table = [line for line in output.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(table) == 1 + len(CASES)
    for case in CASES:
        assert case.label.split("page=1000")[0] in output
    assert "COPY" in output

    call_command("benchmark", saved=str(saved), compare=str(saved))
    growth = capsys.readouterr().out.split("Growth against")[1]
    rows = [line for line in growth.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + len(CASES)
    assert all(line.endswith("| ×1.0 |") for line in rows[1:])


def test_the_export_benchmark_reads_every_row_through_each_door_and_leaves_no_log(capsys):
    logged = ExportLog.objects.count()
    call_command("benchmark_exports", lists=["budget.spending"], repeat=1, formats="csv,xlsx", rollback=True)
    output = capsys.readouterr().out
    rows = Spending.objects.count()
    assert f"budget.spending: {rows} rows, planned" in output
    for door in ("web csv", "api csv", "web xlsx", "api xlsx"):
        assert f"  {door}: {rows} rows," in output
    assert "COPY of the export's own select" in output
    assert ExportLog.objects.count() == logged  # --rollback: the runs' export log is not kept
