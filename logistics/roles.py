"""Roles and what each may do: the permission matrix.

What each role may do to which model is declared once, in :data:`ROLE_GRANTS`, and resolved by
:func:`permission_matrix` into explicit rows (role × model × action). From those rows a data
migration and a ``post_migrate`` handler build the role groups (so new models are covered as apps
add them), the *Permission matrix* page shows them to administrators and exports them, and a test
checks every page and API door against them. Scope (which units' records a user reaches) is
separate: see ``logistics.scope``.
"""

import functools
from dataclasses import dataclass

from django.apps import apps
from django.apps import apps as global_apps
from django.contrib.auth import get_permission_codename
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from pghistory.models import Event

from logistics.registry import registry

VIEW = ("view",)
EDIT = ("view", "add", "change", "delete")


class Role(models.TextChoices):
    LOGISTICS_OFFICER = "logistics_officer", _("Logistics officer")
    UNIT_COMMANDER = "unit_commander", _("Unit commander")
    AUDITOR = "auditor", _("Auditor")
    CLINIC_STAFF = "clinic_staff", _("Clinic staff")
    INSPECTOR = "inspector", _("Inspector")
    ADMINISTRATOR = "administrator", _("Administrator")


CORE_READ = {
    "logistics.unit": VIEW,
    "logistics.personnel": VIEW,
    "logistics.supplier": VIEW,
    "logistics.attachment": VIEW,
    # Everyone's own background jobs and their files (the model's scope: the starter's own).
    "logistics.job": VIEW,
}

#: role → {"app_label.model" or "app_label.*": actions}. ``*`` covers every model of the app
#: except the history event tables; a model's own line replaces the ``*`` line for that model (the
#: officer edits equipment, but the ledger and the holdings are only read: the services write them).
#: Actions name permission prefixes (``view``, ``approve``, …).
ROLE_GRANTS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.LOGISTICS_OFFICER: {
        **CORE_READ,
        "logistics.personnel": EDIT,
        "logistics.supplier": EDIT,
        "logistics.attachment": ("view", "add", "delete"),
        # Reference data (sources, categories, fiscal years) is the administrators'; approving an
        # allocation needs the approve permission given to the officer personally (or a commander).
        "budget.*": VIEW,
        "budget.allocation": EDIT,
        "budget.adjustment": ("view", "add"),
        "budget.spending": (*EDIT, "post"),
        "budget.fiscalyear": ("view", "close"),
        "assets.*": EDIT,
        # The classes and rates of fixed assets are set by law (and by the Ministry for special
        # police assets); administrators keep them, the officer reads them.
        "assets.fixedassetclass": VIEW,
        "assets.voucher": (*EDIT, "post"),
        "assets.movement": VIEW,
        "assets.holding": VIEW,
        "construction.*": EDIT,
        # Records the steps of works (investment decision, start, acceptance, handover, settlement).
        "construction.project": (*EDIT, "transition"),
        "construction.milestone": VIEW,
        # The officer does the remedial work an inspection asks for: they see the recommendations
        # addressed to their units once concluded, with the inspection and the finding behind each,
        # and report progress (oversight.models.inspection_visible says how far they reach).
        "oversight.inspection": VIEW,
        "oversight.finding": VIEW,
        "oversight.recommendation": ("view", "report_progress"),
        "oversight.progressreport": VIEW,
    },
    Role.UNIT_COMMANDER: {
        **CORE_READ,
        "budget.*": VIEW,
        "budget.allocation": ("view", "approve"),
        "assets.*": VIEW,
        "construction.*": VIEW,
        "oversight.*": VIEW,
        # The inspected unit reports progress on the recommendations addressed to it.
        "oversight.recommendation": ("view", "report_progress"),
        "medical.encounter": ("caseload",),  # counts only, never a patient's record
    },
    Role.AUDITOR: {
        **CORE_READ,
        "logistics.user": VIEW,
        "logistics.exportlog": VIEW,
        "logistics.change": VIEW,  # the change log, of the records in scope
        "budget.*": VIEW,
        "assets.*": VIEW,
        "construction.*": VIEW,
        "oversight.*": VIEW,
        "medical.encounter": ("caseload",),  # counts only, never a patient's record
        "medical.accesslog": VIEW,  # who opened which health record (no names in it)
    },
    Role.CLINIC_STAFF: {
        **CORE_READ,
        "logistics.attachment": ("view", "add", "delete"),
        "medical.*": EDIT,
        "medical.encounter": (*EDIT, "caseload"),
        "medical.accesslog": VIEW,
        # The standards are set by law; administrators keep them, the clinic reads them.
        "medical.fitnessstandard": VIEW,
    },
    Role.INSPECTOR: {
        **CORE_READ,
        "logistics.attachment": ("view", "add", "delete"),
        "budget.*": VIEW,
        "assets.*": VIEW,
        "construction.*": VIEW,
        "oversight.*": EDIT,
        "oversight.recommendation": (*EDIT, "report_progress", "verify"),
        # Recorded is final: a correction is a new decision.
        "oversight.disciplinedecision": ("view", "add"),
        "oversight.progressreport": VIEW,
        "medical.encounter": ("caseload",),  # counts only, never a patient's record
    },
    # Administrators hold every permission of the project's apps and of user management.
    Role.ADMINISTRATOR: {},
}

