"""The permission matrix as a page for administrators (*Ma trận phân quyền*) and as a file.

Both show :func:`logistics.roles.permission_matrix`, the rows the role groups are built from: the
page as models by area × roles, the export as one row per role, model and action. Exports go
through :func:`logistics.reports.report_file`, which writes the export log.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics.registry import registry
from logistics.reports import Column, Report, Section, report_file
from logistics.roles import (
    ADMIN_EXTRA_APPS,
    MATRIX_PERMISSION,
    Role,
    action_label,
    governed_models,
    permission_matrix,
)

EXPORT_FORMATS = ("csv", "xlsx")
ACCOUNTS_AREA = gettext_lazy("Accounts and sign-in")


def area_of(model) -> tuple[int, str]:
    """(position, label) of the menu area a model belongs to; user management and sign-in last."""
    app_label = model._meta.app_label
    menus = registry.menus()
    for position, menu in enumerate(menus):
        if menu.key == app_label:
            return position, str(menu.label)
    if app_label in ADMIN_EXTRA_APPS:
        return len(menus), str(ACCOUNTS_AREA)
    return len(menus) + 1, str(model._meta.app_config.verbose_name)


@dataclass
class ModelRow:
    model: type
    label: str
    code: str
    #: One list of action labels per role, in the order of ``Role``.
    cells: list[list[str]] = field(default_factory=list)


@dataclass
class Area:
    label: str
    rows: list[ModelRow] = field(default_factory=list)


def matrix_by_area() -> list[Area]:
    """Every governed model, grouped by area, with what each role may do to it."""
    allowed: dict[tuple[type, str], list[str]] = {}
    for grant in permission_matrix():
        allowed.setdefault((grant.model, grant.role), []).append(grant.action)
    areas: dict[tuple[int, str], Area] = {}
    for model in governed_models():
        key = area_of(model)
        row = ModelRow(
            model=model,
            label=capfirst(str(model._meta.verbose_name_plural)),
            code=model._meta.label_lower,
            cells=[[action_label(model, action) for action in allowed.get((model, role.value), [])] for role in Role],
        )
        areas.setdefault(key, Area(label=key[1])).rows.append(row)
    return [areas[key] for key in sorted(areas)]


def matrix_report() -> Report:
    """The matrix as one row per role, model and action: what the export holds."""
    rows = []
    roles = dict(Role.choices)
    for grant in permission_matrix():
        rows.append(
            {
                "area": area_of(grant.model)[1],
                "model": grant.model_label,
                "model_name": capfirst(str(grant.model._meta.verbose_name_plural)),
                "role": grant.role,
                "role_name": str(roles[grant.role]),
                "action": grant.action,
                "action_name": action_label(grant.model, grant.action),
                "permission": grant.permission,
            }
        )
    columns = [
        Column("area", _("Area")),
        Column("model", _("Model")),
        Column("model_name", _("Kind of record")),
        Column("role", _("Role")),
        Column("role_name", _("Role name")),
        Column("action", _("Action")),
        Column("action_name", _("Action name")),
        Column("permission", _("Permission")),
    ]
    return Report(
        slug="logistics.permission_matrix",
        title=_("Permission matrix"),
        subtitle=_("Which role may do what to which kind of record. Scope (which units) is separate."),
        sections=[Section(_("Permissions of the roles"), columns, rows)],
    )


@login_required
def permission_matrix_page(request):
    if not request.user.has_perm(MATRIX_PERMISSION):
        raise PermissionDenied
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in EXPORT_FORMATS:
            raise Http404
        return report_file(request, matrix_report(), fmt)
    context = {
        "title": _("Permission matrix"),
        "roles": [label for _value, label in Role.choices],
        "areas": matrix_by_area(),
    }
    return TemplateResponse(request, "logistics/permission_matrix.html", context)
