"""A closed year takes no construction posting: payments (budget spending), their reversal, a
building registered at handover and its revaluation at settlement are refused when dated in a
year closed for the units they concern, with the message beside the date — through the services,
the payment page and the API. Steps that post no value (a settlement of a work with no building
registered) still go through."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assets.models import Item, Voucher
from budget import services as budget_services
from construction import services
from construction.choices import ProjectStatus
from construction.models import Payment
from logistics import periods
from tests.conftest import api_for, logged_in
from tests.construction.conftest import HANDED_OVER, PAID_ON, SETTLED, YEAR, registered_as

pytestmark = pytest.mark.django_db


def close(unit):
    return budget_services.year_close(actor=None, fiscal_year=budget_services.fiscal_year_for(YEAR), unit=unit)


def message_for(unit) -> str:
    """The core's refusal for ``unit`` (in the active language: Vietnamese once translated)."""
    return periods.closed_message(unit, periods.closure_covering(unit, YEAR))


def closed_message(error, unit, field="date") -> None:
    assert error.value.message_dict[field] == [message_for(unit)]


def test_a_payment_dated_in_a_closed_year_is_refused_beside_its_date(works, tree):
    project = works.started()
    close(tree.province)
    with pytest.raises(ValidationError) as refused:
        works.pay(project, 1_000_000)
    closed_message(refused, works.allocation.unit)
    assert not Payment.objects.exists()


def test_a_payment_for_a_work_of_a_closed_unit_is_refused(works, tree):
    """The work's beneficiary is the second unit a payment concerns."""
    project = works.started()  # for district A, paid from the department's allocation
    close(tree.district_a)
    with pytest.raises(ValidationError) as refused:
        works.pay(project, 1_000_000)
    closed_message(refused, tree.district_a)


def test_a_payment_of_a_closed_year_is_reversed_in_an_open_one_only(works, tree):
    project = works.started()
    payment = works.pay(project, 1_000_000)
    close(tree.province)
    # The allocation is of the closed year, so the reversal would be dated in it.
    with pytest.raises(ValidationError) as refused:
        services.payment_reverse(actor=None, payment=payment, reason="Nhầm")
    closed_message(refused, works.allocation.unit)
    assert not Payment.objects.get().is_reversed


def test_a_building_is_not_registered_nor_revalued_in_a_closed_year(works, tree, building_type):
    accepted = works.accepted()
    close(tree.district_a)
    with pytest.raises(ValidationError) as refused:
        services.project_hand_over(
            actor=None,
            project=accepted,
            date=HANDED_OVER,
            document_number="BBBG-01",
            register_asset=True,
            item_type=building_type,
            asset_cost=1_900_000_000,
        )
    closed_message(refused, tree.district_a)
    accepted.refresh_from_db()
    assert accepted.status == ProjectStatus.ACCEPTED and not Item.objects.exists()
    # Handed over without registering, nothing posts: the step goes through.
    services.project_hand_over(actor=None, project=accepted, date=HANDED_OVER, document_number="BBBG-01")


def test_settlement_revalues_the_building_only_in_an_open_year(works, tree, building_type):
    project = works.accepted()
    services.project_hand_over(
        actor=None,
        project=project,
        date=HANDED_OVER,
        document_number="BBBG-01",
        register_asset=True,
        item_type=building_type,
        asset_cost=1_900_000_000,
    )
    close(tree.district_a)
    with pytest.raises(ValidationError) as refused:
        services.project_settle(
            actor=None,
            project=project,
            date=SETTLED,
            document_number="QĐQT-01",
            settlement_value=1_800_000_000,
            item_type=registered_as(project),
        )
    closed_message(refused, tree.district_a)
    assert Item.objects.get().cost == 1_900_000_000 and Voucher.objects.count() == 1
    # At the cost already registered, nothing is revalued: the settlement goes through.
    settled = services.project_settle(
        actor=None,
        project=project,
        date=SETTLED,
        document_number="QĐQT-01",
        settlement_value=1_900_000_000,
        item_type=registered_as(project),
    )
    assert settled.status == ProjectStatus.SETTLED


def test_the_payment_page_and_the_api_show_the_refusal_beside_the_date(officer_construction, works, tree):
    project = works.started()
    close(tree.province)
    data = {
        "project": project.pk,
        "contract": project.contracts.get().pk,
        "allocation": works.allocation.pk,
        "date": PAID_ON.strftime("%d/%m/%Y"),
        "amount": "600.000.000",
        "voucher_number": "PC-001",
    }
    page = logged_in(officer_construction).post(reverse("construction:payment_add"), data)
    assert page.status_code == 400
    assert page.context["form"].errors["date"] == [message_for(works.allocation.unit)]
    api = api_for(officer_construction).post(
        "/api/construction/payments/",
        {**data, "date": PAID_ON.isoformat(), "amount": 600_000_000},
        format="json",
    )
    assert api.status_code == 400 and api.json()["errors"]["date"] == [message_for(works.allocation.unit)]
    assert not Payment.objects.exists()
