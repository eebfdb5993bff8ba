"""The year end is three acts, each final: closing the books (khóa sổ), carrying over or cancelling
each unspent balance (chuyển nguồn, hủy dự toán), and the settlement approved by the superior
(quyết toán được duyệt) — in that order, through the services, the pages and the API."""

import datetime
import io

import openpyxl
import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from budget import services
from budget.models import Allocation, BalanceDisposition, YearSettlement
from budget.selectors import execution_report, settlement_differences
from logistics.roles import Role
from tests.budget.test_concurrency import run_in_parallel
from tests.conftest import api_for, logged_in
from tests.fixtures.budget import PAST_YEAR

pytestmark = pytest.mark.django_db

DECIDED = datetime.date(PAST_YEAR + 1, 1, 20)


def fresh(record):
    record.refresh_from_db()
    return record


@pytest.fixture
def closed(make_allocation, spend, tree):
    """An allocation of 10 million, 6 million spent, in a year closed for the province."""
    allocation = make_allocation(10_000_000)
    spend(allocation, 6_000_000)
    services.year_close(actor=None, fiscal_year=services.fiscal_year_for(PAST_YEAR), unit=tree.province)
    return fresh(allocation)


def dispose(allocation, amount, kind="carry_over", actor=None, number="QĐ-CN-1", date=DECIDED):
    return services.balance_dispose(
        actor=actor,
        fiscal_year=allocation.fiscal_year,
        allocation=allocation,
        kind=kind,
        amount=amount,
        decision_number=number,
        decision_date=date,
    )


def settle(unit, actor=None, year=PAST_YEAR, date=datetime.date(PAST_YEAR + 1, 3, 1)):
    return services.year_settle(
        actor=actor,
        fiscal_year=services.fiscal_year_for(year),
        unit=unit,
        decision_number="QĐ-DQT-1",
        decision_date=date,
        approving_body="Cục Kế hoạch và tài chính",
    )


def test_carrying_over_creates_an_allocation_next_year_and_the_money_leaves_once(closed, tree):
    disposition = dispose(closed, 3_000_000)
    carried = disposition.carried_to
    assert (carried.fiscal_year_id, carried.unit, carried.source, carried.category) == (
        PAST_YEAR + 1,
        closed.unit,
        closed.source,
        closed.category,
    )
    assert carried.status == "approved" and carried.amount == 3_000_000 and carried.carried_over_from == closed
    closed = fresh(closed)
    assert (closed.disposed_total, closed.available) == (3_000_000, 1_000_000)
    cancel = dispose(closed, 1_000_000, kind="cancel", number="QĐ-HDT-1")
    assert cancel.carried_to is None and fresh(closed).available == 0
    assert settlement_differences() == []
    # The same money cannot go twice.
    with pytest.raises(ValidationError) as error:
        dispose(fresh(closed), 1, kind="cancel")
    assert "amount" in error.value.message_dict
    # The next year's own estimate for the same unit, source and category still goes beside it.
    own = services.allocation_create(
        actor=None,
        fiscal_year=carried.fiscal_year,
        unit=closed.unit,
        source=closed.source,
        category=closed.category,
        amount=50_000_000,
        decision_number="QĐ-2025",
        decision_date=datetime.date(PAST_YEAR, 12, 20),
    )
    assert own.carried_over_from is None
    # The database keeps the balance whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=closed.pk).update(disposed_total=4_000_001)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": 4_000_001}, "amount"),
        ({"kind": "bogus"}, "kind"),
        ({"number": " "}, "decision_number"),
        ({"date": datetime.date(PAST_YEAR - 1, 12, 31)}, "decision_date"),
        ({"date": datetime.date(2099, 1, 1)}, "decision_date"),
    ],
)
def test_bad_dispositions_are_refused_beside_the_field(closed, arguments, field):
    arguments = {"amount": 1_000_000, **arguments}
    with pytest.raises(ValidationError) as error:
        dispose(closed, **arguments)
    assert field in error.value.message_dict
    assert not BalanceDisposition.objects.exists() and fresh(closed).disposed_total == 0


