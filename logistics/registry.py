"""The registry: what every app of the project declares, held in one place (NetBox's
``netbox/registry.py`` is the model).

Each app fills it from its ``AppConfig.ready()`` — explicit calls, after importing its own modules
there, so that a mistyped module fails at start-up — and every layer reads it: pages and their URLs,
the API, the admin, global search, the report centre, the dashboard, the annual report, oversight's
citations, the roles' permission matrix, navigation and ``load_demo_data``. No layer learns which
models or features exist by importing another layer.

An app's ``ready()`` imports its own modules inside the method: that is where Django wants them
imported (the models are loaded by then), and it is the one kind of import inside a function that
the project allows without a cycle to break (``tests/core/test_architecture.py``).

It is open while Django starts and closed once every app is ready: registering after start-up raises
:class:`RegistryClosed`, and reading during start-up raises :class:`RegistryNotReady`, so that no
layer ever works from half of it.

An app of the project says so with its config class (:class:`ProjectAppConfig`; an area of the
system, with its menu, dashboard and annual-report sections, uses :class:`AreaConfig`) and registers
from ``ready()``::

    class BudgetConfig(AreaConfig):
        name = "budget"
        verbose_name = _("Budget")

        def ready(self):
            from budget import annual, dashboard, demo, models, navigation, reports, views
            from budget.api import views as api

            app = registry.app(self)
            app.register_model(
                models.Allocation,
                pages=views.AllocationViews,
                api=("allocations", api.AllocationViewSet),
                lookup=True,
                citable=True,
                search=True,
            )
            app.register_menu(pgettext_lazy("menu", "Budget"), "cash-coin", navigation.ITEMS)
            app.register_reports(*reports.REPORTS)
            app.register_dashboard_section(dashboard.section)
            app.register_annual_sections(annual.sections)
            app.register_demo(demo.load, finish=demo.finish)

The named stores are listed in :data:`STORES`; ``registry["pages"]`` reads one (read-only), and the
methods of :class:`Registry` answer the questions the layers ask.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured

#: The named stores, and what each holds once start-up is over.
STORES = {
    "apps": "app label → the config of each app of the project, in the order of INSTALLED_APPS",
    "models": "model → ModelFeatures: what the model takes part in (pages, API, look-ups, citations…)",
    "pages": "model → its page declaration (logistics.views.generic.ObjectViews)",
    "tables": "model → the table of its list (the columns shown and exported)",
    "filtersets": "model → the FilterSet of its list",
    "services": "model → ModelServices: the services that create, update and delete its records",
    "exports": "model → Export: the columns of its files and how the export log keeps their filters",
    "workflow_steps": "model → the steps its page offers on a record (approve, post, …)",
    "viewsets": "app label → its API endpoints (ApiRoute), in the order registered",
    "lookups": "model → True: chosen by typing (look-up as you type) in forms and filters",
    "search": "model → True: searched by the global search (through its page's queryset)",
    "panels": "the sections added to every record's page: providers (record, user) → Panel | None",
    "menus": "app label → AppMenu: the app's entry of the top menu",
    "reports": "app label → the app's entries of the report centre",
    "dashboard": "the dashboard's sections: (app label, section(user, unit, period))",
    "annual": "the annual report's sections: (app label, sections(user, unit, period))",
    "demo": "the demo loaders (DemoLoader), in the order of INSTALLED_APPS",
    "scale": (
        "the scale generators (logistics.scale.ScaleGenerator: the models an app multiplies and how), in the "
        "order of INSTALLED_APPS, run by generate_scale_data"
    ),
    "summaries": "the summary tables (logistics.summaries.Summary) checked and rebuilt by check_summaries",
    "dissolution": (
        "what an app hands over when a unit is dissolved: (app label, handler(actor, unit, successor, "
        "effective_date)), called by unit_dissolve inside its transaction, in the order of INSTALLED_APPS"
    ),
    "reminders": "kind key → logistics.reminders.ReminderKind: what an area reminds of, and when",
    "reversal_guards": (
        "model → the guards another app puts on reversing its records: (app label, guard(record) → list of "
        "refusal reasons), asked by the model's reversal service after it has locked the record"
    ),
}

# The features of a model (ModelFeatures.features).
PAGES = "pages"
API = "api"
EXPORT = "export"
LOOKUP = "lookup"
CITABLE = "citable"
SEARCH = "search"
READS_LOGGED = "reads_logged"


class RegistryClosed(RuntimeError):
    """A registration after start-up: apps register from ``AppConfig.ready()`` only."""


class RegistryNotReady(RuntimeError):
    """A read during start-up, before every app has registered."""


class ProjectAppConfig(AppConfig):
    """The config of an app of this project: its models are governed by the roles, and it declares
    what it contributes to the registry from ``ready()`` (``registry.app(self)``)."""

    #: An area of the system (budget, equipment, …): its menu comes before the core's, its
    #: reports are grouped under its name, it contributes dashboard and annual-report sections.
    is_area = False


class AreaConfig(ProjectAppConfig):
    """The config of an area of the system (see :attr:`ProjectAppConfig.is_area`)."""

    is_area = True


@dataclass(frozen=True)
class ModelFeatures:
    model: type
    #: Names of the features (:data:`PAGES`, :data:`API`, :data:`LOOKUP`, …).
    features: frozenset[str]
    #: Who writes down every read of the model's records (``logistics.reads``), or None.
    reads_writer: Callable[..., None] | None = None


@dataclass(frozen=True)
class ModelServices:
    create: Callable[..., Any] | None
    update: Callable[..., Any] | None
    delete: Callable[..., Any] | None


@dataclass(frozen=True)
class Export:
    table: type
    #: ``filters(params) → dict``: the filters of an export as the export log keeps them.
    filters: Callable[[dict], dict]


@dataclass(frozen=True)
class ApiRoute:
    prefix: str
    viewset: type
    basename: str


@dataclass(frozen=True)
class AppMenu:
    key: str
    label: Any
    icon: str
    items: tuple
    is_area: bool


@dataclass(frozen=True)
class ReportGroup:
    app: ProjectAppConfig
    entries: tuple


@dataclass(frozen=True)
class ScaleGenerator:
    app_label: str
    #: The models whose rows the app multiplies (ids of copy k: id + k × the table's stride).
    models: tuple
    #: ``generate(plan)``: copies the rows (``plan.copy``) and brings derived figures in step.
    generate: Callable[..., Any]


@dataclass(frozen=True)
class DemoLoader:
    app_label: str
    #: ``load()`` writes the app's demo records (idempotent); it may return demo accounts to print.
    load: Callable[[], Any]
    #: ``finish()`` runs once every app has loaded (budget closes the past years only then).
    finish: Callable[[], Any] | None = None


def _app_label_of(model) -> str:
    meta = getattr(model, "_meta", None)
    if meta is None:
        raise TypeError(f"{model!r} is not a Django model.")
    return meta.app_label


class Registry:
    """The stores of :data:`STORES`, open during start-up and read-only after it."""

    def __init__(self):
        self._stores: dict[str, Any] = {name: {} for name in STORES}
        for name in ("panels", "dashboard", "annual", "demo", "dissolution", "scale", "summaries"):
            self._stores[name] = []
        self._reads_writers: dict[type, Callable] = {}
        self._closed = False
        self._lock = threading.Lock()

    # --- start-up -----------------------------------------------------------------------------

    def app(self, config: ProjectAppConfig) -> AppRegistrar:
        """What ``config``'s app registers, from its ``ready()``."""
        self._require_open()
        if not isinstance(config, ProjectAppConfig):
            raise ImproperlyConfigured(
                f"{config.name}: an app of the project has a ProjectAppConfig (logistics.registry)."
            )
        if config.label in self._stores["apps"]:
            raise ImproperlyConfigured(f"{config.label} registers twice.")
        self._stores["apps"][config.label] = config
        return AppRegistrar(self, config)

    def _require_open(self) -> None:
        if self._closed or apps.ready:
            raise RegistryClosed("The registry is closed: apps register from AppConfig.ready(), during start-up.")

    def _close(self) -> None:
        with self._lock:
            if self._closed:
                return
            stores = self._stores
            order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
            stores["apps"] = dict(sorted(stores["apps"].items(), key=lambda item: order[item[0]]))
            for name in ("panels", "dashboard", "annual", "demo", "summaries"):
                stores[name] = tuple(stores[name])
            stores["demo"] = tuple(sorted(stores["demo"], key=lambda loader: order[loader.app_label]))
            stores["dissolution"] = tuple(sorted(stores["dissolution"], key=lambda entry: order[entry[0]]))
            stores["reversal_guards"] = {
                model: tuple(sorted(guards, key=lambda entry: order[entry[0]]))
                for model, guards in stores["reversal_guards"].items()
            }
            stores["scale"] = tuple(sorted(stores["scale"], key=lambda generator: order[generator.app_label]))
            stores["viewsets"] = {label: tuple(routes) for label, routes in stores["viewsets"].items()}
            stores["reports"] = {label: tuple(entries) for label, entries in stores["reports"].items()}
            stores["models"] = {
                model: ModelFeatures(model, frozenset(features), self._reads_writers.get(model))
                for model, features in stores["models"].items()
            }
            for name, value in stores.items():
                if isinstance(value, dict):
                    stores[name] = MappingProxyType(value)
            self._closed = True

    def _read(self, name: str):
        if not self._closed:
            if not apps.ready:
                raise RegistryNotReady(f"The registry is read ({name}) before every app has registered.")
            self._close()
        return self._stores[name]

    # --- reading ------------------------------------------------------------------------------

    def __getitem__(self, name: str):
        if name not in STORES:
            raise KeyError(f"No store {name!r} in the registry; the stores are {', '.join(STORES)}.")
        return self._read(name)

    def project_apps(self) -> tuple[ProjectAppConfig, ...]:
        return tuple(self._read("apps").values())

    def areas(self) -> tuple[ProjectAppConfig, ...]:
        return tuple(config for config in self.project_apps() if config.is_area)

    def features(self, model) -> frozenset[str]:
        entry = self._read("models").get(model)
        return entry.features if entry is not None else frozenset()

    def has_feature(self, model, feature: str) -> bool:
        return feature in self.features(model)

    def models_with(self, feature: str) -> list[type]:
        """The models that have ``feature``, in Django's order of models (app by app, as defined)."""
        registered = self._read("models")
        return [model for model in apps.get_models() if model in registered and feature in registered[model].features]

    def reads_writer(self, model) -> Callable | None:
        entry = self._read("models").get(model)
        return entry.reads_writer if entry is not None else None

    def page(self, model):
        """The page declaration of ``model``; LookupError when it has no pages."""
        try:
            return self._read("pages")[model]
        except KeyError:
            raise LookupError(f"{model._meta.label} has no pages in the registry.") from None

    def pages(self, app_label: str | None = None) -> tuple:
        """Every page declaration (of one app), in the order registered."""
        return tuple(
            declaration
            for model, declaration in self._read("pages").items()
            if app_label is None or model._meta.app_label == app_label
        )

    def page_urls(self, app_label: str) -> list:
        """The URL patterns of every page declaration of ``app_label``."""
        return [pattern for declaration in self.pages(app_label) for pattern in declaration.urls()]

    def services(self, model) -> ModelServices:
        try:
            return self._read("services")[model]
        except KeyError:
            raise LookupError(f"{model._meta.label} has no services in the registry.") from None

    def export(self, model) -> Export:
        try:
            return self._read("exports")[model]
        except KeyError:
            raise LookupError(f"{model._meta.label} has no exports in the registry.") from None

    def workflow_steps(self, model) -> tuple:
        return self._read("workflow_steps").get(model, ())

    def api_routes(self, app_label: str) -> tuple[ApiRoute, ...]:
        return self._read("viewsets").get(app_label, ())

    def lookup_model(self, app_label: str, model_name: str) -> type | None:
        """The model chosen by typing that ``app_label.model_name`` names, or None."""
        for model in self._read("lookups"):
            if model._meta.app_label == app_label and model._meta.model_name == model_name:
                return model
        return None

    def is_looked_up(self, model) -> bool:
        return model in self._read("lookups")

    def searched(self) -> tuple:
        """The page declarations of the models the global search goes through."""
        pages = self._read("pages")
        return tuple(pages[model] for model in self._read("search"))

    def panels(self) -> tuple[Callable, ...]:
        return self._read("panels")

    def menus(self) -> tuple[AppMenu, ...]:
        """The top menu's entries: the areas' in the order of INSTALLED_APPS, then the others'."""
        menus = self._read("menus")
        ordered = [menus[config.label] for config in self.project_apps() if config.label in menus]
        return tuple(sorted(ordered, key=lambda menu: not menu.is_area))

    def report_groups(self) -> tuple[ReportGroup, ...]:
        """The report centre's groups: those spanning the areas (the core's) first, then each area's."""
        reports = self._read("reports")
        groups = [
            ReportGroup(config, reports[config.label]) for config in self.project_apps() if config.label in reports
        ]
        return tuple(sorted(groups, key=lambda group: group.app.is_area))

    def dashboard_sections(self) -> tuple[Callable, ...]:
        return tuple(section for _label, section in self._read("dashboard"))

    def annual_sections(self) -> tuple[Callable, ...]:
        return tuple(sections for _label, sections in self._read("annual"))

    def demo_loaders(self) -> tuple[DemoLoader, ...]:
        return self._read("demo")

    def scale_generators(self) -> tuple:
        """What each app multiplies for ``generate_scale_data`` (``logistics.scale``)."""
        return self._read("scale")

    def summaries(self) -> tuple:
        return self._read("summaries")

    def dissolution_handlers(self) -> tuple[Callable, ...]:
        """What the apps hand over when a unit is dissolved (``logistics.services.unit_dissolve``)."""
        return tuple(handler for _label, handler in self._read("dissolution"))

    def reminder_kinds(self) -> tuple:
        """The reminder kinds the areas declare (``logistics.reminders``), in the order registered."""
        return tuple(self._read("reminders").values())

    def reminder_kind(self, key: str):
        return self._read("reminders").get(key)

    def reversal_guards(self, model) -> tuple[Callable, ...]:
        """What other apps say against reversing a record of ``model`` (e.g. equipment against
        reversing the payment a posted purchase cites): ``guard(record)`` → refusal reasons."""
        return tuple(guard for _label, guard in self._read("reversal_guards").get(model, ()))


