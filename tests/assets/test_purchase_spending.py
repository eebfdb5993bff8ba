"""A purchase cites the budget spending entry that paid for it (issue 13): a receipt whose origin
is a purchase is posted only with a posted, unreversed payment of the receiving unit or of a unit
above it, of the voucher's year or an earlier one; a draft may wait for it; a donation, a transfer
in, a surplus or a handover cites none. Posted purchases without one are listed by
``check_purchases`` and by the voucher list's filter. Posting holds the cited payment's row, so a
reversal under way is waited for."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from assets import services
from assets.choices import Origin, VoucherKind, VoucherStatus
from assets.models import Movement, Voucher
from budget import services as budget_services
from budget.models import FundingSource, Spending, SpendingCategory
from logistics.registry import registry
from logistics.roles import Role
from tests.assets.test_voucher_form import form_as_it_comes
from tests.conftest import api_for, logged_in
from tests.fixtures.assets import DAY
from tests.refusals import refusal, refusal_by_field

pytestmark = pytest.mark.django_db

MISSING = (
    "A purchase is posted only with the budget spending entry that paid for it: choose it, "
    "or change the origin if the goods were not bought."
)


@pytest.fixture
def pay(tree):
    """A payment (posted unless ``post=False``) of an allocation of ``unit`` in ``year``."""
    source = FundingSource.objects.create(code="BO", name="Bộ cấp", kind="ministry")
    category = SpendingCategory.objects.create(code="MSTB", name="Mua sắm trang thiết bị")
    allocations = {}

    def make(amount=14_000_000, *, unit=None, year=DAY.year, post=True, number="PC-TU", day=None):
        unit = unit or tree.department
        if (unit.pk, year) not in allocations:
            allocation = budget_services.allocation_create(
                actor=None,
                fiscal_year=budget_services.fiscal_year_for(year),
                unit=unit,
                source=source,
                category=category,
                amount=500_000_000,
                decision_number=f"{year}/QĐ-{unit.code}",
                decision_date=datetime.date(year - 1, 12, 1),
            )
            allocations[(unit.pk, year)] = budget_services.allocation_approve(actor=None, allocation=allocation)
        return budget_services.spending_create(
            actor=None,
            allocation=allocations[(unit.pk, year)],
            kind="payment",
            date=day or datetime.date(year, 2, 20),
            amount=amount,
            voucher_number=number,
            description="Mua tủ sắt",
            post=post,
        )

    return make


def test_a_purchase_without_its_payment_saves_as_a_draft_but_does_not_post(receive):
    refused = refusal_by_field(lambda: receive(cabinets=2, origin=Origin.PURCHASE))
    assert refused == {"spending": [_(MISSING)]}
    assert not Voucher.objects.exists() and not Movement.objects.exists()
    draft = receive(cabinets=2, origin=Origin.PURCHASE, post=False)
    assert draft.status == VoucherStatus.DRAFT
    assert services.voucher_post_blockers(draft) == [_(MISSING)]
    assert refusal_by_field(lambda: services.voucher_post(actor=None, voucher=draft)) == {"spending": [_(MISSING)]}
    assert Voucher.objects.get(pk=draft.pk).status == VoucherStatus.DRAFT and not Movement.objects.exists()


@pytest.mark.parametrize("origin", [Origin.DONATION, Origin.TRANSFER_IN, Origin.SURPLUS, Origin.CONSTRUCTION])
def test_goods_not_bought_cite_no_payment(receive, origin):
    assert receive(cabinets=2, origin=origin).status == VoucherStatus.POSTED


def test_a_purchase_paid_by_its_unit_or_a_unit_above_it_posts(receive, pay, tree):
    by_department = receive(cabinets=2, origin=Origin.PURCHASE, spending=pay())
    assert by_department.status == VoucherStatus.POSTED
    # Bought centrally by the province, in the year before.
    central = pay(unit=tree.province, year=DAY.year - 1, number="PC-TINH")
    assert receive(cabinets=1, origin=Origin.PURCHASE, spending=central).status == VoucherStatus.POSTED
    # A draft that waited for its payment posts once it names it.
    draft = receive(cabinets=3, origin=Origin.PURCHASE, post=False)
    draft = services.voucher_update(actor=None, voucher=draft, spending=pay(number="PC-SAU"), post=True)
    assert draft.status == VoucherStatus.POSTED
    call_command("check_purchases", verbosity=0)


def test_a_payment_that_cannot_have_paid_is_refused(receive, pay, tree):
    cases = [
        (
            pay(unit=tree.district_b, number="PC-HUYEN"),
            _("%(number)s was paid from an allocation of %(unit)s, neither the receiving unit nor a unit above it.")
            % {"number": "PC-HUYEN", "unit": tree.district_b},
        ),
        (
            pay(year=DAY.year + 1, number="PC-SAU"),
            _("%(number)s belongs to fiscal year %(year)s, after the voucher's date.")
            % {"number": "PC-SAU", "year": DAY.year + 1},
        ),
        (
            pay(post=False, number="PC-NHAP"),
            _("%(number)s is still a draft: post the payment first.") % {"number": "PC-NHAP"},
        ),
    ]
    reversed_ = pay(number="PC-DAO")
    reversal = budget_services.spending_reverse(
        actor=None, spending=reversed_, date=DAY, voucher_number="PC-DAO-DBT", reason="Ghi nhầm"
    )
    cases += [
        (reversed_, _("%(number)s has been reversed; cite the entry that paid instead.") % {"number": "PC-DAO"}),
        (reversal, _("A reversal pays for nothing; choose the entry that paid for the goods.")),
    ]
    for spending, message in cases:
        assert refusal_by_field(lambda s=spending: receive(cabinets=1, origin=Origin.PURCHASE, spending=s)) == {
            "spending": [message]
        }
    assert not Voucher.objects.exists()
    # Only a receipt cites a payment.
    issue_with_payment = refusal_by_field(
        lambda: services.voucher_create(
            actor=None,
            kind=VoucherKind.ISSUE,
            date=DAY,
            from_unit=tree.department,
            to_unit=tree.commune_a1,
            spending=cases[0][0],
            lines=[],
        )
    )
    assert "spending" in issue_with_payment


def test_the_page_refuses_posting_beside_the_field_and_the_post_step_says_why(officer, receive):
    draft = receive(cabinets=2, origin=Origin.PURCHASE, post=False, reason="Mua tủ")
    client = logged_in(officer)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert reverse("assets:voucher_post", args=[draft.pk]) not in page  # no Ghi sổ button while it cannot post
    step = client.get(reverse("assets:voucher_post", args=[draft.pk]), follow=True)
    assert _(MISSING) in step.content.decode()
    form = form_as_it_comes(client.get(reverse("assets:voucher_edit", args=[draft.pk]))).values
    form["_post"] = "1"
    response = client.post(reverse("assets:voucher_edit", args=[draft.pk]), form)
    assert response.status_code == 400
    assert response.context["form"].errors["spending"] == [_(MISSING)]
    assert Voucher.objects.get(pk=draft.pk).status == VoucherStatus.DRAFT


def test_the_api_refuses_with_a_field_error_and_out_of_scope_is_404(officer, make_user, receive, pay, tree, catalogue):
    draft = receive(cabinets=2, origin=Origin.PURCHASE, post=False)
    api = api_for(officer)
    refused = api.post(f"/api/assets/vouchers/{draft.pk}/post/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["errors"] == {"spending": [_(MISSING)]}
    far_officer = make_user(Role.LOGISTICS_OFFICER, tree.district_b)
    assert api_for(far_officer).post(f"/api/assets/vouchers/{draft.pk}/post/", {}, format="json").status_code == 404
    # A payment the user cannot see is no valid choice: the same answer as one that does not exist.
    hidden = pay(unit=tree.province, number="PC-TINH")
    created = api_for(make_user(Role.LOGISTICS_OFFICER, tree.district_a)).post(
        "/api/assets/vouchers/",
        {
            "kind": "receipt",
            "date": "2024-03-01",
            "to_unit": tree.district_a.pk,
            "origin": "purchase",
            "spending": hidden.pk,
            "lines": [{"item_type": catalogue["cabinet"].pk, "quantity": 1, "unit_value": 1_000_000}],
        },
        format="json",
    )
    assert created.status_code == 400 and list(created.json()["errors"]) == ["spending"]
    assert "PC-TINH" not in created.content.decode()
    paid = api.patch(f"/api/assets/vouchers/{draft.pk}/", {"spending": pay().pk}, format="json")
    assert paid.status_code == 200, paid.json()
    posted = api.post(f"/api/assets/vouchers/{draft.pk}/post/", {}, format="json")
    assert posted.status_code == 200 and posted.json()["status"] == VoucherStatus.POSTED


def test_unpaid_posted_purchases_are_flagged(officer, receive, pay):
    paid = receive(cabinets=1, origin=Origin.PURCHASE, spending=pay())
    donated = receive(cabinets=1, origin=Origin.DONATION)
    # A purchase posted before the rule (or by a door around the service) loses its citation.
    Voucher.objects.filter(pk=paid.pk).update(spending=None)
    with pytest.raises(CommandError, match="1 posted purchase"):
        call_command("check_purchases", verbosity=0)
    client = logged_in(officer)
    listed = client.get(reverse("assets:voucher_list") + "?unpaid=true&origin=purchase").context["table"].data
    assert [voucher.pk for voucher in listed] == [paid.pk]
    rows = api_for(officer).get("/api/assets/vouchers/", {"unpaid": "true", "kind": "receipt"}).json()["results"]
    assert {row["id"] for row in rows} == {paid.pk, donated.pk}
    assert refusal(lambda: services.voucher_post(actor=None, voucher=paid)) == [_("This voucher is already posted.")]


def test_a_reversal_of_a_purchase_needs_no_new_citation(receive, pay):
    voucher = receive(cabinets=2, origin=Origin.PURCHASE, spending=pay())
    reversal = services.voucher_reverse(actor=None, voucher=voucher, date=DAY, reason="Nhập nhầm")
    assert reversal.status == VoucherStatus.POSTED and reversal.spending_id == voucher.spending_id


@pytest.mark.django_db(transaction=True)
def test_a_reversal_under_way_holds_back_the_purchase_that_cites_it(receive, pay):
    """On two real connections: while one officer's reversal of the payment is not yet committed,
    another's posting of the purchase citing it waits for it, then sees it reversed and refuses."""
    spending = pay()
    draft = receive(cabinets=2, origin=Origin.PURCHASE, spending=spending, post=False)
    connection.close()
    reversing = threading.Event()
    outcomes = {}

    def reverse():
        try:
            with transaction.atomic():
                budget_services.spending_reverse(
                    actor=None, spending=spending, date=DAY, voucher_number="PC-TU-DBT", reason="Ghi nhầm"
                )
                reversing.set()
                time.sleep(1)  # the purchase is being posted meanwhile, on its own connection
            outcomes["reverse"] = "ok"
        finally:
            connections["default"].close()

    def post():
        try:
            assert reversing.wait(30)
            services.voucher_post(actor=None, voucher=draft)
            outcomes["post"] = "ok"
        except ValidationError as refusal:
            outcomes["post"] = refusal.message_dict
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=reverse), threading.Thread(target=post)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == {
        "reverse": "ok",
        "post": {
            "spending": [_("%(number)s has been reversed; cite the entry that paid instead.") % {"number": "PC-TU"}]
        },
    }
    assert Voucher.objects.get(pk=draft.pk).status == VoucherStatus.DRAFT and not Movement.objects.exists()


