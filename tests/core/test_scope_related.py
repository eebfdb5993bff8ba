"""Scope for what a record shows of other records (``logistics.scope.Disclosure``): the rule itself,
the table and serializer machinery that apply it, and the year closures nested in fiscal years
(issue 11: a commune commander read the whole force's closures through /api/budget/fiscal-years/)."""

import csv
import datetime
import io

import openpyxl
import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget import services as budget_services
from budget.models import Allocation, FiscalYear, YearClosure
from logistics.models import User
from logistics.roles import Role
from logistics.scope import Disclosure, Verdict, relation_path
from tests.conftest import api_for, logged_in
from tests.fixtures.budget import PAST_YEAR

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def fresh(user):
    """A new user object, as each request of a signed-in person has (nothing cached between them)."""
    return User.objects.get(pk=user.pk)


# --- the rule -----------------------------------------------------------------------------------


def test_relation_paths_follow_the_accessor_to_the_records_it_crosses():
    from construction.models import Funding, Payment
    from oversight.models import FindingLink

    assert relation_path(Allocation, ["unit"]).hops == ("unit",)
    assert relation_path(Allocation, ["unit"]).to_record
    assert relation_path(Allocation, ["amount"]) is None
    available = relation_path(Funding, ["allocation", "available"])
    assert available.hops == ("allocation",) and not available.to_record
    # A payment's date and amount are its own (its spending entry is part of it); its allocation is not.
    assert relation_path(Payment, ["spending", "date"]) is None
    assert relation_path(Payment, ["spending", "allocation"]).checked == (False, True)
    assert relation_path(Payment, ["spending"]).checked == (True,)
    # The two columns of a generic relation show the record it points to.
    assert relation_path(FindingLink, ["object_id"]).hops == ("record",)
    assert relation_path(FindingLink, ["content_type"]).hops == ("record",)


def test_the_verdicts(tree, make_user, make_allocation):
    from logistics.models import Unit

    reader = make_user(Role.UNIT_COMMANDER, tree.commune_a1)
    own = make_allocation(unit=tree.commune_a1)
    other = make_allocation(unit=tree.commune_a2)
    disclosure = Disclosure(reader)
    assert disclosure.verdict(own) is Verdict.SHOWN
    assert disclosure.verdict(other) is Verdict.HIDDEN
    assert disclosure.verdict(tree.commune_a2) is Verdict.HIDDEN
    # A unit that the shown record concerns is named: the commune's parent on the commune's page.
    assert disclosure.verdict(tree.district_a, shown_by=tree.commune_a1) is Verdict.NAMED
    assert disclosure.verdict(tree.district_b, shown_by=tree.commune_a1) is Verdict.HIDDEN
    # Shared reference data and the people who acted are named (linked for those who may open them).
    assert disclosure.verdict(own.source) is not Verdict.HIDDEN
    assert disclosure.verdict(make_user(None, tree.province)) is Verdict.NAMED
    # Known by kind and id only, without fetching it.
    with CaptureQueriesContext(connection) as queries:
        assert disclosure.verdict(model=Unit, pk=tree.commune_a1.pk) is Verdict.SHOWN
    assert not queries.captured_queries
    # The system itself (no reader) sees everything.
    assert Disclosure(None).verdict(other) is Verdict.SHOWN


def test_records_known_only_by_id_are_checked_together(tree, make_user, make_allocation, spend):
    from budget.models import Spending

    reader = make_user(Role.UNIT_COMMANDER, tree.commune_a1)
    units = [tree.commune_a1, tree.commune_a2, tree.commune_a1]
    entries = [
        spend(make_allocation(unit=unit, year=2020 + n), 1_000, day=datetime.date(2020 + n, 5, 10))
        for n, unit in enumerate(units)
    ]
    # Loaded without their allocations: whose they are needs the database, once for all of them.
    loaded = list(Spending.objects.filter(pk__in=[entry.pk for entry in entries]).order_by("id"))
    disclosure = Disclosure(reader)
    assert disclosure.may_see(tree.commune_a1)  # what the reader is (roles, units) is read once per request
    with CaptureQueriesContext(connection) as queries:
        disclosure.prime(loaded)
    assert len(queries.captured_queries) == 1
    with CaptureQueriesContext(connection) as queries:
        answers = [disclosure.may_see(entry) for entry in loaded]
    assert answers == [True, False, True] and not queries.captured_queries


# --- year closures nested in fiscal years --------------------------------------------------------


@pytest.fixture
def closures(tree, make_allocation):
    """The year closed for the province (the whole force) and for commune A1, each with an unspent
    balance to read: 12.345.678 ₫ at the province, 1.111.111 ₫ in the commune."""
    make_allocation(unit=tree.department, amount=12_345_678)
    make_allocation(unit=tree.commune_a1, amount=1_111_111)
    commune = budget_services.year_close(
        actor=None, fiscal_year=FiscalYear.objects.get(pk=PAST_YEAR), unit=tree.commune_a1, note=""
    )
    province = budget_services.year_close(
        actor=None, fiscal_year=FiscalYear.objects.get(pk=PAST_YEAR), unit=tree.province, note=""
    )
    return province, commune


