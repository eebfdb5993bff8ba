"""The top menu: one entry per area; each app lists its pages in its own ``navigation.py``
(``ITEMS = [MenuItem(...), ...]``). Users see only the pages their roles open, and an area
with no page for them is not shown."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.roles import MATRIX_PERMISSION


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str
    icon: str = ""


@dataclass
class Menu:
    key: str
    label: str
    icon: str
    items: list = field(default_factory=list)


AREAS = (
    ("budget", pgettext_lazy("menu", "Budget"), "cash-coin"),
    ("assets", pgettext_lazy("menu", "Equipment"), "truck"),
    ("construction", pgettext_lazy("menu", "Construction"), "building"),
    ("medical", pgettext_lazy("menu", "Clinic"), "heart-pulse"),
    ("oversight", pgettext_lazy("menu", "Oversight"), "clipboard-check"),
    ("logistics", pgettext_lazy("menu", "Catalogues"), "diagram-3"),
)

CORE_ITEMS = [
    MenuItem(_("Units"), "logistics:unit_list", "logistics.view_unit", "diagram-3"),
    MenuItem(_("Personnel"), "logistics:personnel_list", "logistics.view_personnel", "people"),
    MenuItem(_("Suppliers and contractors"), "logistics:supplier_list", "logistics.view_supplier", "shop"),
    MenuItem(_("Export log"), "logistics:exportlog_list", "logistics.view_exportlog", "journal-text"),
    MenuItem(_("Change log"), "logistics:change_list", "logistics.view_change", "clock-history"),
    MenuItem(_("Permission matrix"), "logistics:permission_matrix", MATRIX_PERMISSION, "grid-3x3"),
]

_discovered = False


def _items_by_area() -> dict[str, list[MenuItem]]:
    global _discovered
    if not _discovered:
        autodiscover_modules("navigation")
        _discovered = True
    from django.apps import apps

    items = {"logistics": CORE_ITEMS}
    for key, _label, _icon in AREAS:
        if key == "logistics" or not apps.is_installed(key):
            continue
        try:
            module = __import__(f"{key}.navigation", fromlist=["ITEMS"])
        except ModuleNotFoundError:
            continue
        items[key] = list(getattr(module, "ITEMS", []))
    return items


def menus_for(user) -> list[Menu]:
    if not getattr(user, "is_authenticated", False):
        return []
    by_area = _items_by_area()
    menus = []
    for key, label, icon in AREAS:
        visible = [
            {"label": item.label, "url": reverse(item.url_name), "icon": item.icon}
            for item in by_area.get(key, [])
            if user.has_perm(item.permission)
        ]
        if visible:
            menus.append(Menu(key=key, label=label, icon=icon, items=visible))
    return menus