# The payment a posted purchase cites cannot be reversed from under it (the registry's reversal
# guards: budget asks, equipment answers, neither imports the other).

CITED = (
    "Posted voucher %(number)s cites this entry as the payment for its goods; reverse the voucher "
    "first, then the payment."
)


def test_a_payment_cited_by_a_posted_purchase_is_not_reversed_until_the_purchase_is(receive, pay):
    spending = pay()
    voucher = receive(cabinets=2, origin=Origin.PURCHASE, spending=spending)
    expected = [_(CITED) % {"number": voucher.number}]
    assert budget_services.spending_reverse_blockers(spending) == expected
    assert (
        refusal(
            lambda: budget_services.spending_reverse(
                actor=None, spending=spending, date=DAY, voucher_number="PC-TU-DBT", reason="Ghi nhầm"
            )
        )
        == expected
    )
    assert not Spending.objects.filter(reverses=spending).exists()
    # A draft citing it does not hold it back; the posted one does until it is reversed.
    receive(cabinets=1, origin=Origin.PURCHASE, spending=spending, post=False)
    services.voucher_reverse(actor=None, voucher=voucher, date=DAY, reason="Nhập nhầm")
    assert budget_services.spending_reverse_blockers(spending) == []
    reversal = budget_services.spending_reverse(
        actor=None, spending=spending, date=DAY, voucher_number="PC-TU-DBT", reason="Ghi nhầm"
    )
    assert reversal.reverses_id == spending.pk


