"""Every list's export, as its plan reads it (``logistics.export_plan``: tuples from the database,
whole rows made in SQL where the columns allow), equals what the list's table shows of the same
rows — names, labels, money, days and the names withheld by the scope rule — for a reader of the
sample's branch, an outsider and an administrator."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from logistics.export_plan import plan_for
from logistics.exports import _csv_text, export_rows, export_table
from logistics.models import Unit
from logistics.registry import registry
from logistics.scope import hidden_label, restrict
from tests.generated.conftest import api, as_csv, csv_rows, web, xlsx_rows
from tests.generated.declarations import label_of, page_declarations

DECLARATIONS = {label_of(declaration.model): declaration for declaration in page_declarations()}
LABELS = sorted(DECLARATIONS)
#: The lists whose exports the database makes whole (every column said in SQL).
MADE_BY_THE_DATABASE = ("assets.movement", "budget.spending", "medical.encounter", "logistics.personnel")


def _readers(world, model):
    sample = world.sample(model)
    readers = [world.admin, world.reader(model, "view", sample), world.outsider(model)]
    return [reader for reader in readers if reader is not None]


def _as_text(rows) -> list[list[str]]:
    return [["" if value is None else str(value) for value in row] for row in rows]


@pytest.mark.parametrize("label", LABELS)
def test_the_export_shows_what_the_table_shows(world, label):
    declaration = DECLARATIONS[label]
    with translation.override("vi"):
        for reader in _readers(world, declaration.model):
            queryset = restrict(declaration.get_queryset(), reader, "view")
            _headers, _money, shown = export_table(queryset, declaration.table, reader=reader)
            shown = list(shown)
            _headers, _money, typed = export_rows(queryset, declaration.table, reader=reader)
            assert _as_text(typed) == _as_text(shown), reader
            _headers, _money, text = export_rows(queryset, declaration.table, reader=reader, finish=_csv_text)
            assert _as_text(text) == _as_text([[_csv_text(value) for value in row] for row in shown]), reader


@pytest.mark.parametrize("label", MADE_BY_THE_DATABASE)
def test_the_big_lists_are_made_by_the_database(world, label):
    declaration = DECLARATIONS[label]
    reader = world.reader(declaration.model, "view", world.sample(declaration.model)) or world.admin
    queryset = restrict(declaration.get_queryset(), reader, "view")
    plan = plan_for(declaration.table(queryset.none(), reader=reader), queryset)
    assert plan is not None and plan.sql_columns(reader, text=True) is not None


def test_withheld_names_are_withheld_in_the_export_too(world):
    """At least one list of the world shows an outsider a record they may not see: the equality
    above then covers the withholding; here the file is checked to hold the place, not the name."""
    withheld = 0
    with translation.override("vi"):
        labels = {str(hidden_label(Unit)), str(hidden_label(None))}
        for label in LABELS:
            declaration = DECLARATIONS[label]
            outsider = world.outsider(declaration.model)
            queryset = restrict(declaration.get_queryset(), outsider, "view")
            _headers, _money, rows = export_rows(queryset, declaration.table, reader=outsider, finish=_csv_text)
            withheld += sum(1 for row in rows for value in row if value in labels)
    assert withheld > 0


def _api_list(model) -> str | None:
    for route in registry.api_routes(model._meta.app_label):
        if route.viewset.queryset.model is model and model._meta.app_label != "logistics":
            return f"/api/{model._meta.app_label}/{route.prefix}/"
    return None


def _xlsx_as_csv(value, expected) -> str:
    """A spreadsheet cell as the CSV writes it (openpyxl reads a day as midnight of that day)."""
    if isinstance(value, datetime.datetime) and not isinstance(expected, datetime.datetime):
        value = value.date()
    elif isinstance(value, datetime.datetime):
        value = timezone.make_aware(value)
    return "" if value is None else str(_csv_text(value))


@pytest.mark.parametrize("label", [label for label in LABELS if label != "logistics.exportlog"])
def test_every_door_writes_the_tables_cells(world, label):
    """Web CSV (PostgreSQL's COPY for the big lists), web XLSX and the API's CSV and XLSX hold, for an
    administrator, a reader of the sample's branch and an outsider, the cells the table shows —
    names withheld by the scope rule, choice labels in Vietnamese, dd/mm/yyyy, whole đồng. (The
    export log is left out: each export of this test adds a row to it.)"""
    declaration = DECLARATIONS[label]
    api_url = _api_list(declaration.model)
    for reader in _readers(world, declaration.model):
        with translation.override("vi"):
            queryset = restrict(declaration.get_queryset(), reader, "view")
            _headers, _money, shown = export_table(queryset, declaration.table, reader=reader)
            shown = list(shown)
        expected = sorted(as_csv(row) for row in shown)
        doors = [(web(reader).get, declaration.url("export"), "format")]
        if api_url is not None:
            doors.append((api(reader).get, api_url, "export"))
        for get, url, parameter in doors:
            assert sorted(csv_rows(get(url, {parameter: "csv"}))[1:]) == expected, (url, reader)
            sheet = xlsx_rows(get(url, {parameter: "xlsx"}))[1:]
            assert len(sheet) == len(shown), (url, reader)
            by_first = sorted(
                [_xlsx_as_csv(value, typed) for value, typed in zip(line, shown[0], strict=False)] for line in sheet
            )
            if shown and not any(isinstance(value, datetime.datetime) for value in shown[0]):
                assert by_first == expected, (url, reader)