ADMIN_EXTRA_APPS = ("auth", "authtoken", "axes")
DEFAULT_ACTIONS = ("view", "add", "change", "delete")
#: Who may read the matrix itself: those who manage the role groups (administrators).
MATRIX_PERMISSION = "auth.view_group"

#: What each action lets a person do, as the permission-matrix page names it. An action a model
#: declares but that is not listed here is named by its permission's description.
ACTION_LABELS = {
    "view": pgettext_lazy("permission", "View"),
    "add": pgettext_lazy("permission", "Add"),
    "change": pgettext_lazy("permission", "Edit"),
    "delete": pgettext_lazy("permission", "Delete"),
    "approve": pgettext_lazy("permission", "Approve"),
    "post": pgettext_lazy("permission", "Post"),
    "close": pgettext_lazy("permission", "Close the year"),
    "transition": pgettext_lazy("permission", "Record the steps"),
    "verify": pgettext_lazy("permission", "Verify"),
    "report_progress": pgettext_lazy("permission", "Report progress"),
    "caseload": pgettext_lazy("permission", "Caseload counts"),
}


@dataclass(frozen=True)
class Grant:
    """One row of the permission matrix: ``role`` may ``action`` the records of ``model``."""

    role: str
    model: type[models.Model]
    action: str
    codename: str

    @property
    def permission(self) -> str:
        """The permission as ``user.has_perm`` spells it, e.g. ``budget.approve_allocation``."""
        return f"{self.model._meta.app_label}.{self.codename}"

    @property
    def model_label(self) -> str:
        return self.model._meta.label_lower


def _is_event_model(model) -> bool:
    return issubclass(model, Event)


def model_actions(model) -> dict[str, str]:
    """action → permission codename for ``model``: the default actions it declares (view, add,
    change, delete), then its own permissions named without the model's suffix
    (``approve_allocation`` → ``approve``)."""
    opts = model._meta
    actions = {
        action: get_permission_codename(action, opts)
        for action in DEFAULT_ACTIONS
        if action in opts.default_permissions
    }
    suffix = f"_{opts.model_name}"
    for codename, _description in opts.permissions:
        actions[codename.removesuffix(suffix)] = codename
    return actions


def action_label(model, action: str) -> str:
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    codename = model_actions(model).get(action)
    descriptions = dict(model._meta.permissions)
    return str(descriptions.get(codename, action))


def governed_models() -> list[type[models.Model]]:
    """The models whose permissions roles hold, app by app: the project's apps, then user management
    and sign-in (administrators only). History event tables are left out: the database writes them."""
    installed = {config.label: config for config in apps.get_app_configs()}
    extra = [installed[label] for label in ADMIN_EXTRA_APPS if label in installed]
    found = []
    for app_config in (*registry.project_apps(), *extra):
        found.extend(model for model in app_config.get_models() if not _is_event_model(model))
    return found