def test_a_balance_is_disposed_of_only_after_closing_and_before_settlement(make_allocation, tree):
    allocation = make_allocation(10_000_000)
    with pytest.raises(ValidationError) as error:
        dispose(allocation, 1_000_000)
    assert "allocation" in error.value.message_dict
    services.year_close(actor=None, fiscal_year=allocation.fiscal_year, unit=tree.province)
    dispose(allocation, 10_000_000, kind="cancel")
    settle(tree.province)
    other = make_allocation(5_000_000, unit=tree.commune_b1, year=PAST_YEAR + 1)
    with pytest.raises(ValidationError) as error:
        services.balance_dispose(  # an allocation of another year than the one named
            actor=None,
            fiscal_year=allocation.fiscal_year,
            allocation=other,
            kind="cancel",
            amount=1_000_000,
            decision_number="QĐ-X",
            decision_date=DECIDED,
        )
    assert "allocation" in error.value.message_dict


def test_settlement_needs_the_closing_and_every_balance_disposed_of(closed, tree):
    with pytest.raises(ValidationError) as error:
        settle(tree.province, year=PAST_YEAR + 1)
    assert "unit" in error.value.message_dict  # not closed
    with pytest.raises(ValidationError) as error:
        settle(tree.province)
    assert "4.000.000\xa0₫" in error.value.message_dict["unit"][0]  # a balance is left
    dispose(closed, 4_000_000, kind="cancel")
    settlement = settle(tree.district_a)  # a unit under the closed one
    assert settlement.closure.unit == tree.province and settlement.spent_total == 6_000_000
    with pytest.raises(ValidationError) as error:
        settle(tree.commune_a1)  # already settled through its district
    assert "unit" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        dispose(fresh(closed), 1, kind="cancel")
    assert "allocation" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.year_settle(
            actor=None,
            fiscal_year=services.fiscal_year_for(PAST_YEAR),
            unit=tree.province,
            decision_number="",
            decision_date=None,
            approving_body="",
        )
    assert {"decision_number", "decision_date", "approving_body"} <= set(error.value.message_dict)
    with pytest.raises(IntegrityError), transaction.atomic():
        YearSettlement.objects.create(
            fiscal_year=settlement.fiscal_year,
            unit=settlement.unit,
            closure=settlement.closure,
            decision_number="X",
            decision_date=DECIDED,
            approving_body="X",
        )


def test_who_may_take_the_year_end_acts(closed, make_user, tree, auditor, officer):
    with pytest.raises(PermissionDenied):
        dispose(closed, 1_000_000, actor=auditor)
    stranger = make_user(Role.LOGISTICS_OFFICER, tree.commune_b1)
    with pytest.raises(PermissionDenied):
        dispose(closed, 1_000_000, actor=stranger)
    with pytest.raises(PermissionDenied):
        settle(tree.district_a, actor=stranger)
    disposition = dispose(closed, 4_000_000, actor=officer, kind="cancel")
    assert disposition.recorded_by == officer
    assert settle(tree.province, actor=officer).recorded_by == officer


