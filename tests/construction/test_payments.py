"""Payments to contractors are budget spending entries: they fit the allocation, the work's total
investment (its settlement value once settled) and the contract's value, or nothing is saved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from budget import services as budget_services
from budget.models import Allocation, Spending
from construction import selectors, services
from construction.models import Payment
from logistics.roles import Role
from tests.construction.conftest import PAID_ON, SETTLED, YEAR
from tests.refusals import refusal, refusal_by_field

pytestmark = pytest.mark.django_db


def _nothing_saved(spending_before: int, payments_before: int) -> None:
    assert Spending.objects.count() == spending_before
    assert Payment.objects.count() == payments_before


def test_a_payment_is_a_posted_spending_entry_to_the_contractor(works, allocation, officer_construction):
    project = works.started()
    payment = works.pay(project, 500_000_000, actor=officer_construction)
    entry = payment.spending
    assert (entry.status, entry.kind, entry.amount, entry.payee) == ("posted", "payment", 500_000_000, works.contractor)
    assert entry.allocation == allocation and entry.posted_by == officer_construction
    assert Allocation.objects.get(pk=allocation.pk).spent_total == 500_000_000
    figures = selectors.project_figures(project)
    assert (figures["paid"], figures["left"], figures["disbursed"]) == (500_000_000, 1_500_000_000, 25.0)


def test_a_payment_beyond_the_contract_value_is_refused_and_saves_nothing(works):
    project = works.started(contract_value=1_000_000_000)
    works.pay(project, 800_000_000)
    before = (Spending.objects.count(), Payment.objects.count())
    with pytest.raises(ValidationError) as refused:
        works.pay(project, 300_000_000)
    message = refused.value.message_dict["amount"][0]
    assert "800.000.000" in message and "200.000.000" in message and "300.000.000" in message
    _nothing_saved(*before)
    works.pay(project, 200_000_000)  # exactly what is left fits


def test_after_settlement_the_settlement_value_is_the_limit(works):
    project = works.settled(value=1_000_000_000)
    works.pay(project, 900_000_000, day=SETTLED)
    before = (Spending.objects.count(), Payment.objects.count())
    with pytest.raises(ValidationError) as refused:
        works.pay(project, 200_000_000, day=SETTLED)
    assert "1.000.000.000" in refused.value.message_dict["amount"][0]
    _nothing_saved(*before)


def test_the_allocation_limit_of_the_budget_applies(works, make_works_allocation, tree):
    small = make_works_allocation(300_000_000, unit=tree.province, number="QĐ-NHO")
    project = works.started()
    works.fund(project, small)
    before = (Spending.objects.count(), Payment.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.payment_create(
            actor=None,
            project=project,
            contract=project.contracts.get(),
            allocation=small,
            date=PAID_ON,
            amount=400_000_000,
            voucher_number="PC-X",
        )
    assert "300.000.000" in refused.value.message_dict["amount"][0]
    _nothing_saved(*before)


def test_payments_come_only_from_the_works_funding_and_after_the_decision(works, make_works_allocation, tree):
    project = works.started()
    other = make_works_allocation(1_000_000_000, unit=tree.province, number="QĐ-KHAC")
    with pytest.raises(ValidationError) as refused:
        services.payment_create(
            actor=None,
            project=project,
            contract=project.contracts.get(),
            allocation=other,
            date=PAID_ON,
            amount=1_000_000,
            voucher_number="PC-1",
        )
    assert "allocation" in refused.value.message_dict
    proposal = works.proposed()
    with pytest.raises(ValidationError) as refused:
        services.payment_create(
            actor=None,
            project=proposal,
            contract=project.contracts.get(),
            allocation=other,
            date=PAID_ON,
            amount=1_000_000,
            voucher_number="PC-2",
        )
    assert "project" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        works.pay(project, 1_000_000, day=datetime.date(YEAR, 1, 2))  # before the contract was signed
    assert "date" in refused.value.message_dict
    assert not Payment.objects.exists()


def test_a_contract_of_another_work_is_refused(works):
    first = works.started()
    second = works.started()
    with pytest.raises(ValidationError) as refused:
        works.pay(first, 1_000_000, contract=second.contracts.get())
    assert "contract" in refused.value.message_dict


def test_a_reversed_payment_no_longer_counts(works):
    project = works.started(contract_value=1_000_000_000)
    payment = works.pay(project, 1_000_000_000)
    assert refusal_by_field(lambda: works.pay(project, 1_000)) == {
        "amount": [
            "Vượt giá trị hợp đồng: đã thanh toán 1.000.000.000\xa0₫ trên 1.000.000.000\xa0₫, còn 0\xa0₫, "
            "đề nghị 1.000\xa0₫."
        ]
    }
    budget_services.spending_reverse(actor=None, spending=payment.spending, reason="Ghi nhầm")  # on the budget pages
    assert selectors.paid_on(project=project) == 0
    second = works.pay(project, 600_000_000)
    reversed_ = services.payment_reverse(actor=None, payment=second, reason="Sai số tiền")  # on the work's pages
    assert reversed_.is_reversed
    assert selectors.payments().get(pk=second.pk).net_amount == 0
    assert selectors.paid_on(project=project) == 0


def test_a_closed_year_takes_no_payment(works, tree):
    project = works.started()
    budget_services.year_close(actor=None, fiscal_year=works.allocation.fiscal_year, unit=tree.province)
    refused = refusal_by_field(lambda: works.pay(project, 1_000_000))
    assert list(refused) == ["date"]  # beside the payment's date, naming the closed unit
    assert refused["date"][0].startswith(f"Năm {YEAR} của Phòng Hậu cần đã khóa sổ ngày ")
    assert "(khóa sổ cùng Công an tỉnh Thử)" in refused["date"][0]
    assert not Payment.objects.exists()


def test_contracts_stay_within_the_total_investment_and_above_what_was_paid(works, contractor):
    project = works.started(contract_value=1_500_000_000)
    with pytest.raises(ValidationError) as refused:
        works.contract(project, 600_000_000)  # 1,5 + 0,6 > 2 tỷ
    assert "value" in refused.value.message_dict
    contract = project.contracts.get()
    works.pay(project, 1_000_000_000)
    with pytest.raises(ValidationError) as refused:
        services.contract_update(actor=None, contract=contract, value=900_000_000)
    assert "1.000.000.000" in refused.value.message_dict["value"][0]
    services.contract_update(actor=None, contract=contract, value=1_200_000_000)
    assert refusal(lambda: services.contract_delete(actor=None, record=contract)) == [
        "Hợp đồng này đã có khoản thanh toán nên không thể xóa."
    ]
    assert project.contracts.count() == 1


def test_a_supplier_of_goods_is_not_a_contractor(works, supplier_factory):
    project = works.approved()
    with pytest.raises(ValidationError) as refused:
        services.contract_create(
            actor=None,
            project=project,
            contractor=supplier_factory(kind="supplier"),
            number="HĐ-1",
            signed_on=PAID_ON,
            value=1_000_000,
        )
    assert "contractor" in refused.value.message_dict


def test_the_database_refuses_a_payment_row_over_the_limits(works):
    project = works.started(contract_value=1_000_000_000)
    works.pay(project, 900_000_000)
    entry = budget_services.spending_create(
        actor=None,
        allocation=works.allocation,
        kind="payment",
        date=PAID_ON,
        amount=200_000_000,
        voucher_number="PC-TAY",
        description="Ghi trực tiếp, bỏ qua dịch vụ",
        post=True,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(project=project, contract=project.contracts.get(), spending=entry)
    with pytest.raises(DatabaseError), transaction.atomic():
        Payment.objects.filter(project=project).update(spending=entry)  # payments are final


def test_paying_needs_the_permissions_and_the_scope(works, make_user, tree):
    project = works.started(unit=tree.commune_a1)
    for user in (make_user(Role.UNIT_COMMANDER, tree.province), make_user(Role.LOGISTICS_OFFICER, tree.district_b)):
        with pytest.raises(PermissionDenied):
            works.pay(project, 1_000_000, actor=user)
    assert not Payment.objects.exists()
    assert works.pay(project, 1_000_000, actor=make_user(Role.LOGISTICS_OFFICER, tree.province)).pk