def _resolve(role: str, grants: dict[str, tuple[str, ...]], models_by_app: dict[str, list]) -> set[tuple]:
    if role == Role.ADMINISTRATOR:
        # Administrators hold every permission of the project's apps and of user management.
        return {
            (model, action)
            for app_models in models_by_app.values()
            for model in app_models
            for action in model_actions(model)
        }
    allowed = set()
    named = {target for target in grants if not target.endswith(".*")}
    for target, actions in grants.items():
        app_label, model_name = target.split(".")
        if app_label not in models_by_app:
            continue  # an app this installation leaves out
        matched = [model for model in models_by_app[app_label] if model_name in ("*", model._meta.model_name)]
        if not matched:
            raise ImproperlyConfigured(f"ROLE_GRANTS[{role!r}] names {target!r}, which is no model.")
        if model_name == "*":
            # A model with a line of its own takes that line, not the app's.
            matched = [model for model in matched if model._meta.label_lower not in named]
        for model in matched:
            declared = model_actions(model)
            for action in actions:
                if action in declared:
                    allowed.add((model, action))
                elif model_name != "*":
                    raise ImproperlyConfigured(
                        f"ROLE_GRANTS[{role!r}] gives {action!r} on {target!r}, which has no such permission."
                    )
    return allowed


@functools.cache
def permission_matrix() -> tuple[Grant, ...]:
    """:data:`ROLE_GRANTS` resolved into explicit rows (role × model × action), wildcards expanded;
    ordered by model (area by area), then action, then role. The groups are built from these rows,
    the permission-matrix page and its export show them, and a test checks every door against them."""
    models_by_app: dict[str, list] = {}
    for model in governed_models():
        models_by_app.setdefault(model._meta.app_label, []).append(model)
    rows = []
    for role in Role:
        for model, action in _resolve(role.value, ROLE_GRANTS[role], models_by_app):
            rows.append(Grant(role=role.value, model=model, action=action, codename=model_actions(model)[action]))
    model_order = {model: index for index, model in enumerate(governed_models())}
    role_order = {role.value: index for index, role in enumerate(Role)}

    def position(grant: Grant):
        actions = list(model_actions(grant.model))
        return model_order[grant.model], actions.index(grant.action), role_order[grant.role]

    return tuple(sorted(rows, key=position))


def role_allows(role: str, model, action: str) -> bool:
    """Whether the matrix lets ``role`` ``action`` the records of ``model`` (a class or ``app.model``)."""
    label = model if isinstance(model, str) else model._meta.label_lower
    return (str(role), label, action) in _allowed_index()


@functools.cache
def _allowed_index() -> frozenset[tuple[str, str, str]]:
    return frozenset((grant.role, grant.model_label, grant.action) for grant in permission_matrix())


def permissions_for_role(role: str) -> list:
    """The Permission rows the role's group holds: its rows of the matrix."""
    wanted = {
        (grant.model._meta.app_label, grant.model._meta.model_name, grant.codename)
        for grant in permission_matrix()
        if grant.role == str(role)
    }
    if not wanted:
        return []
    rows = Permission.objects.filter(content_type__app_label__in={app for app, _model, _codename in wanted})
    return [
        permission
        for permission in rows.select_related("content_type")
        if (permission.content_type.app_label, permission.content_type.model, permission.codename) in wanted
    ]


def sync_roles(apps=None, **kwargs) -> None:
    """Create the role groups and give each exactly its permissions in the matrix (idempotent)."""
    # Permissions are normally created after the last migration; make sure they exist now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)

    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(permissions_for_role(role))


def role_names(user) -> list[str]:
    cached = getattr(user, "_role_names", None)
    if cached is None:
        valid = set(Role.values)
        cached = [name for name in user.groups.values_list("name", flat=True) if name in valid]
        user._role_names = cached
    return cached


def has_role(user, role) -> bool:
    return getattr(user, "is_authenticated", False) and str(role) in role_names(user)


def role_labels(user) -> list[str]:
    labels = dict(Role.choices)
    return [str(labels[name]) for name in role_names(user)]
