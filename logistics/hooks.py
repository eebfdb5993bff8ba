"""Each area contributes to the pages that span them all through small modules of its own:
``<app>/dashboard.py`` (``section(user, unit, period)``), ``<app>/annual.py``
(``sections(user, unit, period)``) and ``<app>/reports.py`` (``REPORTS``)."""

from importlib import import_module
from importlib.util import find_spec

AREAS = ("budget", "assets", "construction", "medical", "oversight")


def area_modules(name: str) -> list:
    modules = []
    for app in AREAS:
        if find_spec(app) is not None and find_spec(f"{app}.{name}") is not None:
            modules.append(import_module(f"{app}.{name}"))
    return modules
