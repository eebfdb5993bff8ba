import datetime

import pytest
from django.urls import reverse

from budget import services
from budget.models import Allocation, Spending
from budget.selectors import execution_report
from logistics.models import User
from logistics.roles import Role
from tests.conftest import api_for, logged_in
from tests.fixtures.budget import PAST_YEAR

pytestmark = pytest.mark.django_db


def test_officer_enters_an_allocation_typing_amounts_the_vietnamese_way(officer, tree, source, category):
    services.fiscal_year_for(PAST_YEAR)
    response = logged_in(officer).post(
        reverse("budget:allocation_add"),
        {
            "fiscal_year": PAST_YEAR,
            "unit": tree.commune_a1.pk,
            "source": source.pk,
            "category": category.pk,
            "amount": "15.000.000",
            "decision_number": "12/QĐ",
            "decision_date": "20/12/2023",
            "note": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    allocation = Allocation.objects.get()
    assert (allocation.amount, allocation.status) == (15_000_000, "draft")


def test_bad_amounts_are_refused_beside_the_field(officer, tree, source, category):
    services.fiscal_year_for(PAST_YEAR)
    for amount in ("15,5 triệu", "-3", "0"):
        response = logged_in(officer).post(
            reverse("budget:allocation_add"),
            {
                "fiscal_year": PAST_YEAR,
                "unit": tree.commune_a1.pk,
                "source": source.pk,
                "category": category.pk,
                "amount": amount,
                "decision_number": "12/QĐ",
                "decision_date": "20/12/2023",
            },
        )
        assert response.status_code == 400
        assert "amount" in response.context["form"].errors
    assert not Allocation.objects.exists()


def test_save_and_post_shows_the_overspend_message_and_keeps_what_was_typed(officer, make_allocation):
    allocation = make_allocation(12_000_000)
    response = logged_in(officer).post(
        reverse("budget:spending_add"),
        {
            "allocation": allocation.pk,
            "kind": "payment",
            "date": f"10/05/{PAST_YEAR}",
            "amount": "15.000.000",
            "voucher_number": "PC-01",
            "description": "Mua văn phòng phẩm",
            "_post": "1",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["amount"] == [
        "Vượt dự toán còn lại: còn 12.000.000\u00a0₫, yêu cầu 15.000.000\u00a0₫."
    ]
    assert "Mua văn phòng phẩm" in response.content.decode()
    assert not Spending.objects.exists()


def test_approve_and_post_through_the_pages(approver, make_allocation, tree):
    allocation = make_allocation(20_000_000, approve=False)
    client = logged_in(approver)
    detail = client.get(allocation.get_absolute_url()).content.decode()
    assert reverse("budget:allocation_approve", args=[allocation.pk]) in detail
    assert client.post(reverse("budget:allocation_approve", args=[allocation.pk])).status_code == 302
    allocation.refresh_from_db()
    assert allocation.status == "approved" and allocation.approved_by == approver
    response = client.post(
        reverse("budget:spending_add"),
        {
            "allocation": allocation.pk,
            "kind": "payment",
            "date": f"10/05/{PAST_YEAR}",
            "amount": "5000000",
            "voucher_number": "PC-02",
            "description": "Sửa chữa",
            "_save": "1",
        },
    )
    entry = Spending.objects.get()
    assert response.status_code == 302 and entry.status == "draft"
    assert client.post(reverse("budget:spending_post", args=[entry.pk])).status_code == 302
    entry.refresh_from_db()
    assert entry.status == "posted"
    # A posted entry offers reversal, not edit or delete.
    page = client.get(entry.get_absolute_url()).content.decode()
    assert reverse("budget:spending_reverse", args=[entry.pk]) in page
    assert reverse("budget:spending_edit", args=[entry.pk]) not in page
    assert client.post(reverse("budget:spending_delete", args=[entry.pk])).status_code == 302
    assert Spending.objects.filter(pk=entry.pk).exists()


def test_officer_without_the_approve_permission_sees_no_approve_button(officer, make_allocation):
    allocation = make_allocation(20_000_000, approve=False)
    client = logged_in(officer)
    assert (
        reverse("budget:allocation_approve", args=[allocation.pk])
        not in client.get(allocation.get_absolute_url()).content.decode()
    )
    assert client.post(reverse("budget:allocation_approve", args=[allocation.pk])).status_code == 403


def test_budget_lists_follow_scope_from_every_door(make_allocation, spend, commune_commander, tree):
    own = make_allocation(10_000_000, unit=tree.commune_a1, decision_number="QĐ-RIENG")
    far = make_allocation(10_000_000, unit=tree.commune_b1, decision_number="QĐ-XA")
    spend(own, 1_000_000, voucher="PC-RIENG")
    spend(far, 1_000_000, voucher="PC-XA")
    client = logged_in(commune_commander)
    page = client.get(reverse("budget:allocation_list")).content.decode()
    assert "QĐ-RIENG" in page and "QĐ-XA" not in page
    assert client.get(far.get_absolute_url()).status_code == 404
    api = api_for(commune_commander)
    assert [row["voucher_number"] for row in api.get("/api/budget/spending/").json()["results"]] == ["PC-RIENG"]
    assert api.get(f"/api/budget/allocations/{far.pk}/").status_code == 404
    csv_text = b"".join(client.get(reverse("budget:spending_export") + "?format=csv").streaming_content).decode()
    assert "PC-RIENG" in csv_text and "PC-XA" not in csv_text
    report = api.get("/api/budget/execution/", {"year_from": PAST_YEAR, "year_to": PAST_YEAR}).json()
    assert report["sections"][0]["totals"]["allocated"] == 10_000_000


def test_api_workflow_with_field_errors(approver, make_allocation, tree):
    allocation = make_allocation(10_000_000, approve=False)
    api = api_for(approver)
    assert api.post(f"/api/budget/allocations/{allocation.pk}/approve/").json()["status"] == "approved"
    created = api.post(
        "/api/budget/spending/",
        {
            "allocation": allocation.pk,
            "date": f"{PAST_YEAR}-03-01",
            "amount": 4_000_000,
            "voucher_number": "API-1",
            "description": "Qua API",
            "post": True,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "posted"
    refused = api.post(
        "/api/budget/spending/",
        {
            "allocation": allocation.pk,
            "date": f"{PAST_YEAR}-03-01",
            "amount": 7_000_000,
            "voucher_number": "API-2",
            "description": "Vượt",
            "post": True,
        },
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["amount"][0].startswith("Vượt dự toán còn lại")
    reversed_ = api.post(f"/api/budget/spending/{created.json()['id']}/reverse/", {"reason": "Ghi nhầm"}, format="json")
    assert reversed_.status_code == 200 and reversed_.json()["signed_amount"] == -4_000_000
    bad = api.post("/api/budget/adjustments/", {"allocation": allocation.pk, "amount": 0}, format="json")
    assert bad.status_code == 400 and {"decision_number", "decision_date", "reason"} <= set(bad.json()["errors"])
    assert Allocation.objects.get(pk=allocation.pk).spent_total == 0
    auditor = User.objects.create(username="kiemtoan", unit=tree.province)
    from django.contrib.auth.models import Group

    auditor.groups.add(Group.objects.get(name="auditor"))
    forbidden = api_for(auditor).post(
        f"/api/budget/fiscal-years/{PAST_YEAR}/close/", {"unit": tree.province.pk}, format="json"
    )
    assert forbidden.status_code == 403
    closed = api.post(f"/api/budget/fiscal-years/{PAST_YEAR}/close/", {"unit": tree.province.pk}, format="json")
    assert closed.status_code == 200
    late = api.post(
        "/api/budget/spending/",
        {
            "allocation": allocation.pk,
            "date": f"{PAST_YEAR}-04-01",
            "amount": 1_000,
            "voucher_number": "API-3",
            "description": "Muộn",
        },
        format="json",
    )
    assert late.status_code == 400 and "đã khóa sổ" in late.json()["errors"]["date"][0]


def test_year_close_through_api_and_page(make_user, make_allocation, tree):
    officer = make_user(Role.LOGISTICS_OFFICER, tree.province)
    make_allocation(10_000_000)
    closed = api_for(officer).post(
        f"/api/budget/fiscal-years/{PAST_YEAR}/close/", {"unit": tree.district_a.pk}, format="json"
    )
    assert closed.status_code == 200, closed.json()
    assert closed.json()["closures"][0]["unspent_total"] == 10_000_000
    again = logged_in(officer).post(
        reverse("budget:fiscalyear_close", args=[PAST_YEAR]), {"unit": tree.commune_a1.pk, "note": ""}
    )
    assert again.status_code == 400 and "unit" in again.context["form"].errors


def _list_total(client, url: str, column: str) -> int:
    response = client.get(url)
    totals = response.context["total_values"]
    return totals[column] or 0


def test_every_report_figure_equals_the_total_of_the_list_behind_it(
    auditor, make_allocation, spend, tree, local_source, category
):
    services.fiscal_year_for(PAST_YEAR - 1)
    for year, unit, amount in [
        (PAST_YEAR, tree.commune_a1, 30_000_000),
        (PAST_YEAR, tree.commune_b1, 20_000_000),
        (PAST_YEAR - 1, tree.department, 15_000_000),
    ]:
        allocation = make_allocation(amount, unit=unit, year=year)
        spend(allocation, amount // 3, day=datetime.date(year, 3, 3), voucher=f"V{year}{unit.pk}")
    second = make_allocation(9_000_000, unit=tree.commune_a2, src=local_source)
    services.adjustment_create(
        actor=None,
        allocation=second,
        amount=-1_000_000,
        decision_number="DC",
        decision_date=datetime.date(PAST_YEAR, 2, 2),
        reason="Giảm",
    )
    from logistics import services as core_services

    core_services.unit_dissolve(
        actor=None, unit=tree.commune_a2, successor=tree.commune_a1, effective_date=datetime.date(PAST_YEAR + 1, 1, 1)
    )
    report = execution_report(user=auditor, year_from=PAST_YEAR - 1, year_to=PAST_YEAR)
    client = logged_in(auditor)
    column_of = {
        "allocated": "amount",
        "carried_in": "amount",
        "adjusted": "amount",
        "spent": "signed_amount",
        "disposed": "amount",
        "available": "available",
        "total": None,
    }
    checked = 0
    for section in report.sections:
        for row in [*section.rows, section.totals]:
            for key, url in (row.get("_links") or {}).items():
                list_column = (
                    column_of.get(key) if key in column_of else ("amount" if key.startswith("source_") else None)
                )
                if key == "total" or key.startswith("source_"):
                    response = client.get(url)
                    total = (response.context["total_values"]["amount"] or 0) + (
                        response.context["total_values"]["adjustments_total"] or 0
                    )
                else:
                    total = _list_total(client, url, list_column)
                assert total == row[key], (section.title, row.get("label") or row.get("year"), key, url)
                checked += 1
    assert checked > 40


def test_report_pdf_csv_and_xlsx(auditor, make_allocation):
    make_allocation(10_000_000)
    client = logged_in(auditor)
    url = reverse("budget:execution") + f"?year_from={PAST_YEAR}&year_to={PAST_YEAR}"
    assert client.get(url + "&format=pdf")["Content-Type"] == "application/pdf"
    assert "10000000" in client.get(url + "&format=csv").content.decode("utf-8-sig")
    assert client.get(url + "&format=xlsx").status_code == 200
    assert (
        client.get(reverse("budget:execution") + "?year_from=abc").status_code == 200
    )  # bad input: form errors, no 500