class AppRegistrar:
    """Registers what one app declares (``registry.app(config)``, from the config's ``ready()``)."""

    def __init__(self, registry: Registry, config: ProjectAppConfig):
        self._registry = registry
        self.config = config
        self.label = config.label

    @property
    def _stores(self) -> dict:
        self._registry._require_open()
        return self._registry._stores

    def _own(self, model) -> None:
        if _app_label_of(model) != self.label:
            raise ImproperlyConfigured(f"{self.label} registers {model._meta.label}, a model of another app.")

    def register_model(
        self,
        model,
        *,
        pages=None,
        api: tuple[str, type] | None = None,
        lookup: bool = False,
        citable: bool = False,
        search: bool = False,
    ) -> None:
        """Register ``model`` with its page declaration (``pages``: an ObjectViews, which names its
        table, FilterSet, form and services), its API endpoint (``api``: (URL prefix, viewset)), and
        whether it is chosen by typing (``lookup``), cited by oversight findings (``citable``) and
        searched by the global search (``search``)."""
        stores = self._stores
        self._own(model)
        if model in stores["models"] and stores["models"][model] - {READS_LOGGED}:
            raise ImproperlyConfigured(f"{model._meta.label} is registered twice.")
        features = set(stores["models"].get(model, ()))
        if pages is not None:
            if pages.model is not model:
                raise ImproperlyConfigured(f"{pages.__qualname__} declares the pages of {pages.model._meta.label}.")
            features |= {PAGES, EXPORT}
            stores["pages"][model] = pages
            stores["tables"][model] = pages.table
            stores["filtersets"][model] = pages.filterset
            stores["services"][model] = ModelServices(pages.create_service, pages.update_service, pages.delete_service)
            stores["exports"][model] = Export(pages.table, pages.export_filters)
            if pages.steps:
                stores["workflow_steps"][model] = tuple(pages.steps)
        if api is not None:
            prefix, viewset = api
            if viewset.queryset.model is not model:
                raise ImproperlyConfigured(f"{viewset.__qualname__} serves {viewset.queryset.model._meta.label}.")
            features.add(API)
            stores["viewsets"].setdefault(self.label, []).append(ApiRoute(prefix, viewset, model._meta.model_name))
        for feature, wanted in ((LOOKUP, lookup), (CITABLE, citable), (SEARCH, search)):
            if wanted:
                features.add(feature)
        if (citable or search) and pages is None:
            raise ImproperlyConfigured(f"{model._meta.label}: cited and searched records have pages.")
        if search and not any(f.name == "search_text" for f in model._meta.concrete_fields):
            raise ImproperlyConfigured(f"{model._meta.label} is searched but has no search_text column.")
        if lookup:
            stores["lookups"][model] = True
        if search:
            stores["search"][model] = True
        stores["models"][model] = features

    def log_reads(self, model, writer: Callable[..., None]) -> None:
        """Every read of ``model``'s records is written down by ``writer`` (see ``logistics.reads``)."""
        stores = self._stores
        self._own(model)
        if model in self._registry._reads_writers:
            raise ImproperlyConfigured(f"The reads of {model._meta.label} are logged twice.")
        self._registry._reads_writers[model] = writer
        stores["models"][model] = {*stores["models"].get(model, ()), READS_LOGGED}

    def register_menu(self, label, icon: str, items: Iterable) -> None:
        """The app's entry of the top menu: its pages (``logistics.navigation.MenuItem``)."""
        stores = self._stores
        if self.label in stores["menus"]:
            raise ImproperlyConfigured(f"{self.label} registers its menu twice.")
        stores["menus"][self.label] = AppMenu(self.label, label, icon, tuple(items), self.config.is_area)

    def register_panel(self, provider: Callable) -> None:
        """A section for every record's page (``logistics.panels``)."""
        panels = self._stores["panels"]
        if provider in panels:
            raise ImproperlyConfigured(f"The panel {provider.__qualname__} is registered twice.")
        panels.append(provider)

    def register_reports(self, *entries) -> None:
        """The app's entries of the report centre (``logistics.report_centre.ReportEntry``)."""
        self._stores["reports"].setdefault(self.label, []).extend(entries)

    def register_dashboard_section(self, section: Callable) -> None:
        """``section(user, unit, period)`` → a ``logistics.dashboard.DashboardSection`` or None."""
        self._stores["dashboard"].append((self.label, section))

    def register_annual_sections(self, sections: Callable) -> None:
        """``sections(user, unit, period)`` → (sections, highlights) of the annual report, or None."""
        self._stores["annual"].append((self.label, sections))

    def register_demo(self, load: Callable[[], Any], *, finish: Callable[[], Any] | None = None) -> None:
        """The app's demo data (``load_demo_data``)."""
        self._stores["demo"].append(DemoLoader(self.label, load, finish))

    def register_scale(self, models: Iterable, generate: Callable[..., Any]) -> None:
        """The app's part of ``generate_scale_data``: ``generate(plan)`` multiplies ``models`` (of this
        app) with ``plan.copy`` and brings the app's running totals in step (``logistics.scale``)."""
        models = tuple(models)
        for model in models:
            self._own(model)
        scale = self._stores["scale"]
        if any(generator.app_label == self.label for generator in scale):
            raise ImproperlyConfigured(f"{self.label} registers its scale generator twice.")
        scale.append(ScaleGenerator(self.label, models, generate))

    def register_summary(self, summary) -> None:
        """A summary table of the app (``logistics.summaries.Summary``), checked and rebuilt from its
        records by ``manage.py check_summaries``."""
        self._own(summary.model)
        self._stores["summaries"].append(summary)

    def register_dissolution_handler(self, handler: Callable[..., Any]) -> None:
        """``handler(*, actor, unit, successor, effective_date)``: what the app hands over from a unit
        dissolved into ``successor`` (the equipment's merger voucher), run by ``unit_dissolve`` in its
        transaction once the unit's last day and successor are saved; a refusal refuses the dissolution."""
        handlers = self._stores["dissolution"]
        if any(registered is handler for _label, registered in handlers):
            raise ImproperlyConfigured(f"The dissolution handler {handler.__qualname__} is registered twice.")
        handlers.append((self.label, handler))

    def register_reminder(self, kind) -> None:
        """A kind of reminder (``logistics.reminders.ReminderKind``) about records of this app."""
        self._own(kind.model)
        reminders = self._stores["reminders"]
        if kind.key in reminders:
            raise ImproperlyConfigured(f"The reminder kind {kind.key!r} is registered twice.")
        reminders[kind.key] = kind

    def register_reversal_guard(self, model, guard: Callable[[Any], list]) -> None:
        """``guard(record)`` → the reasons why a record of ``model`` (another app's, typically) cannot
        be reversed now because of this app's records; the model's reversal service asks it after
        locking the record, so that the app can refuse without the other app importing it."""
        guards = self._stores["reversal_guards"].setdefault(model, [])
        if any(registered is guard for _label, registered in guards):
            raise ImproperlyConfigured(f"The reversal guard {guard.__qualname__} is registered twice.")
        guards.append((self.label, guard))


registry = Registry()
