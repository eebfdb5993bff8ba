"""The permission matrix as data: the groups are built from it, administrators read it as a page
and export it (logged); a grant naming no model or no permission is refused. Each door is checked
against it in test_permission_matrix.py."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from budget.models import Allocation
from logistics import roles
from logistics.models import ExportLog
from logistics.navigation import menus_for
from logistics.roles import ROLE_GRANTS, Role, action_label, governed_models, model_actions, permission_matrix
from medical.models import Encounter
from oversight.models import Recommendation
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db

MATRIX_URL = "/core/permissions/"


@pytest.fixture
def fresh_matrix():
    """The matrix resolved again from ROLE_GRANTS, before and after the test changes it."""
    permission_matrix.cache_clear()
    roles._allowed_index.cache_clear()
    yield
    permission_matrix.cache_clear()
    roles._allowed_index.cache_clear()


def test_the_groups_hold_exactly_the_matrix(db):
    for role in Role:
        group = Group.objects.get(name=role.value)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == {grant.permission for grant in permission_matrix() if grant.role == role.value}, role


def test_wildcards_expand_to_every_model_and_custom_actions_are_rows():
    assert model_actions(Allocation) == {
        "view": "view_allocation",
        "add": "add_allocation",
        "change": "change_allocation",
        "delete": "delete_allocation",
        "approve": "approve_allocation",
    }
    # "budget.*": VIEW gives the auditor every budget model, and nothing more on any of them.
    budget_models = {model for model in governed_models() if model._meta.app_label == "budget"}
    auditor_budget = {
        grant for grant in permission_matrix() if grant.role == "auditor" and grant.model in budget_models
    }
    assert {grant.model for grant in auditor_budget} == budget_models
    assert {grant.action for grant in auditor_budget} == {"view"}
    assert roles.role_allows(Role.UNIT_COMMANDER, Allocation, "approve")
    assert not roles.role_allows(Role.UNIT_COMMANDER, Allocation, "change")
    assert roles.role_allows(Role.LOGISTICS_OFFICER, Recommendation, "report_progress")
    assert not roles.role_allows(Role.LOGISTICS_OFFICER, Recommendation, "verify")
    assert roles.role_allows(Role.AUDITOR, "medical.encounter", "caseload")
    assert not roles.role_allows(Role.AUDITOR, Encounter, "view")
    # A model's own line replaces its app's "*": the officer edits equipment, but only reads the
    # ledger and the holdings, which the services write.
    assert roles.role_allows(Role.LOGISTICS_OFFICER, "assets.item", "change")
    assert roles.role_allows(Role.LOGISTICS_OFFICER, "assets.movement", "view")
    for action in ("add", "change", "delete"):
        assert not roles.role_allows(Role.LOGISTICS_OFFICER, "assets.movement", action)
        assert not roles.role_allows(Role.LOGISTICS_OFFICER, "assets.holding", action)
    assert roles.role_allows(Role.CLINIC_STAFF, Encounter, "change")
    assert roles.role_allows(Role.CLINIC_STAFF, Encounter, "caseload")
    # Administrators hold every action of every model.
    admin = {(grant.model, grant.action) for grant in permission_matrix() if grant.role == "administrator"}
    assert admin == {(model, action) for model in governed_models() for action in model_actions(model)}
    assert not any(model._meta.model_name.endswith("event") for model in governed_models())


@pytest.mark.parametrize(
    "grant", [{"budget.nosuchmodel": ("view",)}, {"budget.allocation": ("fly",)}, {"budget.spending": ("approve",)}]
)
def test_a_grant_naming_no_model_or_no_permission_is_refused(fresh_matrix, monkeypatch, grant):
    monkeypatch.setitem(ROLE_GRANTS, Role.AUDITOR, {**ROLE_GRANTS[Role.AUDITOR], **grant})
    with pytest.raises(ImproperlyConfigured):
        permission_matrix()


def test_the_page_is_for_administrators_only(admin_user, make_user, tree):
    assert logged_in(admin_user).get(MATRIX_URL).status_code == 200
    assert reverse("logistics:permission_matrix") == MATRIX_URL
    catalogue_items = [item["url"] for menu in menus_for(admin_user) for item in menu.items]
    assert MATRIX_URL in catalogue_items
    for role in Role:
        if role == Role.ADMINISTRATOR:
            continue
        user = make_user(role, tree.province)
        client = logged_in(user)
        assert client.get(MATRIX_URL).status_code == 403, role
        assert client.get(MATRIX_URL + "?format=csv").status_code == 403, role
        assert MATRIX_URL not in [item["url"] for menu in menus_for(user) for item in menu.items]
    assert not ExportLog.objects.exists()


def test_the_page_shows_models_by_area_and_roles_as_columns(admin_user):
    response = logged_in(admin_user).get(MATRIX_URL)
    areas = response.context["areas"]
    rows = {row.code: row for area in areas for row in area.rows}
    assert len(rows) == len(governed_models())  # every model once
    assert [str(label) for label in response.context["roles"]] == [str(label) for _value, label in Role.choices]
    officer, commander, auditor, clinic, inspector, administrator = rows["oversight.recommendation"].cells
    assert officer == [action_label(Recommendation, "view"), action_label(Recommendation, "report_progress")]
    assert commander == officer
    assert auditor == [action_label(Recommendation, "view")]
    assert clinic == []
    assert (
        set(inspector) == set(administrator) == {action_label(Recommendation, a) for a in model_actions(Recommendation)}
    )
    area_of_allocation = next(area for area in areas if any(row.code == "budget.allocation" for row in area.rows))
    assert all(row.code.startswith("budget.") for row in area_of_allocation.rows)
    assert rows["budget.allocation"].label == "Dự toán"
    page = response.content.decode()
    assert 'data-testid="scope-note"' in page and 'data-model="medical.encounter"' in page


def test_the_export_holds_every_row_and_is_logged(admin_user):
    response = logged_in(admin_user).get(MATRIX_URL + "?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    table = [line for line in lines if len(line) == 8]
    header, rows = table[0], table[1:]
    assert len(rows) == len(permission_matrix())
    expected = {(grant.role, grant.model_label, grant.action, grant.permission) for grant in permission_matrix()}
    assert {(row[3], row[1], row[5], row[7]) for row in rows} == expected
    assert ("logistics_officer", "oversight.recommendation", "report_progress") in {(r[3], r[1], r[5]) for r in rows}
    log = ExportLog.objects.get()
    assert log.user == admin_user and log.format == "csv" and log.row_count == len(rows)
    assert log.source == "report:logistics.permission_matrix"
    assert logged_in(admin_user).get(MATRIX_URL + "?format=xlsx").status_code == 200
    assert logged_in(admin_user).get(MATRIX_URL + "?format=pdf").status_code == 404
    assert len(header) == 8
