"""The top menu: one entry per app, the areas first (``registry.menus()``); each app registers
its label, icon and pages (``MenuItem``) from its ``AppConfig.ready()``. Users see only the pages
their roles open, and an app with no page for them is not shown."""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from logistics.registry import registry
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


CORE_ITEMS = [
    MenuItem(_("Units"), "logistics:unit_list", "logistics.view_unit", "diagram-3"),
    MenuItem(_("Personnel"), "logistics:personnel_list", "logistics.view_personnel", "people"),
    MenuItem(_("Suppliers and contractors"), "logistics:supplier_list", "logistics.view_supplier", "shop"),
    MenuItem(_("Export log"), "logistics:exportlog_list", "logistics.view_exportlog", "journal-text"),
    MenuItem(_("Change log"), "logistics:change_list", "logistics.view_change", "clock-history"),
    MenuItem(_("Permission matrix"), "logistics:permission_matrix", MATRIX_PERMISSION, "grid-3x3"),
]


#: The menu's addresses by URL configuration and prefix: every page draws the whole menu, and
#: reversing its forty names on each request took a twentieth of its time.
_menu_urls: dict[tuple, str] = {}


def _menu_url(url_name: str) -> str:
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), url_name)
    if key not in _menu_urls:
        _menu_urls[key] = reverse(url_name)
    return _menu_urls[key]


def menus_for(user) -> list[Menu]:
    if not getattr(user, "is_authenticated", False):
        return []
    menus = []
    for menu in registry.menus():
        visible = [
            {"label": item.label, "url": _menu_url(item.url_name), "icon": item.icon}
            for item in menu.items
            if user.has_perm(item.permission)
        ]
        if visible:
            menus.append(Menu(key=menu.key, label=menu.label, icon=menu.icon, items=visible))
    return menus


#: The menu's markup by language and by the pages it shows (what a user's roles open).
_menu_markup: dict[tuple, str] = {}


def menu_markup(menus: list[Menu]) -> str:
    """The top menu's entries (``menus_for``) as ``base.html`` writes them: drawn once per language
    and set of pages shown, since every page of every user draws it."""
    key = (get_language(), tuple((menu.key, tuple(item["url"] for item in menu.items)) for menu in menus))
    if key not in _menu_markup:
        _menu_markup[key] = mark_safe("".join(_menu_entry(menu) for menu in menus))
    return _menu_markup[key]


def _menu_entry(menu: Menu) -> str:
    items = format_html_join(
        "",
        '<li><a class="dropdown-item" href="{}">{}{}</a></li>',
        (
            (
                item["url"],
                format_html('<i class="bi bi-{} me-1"></i>', item["icon"]) if item["icon"] else "",
                item["label"],
            )
            for item in menu.items
        ),
    )
    return format_html(
        '\n        <li class="nav-item dropdown">\n'
        '          <a class="nav-link dropdown-toggle" href="#" role="button" data-bs-toggle="dropdown"'
        ' aria-expanded="false"><i class="bi bi-{}"></i> {}</a>\n'
        '          <ul class="dropdown-menu">\n            {}\n          </ul>\n        </li>\n        ',
        menu.icon,
        menu.label,
        items,
    )
