"""The budget rules, through the services: what is spent never exceeds what was allocated."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from budget import services
from budget.models import Adjustment, Allocation, Spending
from logistics.roles import Role
from tests.fixtures.budget import PAST_YEAR
from tests.refusals import refusal, refusal_by_field

pytestmark = pytest.mark.django_db


def test_available_is_allocated_plus_adjustments_minus_posted_spending(make_allocation, spend):
    allocation = make_allocation(100_000_000)
    services.adjustment_create(
        actor=None,
        allocation=allocation,
        amount=20_000_000,
        decision_number="BS-1",
        decision_date=datetime.date(PAST_YEAR, 3, 1),
        reason="Bổ sung",
    )
    spend(allocation, 30_000_000)
    spend(allocation, 5_000_000, post=False, voucher="C-2")  # a draft does not count
    allocation.refresh_from_db()
    assert (allocation.adjustments_total, allocation.spent_total, allocation.available) == (
        20_000_000,
        30_000_000,
        90_000_000,
    )


def test_overspending_is_refused_with_the_amounts_and_saves_nothing(make_allocation, spend):
    allocation = make_allocation(12_000_000)
    with pytest.raises(ValidationError) as error:
        spend(allocation, 15_000_000)
    assert error.value.message_dict["amount"] == [
        "Vượt dự toán còn lại: còn 12.000.000\u00a0₫, yêu cầu 15.000.000\u00a0₫."
    ]
    assert not Spending.objects.exists()  # save-and-post is all or nothing
    allocation.refresh_from_db()
    assert allocation.spent_total == 0


def test_posting_a_draft_that_no_longer_fits_is_refused(make_allocation, spend):
    allocation = make_allocation(10_000_000)
    draft = spend(allocation, 8_000_000, post=False)
    spend(allocation, 5_000_000, voucher="C-2")
    assert refusal_by_field(lambda: services.spending_post(actor=None, spending=draft)) == {
        "amount": ["Vượt dự toán còn lại: còn 5.000.000\xa0₫, yêu cầu 8.000.000\xa0₫."]
    }
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_negative_adjustment_cannot_take_available_below_zero(make_allocation, spend):
    allocation = make_allocation(10_000_000)
    spend(allocation, 7_000_000)
    with pytest.raises(ValidationError) as error:
        services.adjustment_create(
            actor=None,
            allocation=allocation,
            amount=-4_000_000,
            decision_number="DC-1",
            decision_date=datetime.date(PAST_YEAR, 6, 1),
            reason="Giảm",
        )
    assert "amount" in error.value.message_dict
    assert not Adjustment.objects.exists()
    services.adjustment_create(
        actor=None,
        allocation=allocation,
        amount=-3_000_000,
        decision_number="DC-2",
        decision_date=datetime.date(PAST_YEAR, 6, 1),
        reason="Giảm",
    )
    allocation.refresh_from_db()
    assert allocation.available == 0


def test_drafts_only_are_edited_approved_and_posted_are_final(make_allocation, spend, officer):
    allocation = make_allocation(10_000_000)
    assert refusal(lambda: services.allocation_update(actor=None, allocation=allocation, amount=20_000_000)) == [
        "Dự toán đã duyệt không thể sửa; hãy lập quyết định điều chỉnh."
    ]
    entry = spend(allocation, 1_000_000)
    assert refusal(lambda: services.spending_update(actor=None, spending=entry, amount=2_000_000)) == [
        "Khoản chi đã ghi sổ không thể sửa; hãy đảo bút toán."
    ]
    assert refusal(lambda: services.allocation_approve(actor=None, allocation=allocation)) == [
        "Dự toán này đã được duyệt."
    ]
    allocation.refresh_from_db()
    entry.refresh_from_db()
    assert (allocation.amount, entry.amount) == (10_000_000, 1_000_000)


def test_spending_needs_an_approved_allocation_and_a_date_in_its_year(make_allocation, spend):
    draft_allocation = make_allocation(10_000_000, approve=False)
    with pytest.raises(ValidationError) as error:
        spend(draft_allocation, 1_000)
    assert "allocation" in error.value.message_dict
    allocation = make_allocation(10_000_000, unit=draft_allocation.unit.parent)
    with pytest.raises(ValidationError) as error:
        spend(allocation, 1_000, day=datetime.date(PAST_YEAR + 1, 1, 2))
    assert "date" in error.value.message_dict


def test_reversal_gives_the_amount_back_once(make_allocation, spend):
    allocation = make_allocation(10_000_000)
    entry = spend(allocation, 4_000_000)
    reversal = services.spending_reverse(actor=None, spending=entry, reason="Ghi trùng")
    assert reversal.reverses == entry and reversal.signed_amount == -4_000_000
    assert reversal.date == datetime.date(PAST_YEAR, 12, 31)
    allocation.refresh_from_db()
    assert allocation.spent_total == 0
    assert refusal(lambda: services.spending_reverse(actor=None, spending=entry, reason="Lần hai")) == [
        "Khoản chi này đã được đảo bút toán."
    ]
    assert refusal(lambda: services.spending_reverse(actor=None, spending=reversal, reason="Đảo của đảo")) == [
        "Không thể đảo bút toán của bút toán đảo; hãy ghi khoản chi mới."
    ]
    assert Spending.objects.count() == 2


def test_closed_year_takes_nothing_new(make_allocation, spend, tree, source, category):
    allocation = make_allocation(10_000_000)
    draft = spend(allocation, 1_000_000, post=False)
    assert refusal(lambda: services.year_close(actor=None, fiscal_year=allocation.fiscal_year, unit=tree.province)) == [
        "Hãy ghi sổ hoặc xóa các bản nháp trước: 0 dự toán nháp và 1 khoản chi nháp."
    ]
    services.spending_post(actor=None, spending=draft)
    closure = services.year_close(actor=None, fiscal_year=allocation.fiscal_year, unit=tree.province)
    assert (closure.allocation_count, closure.unspent_total) == (1, 9_000_000)
    with pytest.raises(ValidationError) as refused:
        spend(allocation, 1_000, voucher="C-9")
    assert list(refused.value.error_dict) == ["date"]  # beside the date that falls in the closed year
    # Each refusal names the closed year, beside the field that brings the record into it.
    closed = f"Năm ngân sách {PAST_YEAR} đã khóa sổ cho Công an tỉnh Thử"
    late_adjustment = refusal_by_field(
        lambda: services.adjustment_create(
            actor=None,
            allocation=allocation,
            amount=1_000,
            decision_number="X",
            decision_date=datetime.date(PAST_YEAR, 8, 1),
            reason="x",
        )
    )
    late_allocation = refusal_by_field(lambda: make_allocation(5_000_000, unit=tree.commune_b1))
    late_reversal = refusal_by_field(lambda: services.spending_reverse(actor=None, spending=draft, reason="x"))
    closed_twice = refusal_by_field(
        lambda: services.year_close(actor=None, fiscal_year=allocation.fiscal_year, unit=tree.commune_a1)
    )
    for refused, field in [
        (late_adjustment, "allocation"),
        (late_allocation, "fiscal_year"),
        (late_reversal, "date"),
        (closed_twice, "unit"),
    ]:
        assert list(refused) == [field] and refused[field][0].startswith(closed), refused
    assert not Adjustment.objects.exists() and Allocation.objects.count() == 1


def test_a_year_closes_only_after_it_ends(tree):
    this_year = services.fiscal_year_for(timezone.localdate().year)
    assert refusal(lambda: services.year_close(actor=None, fiscal_year=this_year, unit=tree.province)) == [
        "Chỉ khóa sổ được năm đã kết thúc."
    ]


def test_closing_a_subtree_leaves_the_rest_open(make_allocation, spend, tree):
    closed = make_allocation(10_000_000, unit=tree.commune_a1)
    open_ = make_allocation(10_000_000, unit=tree.commune_b1)
    services.year_close(actor=None, fiscal_year=closed.fiscal_year, unit=tree.district_a)
    spend(open_, 1_000_000)
    refused = refusal_by_field(lambda: spend(closed, 1_000_000))
    assert list(refused) == ["date"]
    assert refused["date"][0].startswith(f"Năm ngân sách {PAST_YEAR} đã khóa sổ cho Công an huyện Thanh Hà")


def test_database_refuses_spending_beyond_the_allocation(make_allocation):
    allocation = make_allocation(10_000_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=allocation.pk).update(spent_total=10_000_001)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE budget_allocation SET adjustments_total = -10000001 WHERE id = %s", [allocation.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=allocation.pk).update(amount=0)


def test_consistency_command_reports_totals_that_differ_from_entries(make_allocation, spend, capsys):
    allocation = make_allocation(10_000_000)
    spend(allocation, 2_000_000)
    call_command("check_budget_totals")
    assert "Every allocation" in capsys.readouterr().out
    Allocation.objects.filter(pk=allocation.pk).update(spent_total=3_000_000)
    with pytest.raises(Exception, match="1 allocation"):
        call_command("check_budget_totals")
    assert f"allocation #{allocation.pk}" in capsys.readouterr().out


def test_permissions_follow_roles_and_scope(make_allocation, make_user, tree, approver):
    commune_officer = make_user(Role.LOGISTICS_OFFICER, tree.commune_a1)
    allocation = make_allocation(10_000_000, unit=tree.commune_b1, approve=False)
    with pytest.raises(PermissionDenied):
        services.allocation_approve(actor=commune_officer, allocation=allocation)  # no approve permission
    district_commander = make_user(Role.UNIT_COMMANDER, tree.district_a)
    with pytest.raises(PermissionDenied):
        services.allocation_approve(actor=district_commander, allocation=allocation)  # outside scope
    auditor = make_user(Role.AUDITOR, tree.province)
    with pytest.raises(PermissionDenied):
        services.allocation_approve(actor=auditor, allocation=allocation)
    approved = services.allocation_approve(actor=approver, allocation=allocation)
    assert approved.approved_by == approver
    own = make_allocation(5_000_000, unit=tree.commune_a1, approve=False)
    services.allocation_approve(actor=make_user(Role.UNIT_COMMANDER, tree.district_a), allocation=own)
    with pytest.raises(PermissionDenied):
        services.spending_create(
            actor=commune_officer,
            allocation=approved,
            kind="payment",
            date=datetime.date(PAST_YEAR, 2, 2),
            amount=1_000,
            voucher_number="X",
            description="Ngoài phạm vi",
        )