def test_the_api_takes_the_three_acts(make_allocation, spend, officer, tree, make_user):
    allocation = make_allocation(10_000_000)
    spend(allocation, 6_000_000)
    api = api_for(officer)
    base = f"/api/budget/fiscal-years/{PAST_YEAR}"
    early = api.post(
        f"{base}/carry-over/",
        {
            "allocation": allocation.pk,
            "kind": "carry_over",
            "amount": 1_000_000,
            "decision_number": "QĐ-1",
            "decision_date": f"{PAST_YEAR + 1}-01-20",
        },
        format="json",
    )
    assert early.status_code == 400 and "allocation" in early.json()["errors"]
    assert api.post(f"{base}/close/", {"unit": tree.province.pk}, format="json").status_code == 200
    bad = api.post(f"{base}/carry-over/", {"kind": "x", "amount": 0}, format="json")
    assert bad.status_code == 400
    assert {"allocation", "kind", "amount", "decision_number", "decision_date"} <= set(bad.json()["errors"])
    carried = api.post(
        f"{base}/carry-over/",
        {
            "allocation": allocation.pk,
            "kind": "carry_over",
            "amount": 3_000_000,
            "decision_number": "QĐ-1",
            "decision_date": f"{PAST_YEAR + 1}-01-20",
        },
        format="json",
    )
    assert carried.status_code == 200, carried.json()
    assert carried.json()["kind"] == "carry_over" and carried.json()["carried_to"]
    new = api.get(f"/api/budget/allocations/{carried.json()['carried_to']}/").json()
    assert new["carried_over_from"] == allocation.pk and new["fiscal_year"] == PAST_YEAR + 1
    early_settle = api.post(
        f"{base}/settle/",
        {
            "unit": tree.province.pk,
            "decision_number": "QĐ-DQT",
            "decision_date": f"{PAST_YEAR + 1}-03-01",
            "approving_body": "Bộ Công an",
        },
        format="json",
    )
    assert early_settle.status_code == 400 and "unit" in early_settle.json()["errors"]
    api.post(
        f"{base}/carry-over/",
        {
            "allocation": allocation.pk,
            "kind": "cancel",
            "amount": 1_000_000,
            "decision_number": "QĐ-2",
            "decision_date": f"{PAST_YEAR + 1}-01-20",
        },
        format="json",
    )
    settled = api.post(
        f"{base}/settle/",
        {
            "unit": tree.province.pk,
            "decision_number": "QĐ-DQT",
            "decision_date": f"{PAST_YEAR + 1}-03-01",
            "approving_body": "Bộ Công an",
        },
        format="json",
    )
    assert settled.status_code == 200, settled.json()
    assert settled.json()["approving_body"] == "Bộ Công an"
    listed = api.get("/api/budget/dispositions/").json()
    assert listed["count"] == 2
    # Out of scope: the records are not there for another branch; its allocation cannot be named.
    stranger = make_user(Role.LOGISTICS_OFFICER, tree.commune_b1)
    other = api_for(stranger)
    assert other.get("/api/budget/dispositions/").json()["count"] == 0
    assert other.get(f"/api/budget/settlements/{settled.json()['id']}/").status_code == 404
    disposition_id = listed["results"][0]["id"]
    assert other.get(f"/api/budget/dispositions/{disposition_id}/").status_code == 404
    named = other.post(
        f"{base}/carry-over/",
        {
            "allocation": allocation.pk,
            "kind": "cancel",
            "amount": 1,
            "decision_number": "X",
            "decision_date": f"{PAST_YEAR + 1}-01-20",
        },
        format="json",
    )
    assert named.status_code == 400 and "allocation" in named.json()["errors"]