def test_every_posted_purchase_citing_the_payment_is_named(receive, pay):
    spending = pay()
    first = receive(cabinets=1, origin=Origin.PURCHASE, spending=spending)
    second = receive(cabinets=2, origin=Origin.PURCHASE, spending=spending)
    assert budget_services.spending_reverse_blockers(spending) == [
        _(CITED) % {"number": number} for number in sorted([first.number, second.number])
    ]
    # Another payment, not cited, reverses as before.
    other = pay(number="PC-KHAC")
    assert budget_services.spending_reverse(actor=None, spending=other, date=DAY, reason="Ghi nhầm").pk


def test_the_page_the_api_and_the_admin_refuse_naming_the_voucher(officer, admin_user, receive, pay):
    spending = pay()
    voucher = receive(cabinets=2, origin=Origin.PURCHASE, spending=spending)
    message = _(CITED) % {"number": voucher.number}
    client = logged_in(officer)
    page = client.get(spending.get_absolute_url()).content.decode()
    assert reverse("budget:spending_reverse", args=[spending.pk]) not in page  # no button while it cannot
    step = client.get(reverse("budget:spending_reverse", args=[spending.pk]), follow=True)
    assert message in step.content.decode()
    posted = client.post(reverse("budget:spending_reverse", args=[spending.pk]), {"reason": "Ghi nhầm"}, follow=True)
    assert message in posted.content.decode()
    refused = api_for(officer).post(
        f"/api/budget/spending/{spending.pk}/reverse/", {"reason": "Ghi nhầm"}, format="json"
    )
    assert refused.status_code == 400 and message in str(refused.json())
    admin = logged_in(admin_user)
    answer = admin.post(
        "/admin/budget/spending/",
        {"action": "reverse_selected", "_selected_action": [spending.pk]},
        follow=True,
    )
    assert answer.status_code == 200 and message in answer.content.decode()
    assert not Spending.objects.filter(reverses=spending).exists()
    # Reversed in the right order, the admin reverses the payment.
    services.voucher_reverse(actor=None, voucher=voucher, date=DAY, reason="Nhập nhầm")
    admin.post("/admin/budget/spending/", {"action": "reverse_selected", "_selected_action": [spending.pk]})
    assert Spending.objects.filter(reverses=spending).count() == 1


def test_the_guard_is_registered_not_imported():
    assert services.spending_reversal_guard in registry.reversal_guards(Spending)
