"""Every door against the permission matrix (``logistics.roles.permission_matrix``).

For each role and each model that has web pages or an API viewset, a user of that role at the
province, with one record of that model in scope (``tests/fixtures/everything.py``), knocks on
every door: the web list, export, detail, add, edit, delete and workflow-step pages (GET: a form
answering is enough) and the API list, retrieve, create, update, destroy and actions (an empty
body: a 400 means the request got past the permission check). A door must let the user in
(200/201/204/302/400) exactly when the matrix allows the action it needs — and, for a door on a
record, viewing that record — and refuse (403/404) otherwise. Writes are rolled back, so the
records are built once for the whole module.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from rest_framework.test import APIClient
from rest_framework.viewsets import ViewSetMixin

from logistics.registry import registry
from logistics.roles import Role, model_actions, role_allows
from tests.factories import UserFactory
from tests.fixtures.everything import build_everything

LET_IN = {200, 201, 204, 302, 400}
KEPT_OUT = {403, 404}

#: The web and API doors of a record and of a model's list, and the matrix action each one needs.
DOOR_ACTIONS = {
    "list": "view",
    "export": "view",
    "detail": "view",
    "retrieve": "view",
    "add": "add",
    "create": "add",
    "edit": "change",
    "update": "change",
    "partial_update": "change",
    "delete": "delete",
    "destroy": "delete",
}

#: Workflow steps and other pages not named after a permission of their model: the matrix action
#: each one needs. A new door that is neither fails the test until it is declared here.
NAMED_DOORS = {
    ("logistics.unit", "dissolve"): "change",
    ("budget.spending", "reverse"): "post",
    ("budget.spending", "post_entry"): "post",
    ("budget.spending", "clear"): "post",
    ("budget.fiscalyear", "carry_over"): "close",
    ("budget.fiscalyear", "settle"): "close",
    ("assets.voucher", "reverse"): "post",
    ("assets.voucher", "post_voucher"): "post",
    ("assets.stocktake", "post"): "change",  # the stocktake's own count becomes a voucher
    ("assets.stocktake", "post_stocktake"): "change",
    ("assets.stocktake", "count"): "change",
    ("construction.project", "approve"): "transition",
    ("construction.project", "start"): "transition",
    ("construction.project", "accept"): "transition",
    ("construction.project", "hand_over"): "transition",
    ("construction.project", "settle"): "transition",
    ("construction.project", "adjust"): "transition",
    ("construction.project", "register_asset"): "transition",
    ("construction.payment", "reverse"): "change",  # a reversing payment of the work
    ("oversight.inspection", "start"): "change",
    ("oversight.inspection", "conclude"): "change",
    ("oversight.recommendation", "report"): "report_progress",
    ("oversight.recommendation", "send_back"): "verify",
    ("logistics.change", "request"): "view",  # every change one request made
}


#: Models whose records are their starter's own (``scope_filter``), not a unit's: the record in the
#: world was started by someone else, so its doors let in only the roles that reach every record.
OWN_RECORDS = {"logistics.job"}


@dataclass(frozen=True)
class Door:
    channel: str  # "web" or "api"
    name: str  # the page or the viewset action
    method: str
    url_name: str
    #: The URL's keywords and the record attributes they take (none: the door is not on a record).
    lookup: tuple[tuple[str, str], ...] = ()

    @property
    def on_record(self) -> bool:
        return bool(self.lookup)

    def url(self, record) -> str:
        return reverse(
            self.url_name, kwargs={keyword: getattr(record, attribute) for keyword, attribute in self.lookup}
        )


def needed_action(model, door_name: str) -> str:
    label = model._meta.label_lower
    if door_name in DOOR_ACTIONS:
        return DOOR_ACTIONS[door_name]
    if door_name in model_actions(model):
        return door_name
    if (label, door_name) in NAMED_DOORS:
        return NAMED_DOORS[(label, door_name)]
    raise AssertionError(f"{label}: which matrix action does the door “{door_name}” need? Declare it in NAMED_DOORS.")


def web_doors(declaration) -> list[Door]:
    app_label = declaration.model._meta.app_label
    prefix = f"{declaration.model._meta.model_name}_"
    doors = []
    for pattern in declaration.urls():
        view = pattern.name.removeprefix(prefix)
        # A keyword names the record's attribute of that name (``pk``, or ``event_id``…).
        lookup = tuple((keyword, keyword) for keyword in pattern.pattern.converters)
        doors.append(Door("web", view, "get", f"{app_label}:{pattern.name}", lookup))
    return doors


def _viewset_routes(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _viewset_routes(pattern.url_patterns, inner)
            continue
        callback = pattern.callback
        viewset = getattr(callback, "cls", None)
        if not (isinstance(viewset, type) and issubclass(viewset, ViewSetMixin)) or not pattern.name:
            continue
        groups = pattern.pattern.regex.groupindex
        if "format" in groups:  # the same route with a format suffix
            continue
        yield f"{namespace}:{pattern.name}" if namespace else pattern.name, viewset, callback.actions, groups


def api_doors_by_model() -> dict[type, list[Door]]:
    """Every route of every API viewset, found in the URLconf (so a viewset added anywhere counts)."""
    doors: dict[type, list[Door]] = {}
    for url_name, viewset, actions, groups in _viewset_routes(get_resolver().url_patterns):
        queryset = getattr(viewset, "queryset", None)
        if queryset is None:
            continue
        lookup_field = getattr(viewset, "lookup_field", "pk")
        keyword = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        for method, handler in actions.items():
            if method not in viewset.http_method_names or method in ("head", "options"):
                continue
            if handler == "partial_update" and "put" in actions:
                continue  # PUT is the same door with the whole record
            lookup = ((keyword, lookup_field),) if keyword in groups else ()
            door = Door("api", handler, method, url_name, lookup)
            doors.setdefault(queryset.model, []).append(door)
    return doors


@cache
def doors_by_model() -> dict[str, tuple[type, list[Door]]]:
    found: dict[str, tuple[type, list[Door]]] = {}
    for declaration in registry.pages():
        model = declaration.model
        found.setdefault(model._meta.label_lower, (model, []))[1].extend(web_doors(declaration))
    for model, doors in api_doors_by_model().items():
        found.setdefault(model._meta.label_lower, (model, []))[1].extend(doors)
    return found


MODELS = sorted(doors_by_model())


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One record of everything and one user of each role at the province, built once for the
    module inside a transaction that is rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_everything()
        clients = {}
        for role in Role:
            user = UserFactory(unit=built.tree.province, roles=[role], username=f"matrix_{role.value}")
            # A door that fails is reported with the others (its traceback is logged), not raised.
            web, api = Client(raise_request_exception=False), APIClient(raise_request_exception=False)
            web.force_login(user)
            api.force_authenticate(user)
            clients[role.value] = (web, api)
        yield built, clients
        transaction.set_rollback(True)


def knock(client, door: Door, url: str) -> int:
    # Whatever the door wrote (a record, an export log row) is undone, so every knock finds the same world.
    with transaction.atomic():
        if door.method == "get":
            response = client.get(url)
        else:
            response = getattr(client, door.method)(url, {}, format="json")
        transaction.set_rollback(True)
    return response.status_code


def test_every_model_with_doors_has_a_record_to_knock_with(world):
    built, _clients = world
    missing = [label for label, (model, _doors) in doors_by_model().items() if model not in built.records]
    assert not missing, f"tests/fixtures/everything.py makes no record of: {', '.join(missing)}"


def disagreements(world, role: str, model_label: str) -> list[str]:
    """Each door of the model that answers the role otherwise than the matrix says."""
    built, clients = world
    model, doors = doors_by_model()[model_label]
    record = built.records[model]
    web, api = clients[role]
    wrong = []
    for door in doors:
        action = needed_action(model, door.name)
        allowed = role_allows(role, model, action) and (not door.on_record or role_allows(role, model, "view"))
        if door.on_record and model._meta.label_lower in OWN_RECORDS:
            allowed = allowed and role == Role.ADMINISTRATOR
        url = door.url(record)
        status = knock(web if door.channel == "web" else api, door, url)
        if status not in (LET_IN if allowed else KEPT_OUT):
            expected = "let in" if allowed else "kept out"
            wrong.append(
                f"{door.channel} {door.method.upper()} {url} ({door.name} needs {action}): {status}, {expected}?"
            )
    return wrong


@pytest.mark.django_db
@pytest.mark.parametrize("model_label", MODELS)
@pytest.mark.parametrize("role", [role.value for role in Role])
def test_every_door_answers_as_the_matrix_says(world, role, model_label):
    assert doors_by_model()[model_label][0] in world[0].records, "tests/fixtures/everything.py makes no record"
    wrong = disagreements(world, role, model_label)
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_a_door_checking_another_permission_than_the_matrix_is_caught(world, monkeypatch):
    from budget.api.views import AllocationViewSet
    from budget.steps import ALLOCATION_APPROVE
    from budget.views import AllocationViews

    # The commander may approve allocations but not change them: the approve step asking for
    # "change" shuts him out of its page and its API action where the matrix lets him in.
    approve = replace(ALLOCATION_APPROVE, permission="change")
    monkeypatch.setattr(AllocationViews, "steps", (approve,))
    monkeypatch.setattr(AllocationViewSet, "steps", (approve,))
    wrong = disagreements(world, Role.UNIT_COMMANDER.value, "budget.allocation")
    assert len(wrong) == 2 and all("approve needs approve): 403, let in?" in line for line in wrong), wrong