def test_the_pages_offer_the_acts_and_list_them(closed, officer, tree):
    client = logged_in(officer)
    year_page = reverse("budget:fiscalyear_detail", args=[PAST_YEAR])
    page = client.get(year_page).content.decode()
    assert reverse("budget:fiscalyear_carry_over", args=[PAST_YEAR]) in page
    assert reverse("budget:fiscalyear_settle", args=[PAST_YEAR]) in page
    refused = client.post(
        reverse("budget:fiscalyear_carry_over", args=[PAST_YEAR]),
        {
            "allocation": closed.pk,
            "kind": "carry_over",
            "amount": "9.000.000",
            "decision_number": "QĐ-1",
            "decision_date": "20/01/2025",
        },
    )
    assert refused.status_code == 400 and "amount" in refused.context["form"].errors
    done = client.post(
        reverse("budget:fiscalyear_carry_over", args=[PAST_YEAR]),
        {
            "allocation": closed.pk,
            "kind": "cancel",
            "amount": "4.000.000",
            "decision_number": "QĐ-1",
            "decision_date": "20/01/2025",
        },
    )
    assert done.status_code == 302
    disposition = BalanceDisposition.objects.get()
    assert "QĐ-1" in client.get(reverse("budget:balancedisposition_list")).content.decode()
    assert client.get(disposition.get_absolute_url()).status_code == 200
    settled = client.post(
        reverse("budget:fiscalyear_settle", args=[PAST_YEAR]),
        {
            "unit": tree.province.pk,
            "decision_number": "QĐ-DQT",
            "decision_date": "01/03/2025",
            "approving_body": "Bộ Công an",
        },
    )
    assert settled.status_code == 302
    assert "QĐ-DQT" in client.get(reverse("budget:yearsettlement_list")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_officers_cannot_carry_the_same_money_over_twice(make_allocation, spend, tree):
    allocation = make_allocation(10_000_000)
    spend(allocation, 6_000_000)
    services.year_close(actor=None, fiscal_year=services.fiscal_year_for(PAST_YEAR), unit=tree.province)
    connection.close()
    jobs = [
        lambda i=i: dispose(allocation, 3_000_000, kind="carry_over" if i % 2 else "cancel", number=f"QĐ-{i}")
        for i in range(6)
    ]
    outcomes = run_in_parallel(jobs)
    assert sorted(outcomes) == ["ok"] + ["refused"] * 5
    allocation = fresh(allocation)
    assert allocation.disposed_total == 3_000_000 and allocation.available == 1_000_000
    assert BalanceDisposition.objects.count() == 1
    assert (
        Allocation.objects.filter(carried_over_from=allocation).count()
        == BalanceDisposition.objects.filter(kind="carry_over").count()
    )


def test_the_execution_report_shows_the_money_carried_in_apart(closed, tree, auditor):
    """Carried-in money is a column of its own: allocated this year + carried in + adjustments =
    total, total − spent − carried over or cancelled = remaining, on every row, in every door."""
    carried = dispose(closed, 3_000_000).carried_to
    services.allocation_approve(
        actor=None,
        allocation=services.allocation_create(
            actor=None,
            fiscal_year=carried.fiscal_year,
            unit=closed.unit,
            source=closed.source,
            category=closed.category,
            amount=50_000_000,
            decision_number="QĐ-2025",
            decision_date=datetime.date(PAST_YEAR, 12, 20),
        ),
    )
    api = api_for(auditor)
    both = api.get("/api/budget/execution/", {"year_from": PAST_YEAR, "year_to": PAST_YEAR + 1}).json()
    next_year = api.get("/api/budget/execution/", {"year_from": PAST_YEAR + 1, "year_to": PAST_YEAR + 1}).json()
    totals = next_year["sections"][0]["totals"]
    assert (totals["allocated"], totals["carried_in"], totals["total"]) == (50_000_000, 3_000_000, 53_000_000)
    for report in (both, next_year):
        for section in report["sections"]:
            for row in [*section["rows"], section["totals"]]:
                if "carried_in" not in row:
                    continue
                assert row["allocated"] + row["carried_in"] + row["adjusted"] == row["total"], row
                assert row["total"] - row["spent"] - row["disposed"] == row["available"], row
    # The year it came from shows it carried out, the year it went to carried in.
    past = api.get("/api/budget/execution/", {"year_from": PAST_YEAR, "year_to": PAST_YEAR}).json()
    assert (past["sections"][0]["totals"]["carried_in"], past["sections"][0]["totals"]["disposed"]) == (0, 3_000_000)
    # The figure links to the carried-over allocation alone, the year's own to the estimate alone.
    client = logged_in(auditor)
    url = reverse("budget:execution") + f"?year_from={PAST_YEAR + 1}&year_to={PAST_YEAR + 1}"
    page = client.get(url)
    first = execution_report(user=auditor, year_from=PAST_YEAR + 1, year_to=PAST_YEAR + 1).sections[0].totals
    for key, amount in (("carried_in", 3_000_000), ("allocated", 50_000_000)):
        listed = client.get(first["_links"][key])
        assert listed.context["total_values"]["amount"] == amount, key
    heading = _("Carried in from the previous year")
    assert heading in page.content.decode()
    csv_text = client.get(url + "&format=csv").content.decode("utf-8-sig")
    assert heading in csv_text and "3000000" in csv_text
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content))
    cells = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert heading in cells and 3_000_000 in cells
    pdf = pypdf.PdfReader(io.BytesIO(client.get(url + "&format=pdf").content))
    text = " ".join(page_.extract_text() for page_ in pdf.pages)
    assert "3.000.000" in text