def test_fiscal_years_nest_only_the_closures_in_the_readers_scope(closures, commune_commander, commander, tree):
    province, commune = closures
    body = api_for(commune_commander).get("/api/budget/fiscal-years/").json()["results"]
    nested = [closure for year in body for closure in year["closures"]]
    assert [closure["id"] for closure in nested] == [commune.pk]
    assert nested[0]["unit_name"] == tree.commune_a1.name
    text = str(body)
    assert tree.province.name not in text and str(province.unspent_total) not in text
    # The one record answers the same: the closure of the province is no more there than its page.
    one = api_for(commune_commander).get(f"/api/budget/fiscal-years/{PAST_YEAR}/").json()
    assert [closure["id"] for closure in one["closures"]] == [commune.pk]
    assert logged_in(commune_commander).get(province.get_absolute_url()).status_code == 404
    # The province's commander sees both.
    everything = api_for(commander).get(f"/api/budget/fiscal-years/{PAST_YEAR}/").json()
    assert {closure["id"] for closure in everything["closures"]} == {province.pk, commune.pk}


def test_the_fiscal_year_list_and_its_exports_name_only_closures_in_scope(closures, commune_commander, tree):
    client = logged_in(commune_commander)
    page = client.get(reverse("budget:fiscalyear_list")).content.decode()
    assert tree.commune_a1.name in page and tree.province.name not in page
    rows = read_csv(client.get(reverse("budget:fiscalyear_export") + "?format=csv"))
    year = next(row for row in rows if row[0] == str(PAST_YEAR))
    assert year[1] == tree.commune_a1.name
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(reverse("budget:fiscalyear_export") + "?format=xlsx").streaming_content))
    ).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert tree.commune_a1.name in cells and not any(tree.province.name in cell for cell in cells)
    api_rows = read_csv(api_for(commune_commander).get("/api/budget/fiscal-years/?export=csv"))
    assert not any(tree.province.name in cell for row in api_rows for cell in row)
    # The year's own page lists the closures in scope only.
    detail = client.get(reverse("budget:fiscalyear_detail", args=[PAST_YEAR])).content.decode()
    assert tree.province.name not in detail and "12.345.678" not in detail


def test_fiscal_years_cost_the_same_queries_however_many_closures(tree, make_allocation, commune_commander):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api_for(fresh(commune_commander)).get("/api/budget/fiscal-years/").status_code == 200
        return len(queries.captured_queries)

    def close(year, unit):
        make_allocation(unit=unit, year=year, amount=70_000_000)
        budget_services.year_close(actor=None, fiscal_year=FiscalYear.objects.get(pk=year), unit=unit, note="")

    close(2019, tree.commune_a1)
    before = count()
    close(2019, tree.commune_a2)
    for unit in (tree.commune_a1, tree.district_b, tree.province):
        close(2018, unit)
    assert YearClosure.objects.count() == 5
    assert count() == before


# --- tables and pages: a unit's parent, a voucher's other side -----------------------------------


def test_a_units_parent_is_named_without_a_link_the_reader_could_not_open(tree, commune_commander):
    client = logged_in(commune_commander)
    page = client.get(reverse("logistics:unit_list")).content.decode()
    assert tree.district_a.name in page
    assert tree.district_a.get_absolute_url() not in page
    detail = client.get(tree.commune_a1.get_absolute_url()).content.decode()
    assert tree.district_a.name in detail and tree.district_a.get_absolute_url() not in detail


def test_a_serializer_without_a_request_withholds_nothing(tree):
    from logistics.api.serializers import PersonnelSerializer
    from tests.factories import PersonnelFactory

    person = PersonnelFactory(unit=tree.commune_a2)
    assert PersonnelSerializer(person).data["unit_name"] == tree.commune_a2.name


def test_the_schema_says_a_related_field_may_be_null_in_answers_only(admin_user):
    schema = yaml.safe_load(api_for(admin_user).get("/api/schema/").content)["components"]["schemas"]
    funding = schema["Funding"]["properties"]["allocation"]
    assert funding.get("nullable") is True
    assert not schema["FundingRequest"]["properties"]["allocation"].get("nullable")
    # A unit the record itself concerns is always named: never null for being out of scope.
    assert not schema["Allocation"]["properties"]["unit_name"].get("nullable")


def test_a_report_refuses_a_unit_outside_scope_as_it_refuses_one_that_does_not_exist(tree, commune_commander):
    from rest_framework import serializers
    from rest_framework.test import APIRequestFactory

    from logistics.api.scoped import ScopedPrimaryKeyRelatedField
    from logistics.models import Unit

    class Query(serializers.Serializer):
        unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all())

    request = APIRequestFactory().get("/")
    request.user = commune_commander
    assert Query(data={"unit": tree.commune_a1.pk}, context={"request": request}).is_valid()
    refused = Query(data={"unit": tree.province.pk}, context={"request": request})
    assert not refused.is_valid() and "unit" in refused.errors
    assert tree.province.name not in str(refused.errors)


def test_deciding_without_a_query_agrees_with_restrict(tree, make_user, make_allocation, personnel_factory):
    """A record carrying its units is judged in memory; the answer is the scope function's."""
    from logistics.models import Personnel, Unit
    from logistics.scope import restrict

    for unit in (tree.province, tree.commune_a1, tree.commune_b1):
        make_allocation(unit=unit, amount=90_000_000 + unit.pk)
        personnel_factory(unit=unit)
    readers = [
        make_user(Role.UNIT_COMMANDER, tree.commune_a1),
        make_user(Role.LOGISTICS_OFFICER, tree.district_a),
        make_user(Role.CLINIC_STAFF, tree.province),
        make_user(Role.ADMINISTRATOR, tree.commune_b1),
    ]
    for reader in readers:
        for model in (Unit, Personnel, Allocation):
            expected = set(restrict(model.objects.all(), reader).values_list("pk", flat=True))
            disclosure = Disclosure(reader)
            decided = {record.pk for record in model.objects.all() if disclosure.may_see(record)}
            assert decided == expected, (reader.role_names, model)
