"""Roles and what each may do.

A role is a Django group whose permissions are declared here. A data migration creates the groups
and a ``post_migrate`` handler keeps their permissions in step with this table as apps add models.
Scope (which units' records a user reaches) is separate: see ``logistics.scope``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

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
}

#: role → {"app_label.model" or "app_label.*": actions}. ``*`` covers every model of the app
#: except the history event tables. Actions name permission prefixes (``view``, ``approve``, …).
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
        "assets.voucher": (*EDIT, "post"),
        "construction.*": EDIT,
        # Records the steps of works (investment decision, start, acceptance, handover, settlement).
        "construction.project": (*EDIT, "transition"),
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
        "medical.encounter": ("caseload",),
    },
    Role.INSPECTOR: {
        **CORE_READ,
        "logistics.attachment": ("view", "add", "delete"),
        "budget.*": VIEW,
        "assets.*": VIEW,
        "construction.*": VIEW,
        "oversight.*": EDIT,
        "oversight.recommendation": (*EDIT, "report_progress", "verify"),
        "medical.encounter": ("caseload",),  # counts only, never a patient's record
    },
    # Administrators hold every permission of the project's apps and of user management.
    Role.ADMINISTRATOR: {},
}

PROJECT_APPS = ("logistics", "budget", "assets", "construction", "medical", "oversight")
ADMIN_EXTRA_APPS = ("auth", "authtoken", "axes")


def _is_event_model(model) -> bool:
    from pghistory.models import Event

    return issubclass(model, Event)


def permissions_for_role(role: str, apps, Permission, ContentType) -> list:
    """The Permission rows the role's group should hold."""
    grants = ROLE_GRANTS[role]
    wanted: set[tuple[str, str]] = set()  # (app_label, codename)
    if role == Role.ADMINISTRATOR:
        labels = set(PROJECT_APPS) | set(ADMIN_EXTRA_APPS)
        return list(
            Permission.objects.filter(content_type__app_label__in=labels).exclude(content_type__model__endswith="event")
        )
    for target, actions in grants.items():
        app_label, model_name = target.split(".")
        try:
            app_models = apps.get_app_config(app_label).get_models()
        except LookupError:
            continue
        for model in app_models:
            if _is_event_model(model):
                continue
            if model_name not in ("*", model._meta.model_name):
                continue
            for action in actions:
                wanted.add((app_label, f"{action}_{model._meta.model_name}"))
    if not wanted:
        return []
    rows = Permission.objects.filter(content_type__app_label__in={app for app, _codename in wanted}).select_related(
        "content_type"
    )
    return [p for p in rows if (p.content_type.app_label, p.codename) in wanted]


def sync_roles(apps=None, **kwargs) -> None:
    """Create the role groups and give each exactly the permissions declared above (idempotent)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    # Permissions are normally created after the last migration; make sure they exist now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(permissions_for_role(role, global_apps, Permission, ContentType))


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
