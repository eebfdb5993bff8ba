"""A workflow step is declared once: its page and its API action are built from the same
:class:`logistics.workflow.Step`, ask the same permission, call the same service, and meet the
service's refusal in the same words."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import resolve, reverse

from assets import services as asset_services
from assets.choices import VoucherKind
from budget import services as budget_services
from logistics.registry import registry
from logistics.roles import Role
from oversight import services as oversight_services
from tests.api_walk import api_routes
from tests.conftest import api_for, logged_in
from tests.fixtures.assets import DAY
from tests.oversight.conftest import Builder
from tests.refusals import refusal

DECLARED = [(declaration, step) for declaration in registry.pages() for step in declaration.steps]


def _id(case) -> str:
    return f"{case[0].model._meta.label_lower}.{case[1].name}" if isinstance(case, tuple) else str(case)


def _action_route(model, step):
    routes = [
        route
        for route in api_routes()
        if route.model is model and route.detail and route.actions.get("post") == step.action_name
    ]
    assert len(routes) == 1, f"{model._meta.label}: one API action “{step.action_name}”, found {len(routes)}"
    return routes[0]


def test_there_are_steps_to_check():
    assert len(DECLARED) >= 20


@pytest.mark.parametrize("case", DECLARED, ids=_id)
def test_each_step_has_its_page_and_its_api_action_from_the_same_declaration(case):
    declaration, step = case
    meta = declaration.model._meta
    page = resolve(reverse(f"{meta.app_label}:{declaration.name(step.name)}", kwargs={"pk": 1}))
    assert page.url_name == f"{meta.model_name}_{step.name}"
    initkwargs = getattr(page.func, "view_initkwargs", None)
    if initkwargs is not None:
        assert (initkwargs["declaration"], initkwargs["step_name"]) == (declaration, step.name)
    else:  # a page of its own (the count sheet)
        assert page.func is declaration.step_view(step)
    route = _action_route(declaration.model, step)
    assert route.pattern.endswith(f"/{{pk}}/{step.action_path}/")
    # The API answers from the same Step object: the same permission, service and record keyword.
    assert route.viewset.step_named(step.action_name) is step
    assert getattr(route.viewset, step.action_name).url_path == step.action_path


@pytest.mark.parametrize("case", DECLARED, ids=_id)
def test_each_guarded_service_names_its_own_blockers(case):
    _declaration, step = case
    if step.blockers is None:
        # The year-end acts are refused only for what their form names (the unit closed or settled,
        # the allocation whose balance is carried over): closing, carrying over, settling.
        assert step.service in (
            budget_services.year_close,
            budget_services.balance_dispose,
            budget_services.year_settle,
        )
        return
    assert step.blockers.__name__ == f"{step.service.__name__}_blockers"
    assert step.blockers.__module__ == step.service.__module__


def test_every_api_step_is_offered_on_a_page():
    on_pages = {(declaration.model, step) for declaration, step in DECLARED}
    in_api = {
        (route.model, route.viewset.step_named(route.actions["post"]))
        for route in api_routes()
        if route.detail and "post" in route.actions
    }
    assert {pair for pair in in_api if pair[1] is not None} <= on_pages


# --- the same refusal at every door --------------------------------------------------------------


def _web_refusal(user, url) -> list[str]:
    client = logged_in(user)
    response = client.post(url, {})
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def _api_refusal(user, url, body=None) -> list[str]:
    response = api_for(user).post(url, body or {}, format="json")
    assert response.status_code == 400, response.content
    return response.json()["errors"]["non_field_errors"]


def _refused_alike(user, record, step_name, service_call, api_body=None):
    """The service, the page and the API refuse ``record``'s step with the same words."""
    said = refusal(service_call)
    declaration = registry.page(type(record))
    step = declaration.step(step_name)
    assert said == step.reasons_against(record) != []
    assert not step.offered(user, record)
    assert _web_refusal(user, declaration.url(step.name, record)) == said
    route = _action_route(type(record), step)
    assert _api_refusal(user, route.url(record.pk), api_body) == said
    return said


@pytest.mark.django_db
def test_a_posted_voucher_is_not_posted_again_anywhere(admin_user, receive):
    voucher = receive(cabinets=2)
    _refused_alike(admin_user, voucher, "post", lambda: asset_services.voucher_post(actor=admin_user, voucher=voucher))


@pytest.mark.django_db
def test_a_reversed_voucher_is_not_reversed_again_anywhere(admin_user, receive):
    voucher = receive(cabinets=2)
    asset_services.voucher_reverse(actor=admin_user, voucher=voucher, date=DAY)
    voucher.refresh_from_db()
    _refused_alike(
        admin_user,
        voucher,
        "reverse",
        lambda: asset_services.voucher_reverse(actor=admin_user, voucher=voucher, date=DAY),
        api_body={"date": DAY.isoformat(), "reason": "Nhập nhầm"},
    )


@pytest.mark.django_db
def test_a_stocktake_adjustment_is_corrected_by_a_new_count_not_reversed(admin_user, receive, store, catalogue):
    receive(cabinets=10)
    stocktake = asset_services.stocktake_open(actor=None, unit=store, date=DAY)
    asset_services.stocktake_count(actor=None, stocktake=stocktake, counts={catalogue["cabinet"].pk: 8})
    adjustment = asset_services.stocktake_post(actor=None, stocktake=stocktake).adjustment
    assert adjustment.kind == VoucherKind.STOCKTAKE
    said = _refused_alike(
        admin_user,
        adjustment,
        "reverse",
        lambda: asset_services.voucher_reverse(actor=admin_user, voucher=adjustment, date=DAY),
        api_body={"date": DAY.isoformat(), "reason": "Đếm nhầm"},
    )
    assert said == asset_services.voucher_reverse_blockers(adjustment)
    # The voucher's page offers no reversal; an ordinary posted voucher's does.
    page = logged_in(admin_user).get(adjustment.get_absolute_url())
    assert [action.name for action in page.context["actions"]] == []
    assert reverse("assets:voucher_reverse", args=[adjustment.pk]) not in page.content.decode()
    ordinary = receive(cabinets=1)
    page = logged_in(admin_user).get(ordinary.get_absolute_url())
    assert [action.name for action in page.context["actions"]] == ["reverse"]


@pytest.mark.django_db
def test_a_posted_entry_is_not_posted_again_anywhere(admin_user, make_allocation, spend):
    entry = spend(make_allocation(), 1_000_000)
    _refused_alike(admin_user, entry, "post", lambda: budget_services.spending_post(actor=admin_user, spending=entry))


@pytest.mark.django_db
def test_an_approved_allocation_is_not_approved_again_anywhere(admin_user, make_allocation):
    allocation = make_allocation()
    _refused_alike(
        admin_user,
        allocation,
        "approve",
        lambda: budget_services.allocation_approve(actor=admin_user, allocation=allocation),
    )


@pytest.mark.django_db
def test_a_concluded_inspection_is_not_concluded_again_anywhere(make_user, tree):
    inspector = make_user(Role.INSPECTOR, tree.province)
    inspection = Builder(tree, inspector).concluded()
    _refused_alike(
        inspector,
        inspection,
        "conclude",
        lambda: oversight_services.inspection_conclude(actor=inspector, inspection=inspection),
        api_body={"concluded_on": datetime.date.today().isoformat()},
    )
