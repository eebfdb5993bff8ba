"""The rules of the project's wiring, read from the source with ``ast``: no import cycle between
the modules of the core, no import inside a function unless it breaks a cycle (and says which) or
is an app's ``ready()`` importing what it registers, and every app declaring itself to the registry.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from logistics.registry import PAGES, AppRegistrar, ProjectAppConfig, RegistryClosed, registry

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = ("logistics", "budget", "assets", "construction", "medical", "oversight")
#: Libraries imported where they are used rather than at start-up, and why.
DEFERRED_LIBRARIES = {
    "weasyprint": "takes seconds to import; only a PDF needs it",
    "pgserver": "only a machine without DATABASE_URL needs the embedded server",
}


def _sources(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_names(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The modules ``node`` loads: ``from a import b`` loads ``a``, and ``a.b`` when that is a module."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module
    return [source, *(f"{source}.{alias.name}" for alias in node.names)]


def core_import_graph() -> dict[str, set[str]]:
    """Module → the modules of ``logistics`` it imports at module level (``if TYPE_CHECKING``
    blocks aside: they are never run)."""
    paths = {_module_name(path): path for path in _sources("logistics")}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(), str(path))
        is_package = path.name == "__init__.py"
        edges = set()
        for node in _module_level_imports(tree.body):
            for name in _imported_names(node, module, is_package):
                # ``import logistics.a.b`` runs logistics.a as well, but a package's __init__ that
                # the importer does not name is no edge of its own here.
                if name in paths and name != module:
                    edges.add(name)
        graph[module] = edges
    return graph


def _module_level_imports(body):
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                continue
            yield from _module_level_imports(node.body)
            yield from _module_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            yield from _module_level_imports(node.body)
            for handler in node.handlers:
                yield from _module_level_imports(handler.body)
            yield from _module_level_imports(node.orelse)
            yield from _module_level_imports(node.finalbody)


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of ``graph`` as the list of its modules (first repeated last), or None."""
    visiting, done = [], set()

    def visit(module):
        if module in visiting:
            return [*visiting[visiting.index(module) :], module]
        if module in done:
            return None
        visiting.append(module)
        for target in sorted(graph.get(module, ())):
            cycle = visit(target)
            if cycle:
                return cycle
        visiting.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        cycle = visit(module)
        if cycle:
            return cycle
    return None


def function_level_imports(path: Path) -> list[tuple[int, str]]:
    """(line, function) of each import inside a function of ``path`` that is neither in an app
    config's ``ready()``, nor explained by a comment naming the cycle it breaks, nor of one of the
    :data:`DEFERRED_LIBRARIES`."""
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source, str(path))
    offenders = []

    def explained(line: int) -> bool:
        """Whether the import's line, or the comment above it (above the imports grouped with it),
        names the cycle."""
        if "cycle" in lines[line - 1].lower():
            return True
        number = line - 1
        while number >= 1:
            text = lines[number - 1].strip()
            if text.startswith("#"):
                if "cycle" in text.lower():
                    return True
            elif not text.startswith(("import ", "from ")):
                return False
            number -= 1
        return False

    def deferred(node) -> bool:
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        return all(name.split(".")[0] in DEFERRED_LIBRARIES for name in names)

    def walk(node, function, in_config):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                is_config = any(
                    (isinstance(base, ast.Name) and base.id.endswith("Config"))
                    or (isinstance(base, ast.Attribute) and base.attr.endswith("Config"))
                    for base in child.bases
                )
                walk(child, function, is_config)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                walk(child, child, in_config and function is None)
            elif isinstance(child, ast.Import | ast.ImportFrom) and function is not None:
                in_ready = in_config and function.name == "ready"
                if not in_ready and not explained(child.lineno) and not deferred(child):
                    offenders.append((child.lineno, function.name))
            else:
                walk(child, function, in_config)

    walk(tree, None, False)
    return offenders


def test_the_core_has_no_import_cycle():
    cycle = find_cycle(core_import_graph())
    assert cycle is None, "Import cycle in logistics/: " + " → ".join(cycle)


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_imports_inside_functions_break_a_cycle_or_register_an_app():
    offenders = [
        f"{path.relative_to(ROOT)}:{line} (in {function})"
        for package in PROJECT_PACKAGES
        for path in _sources(package)
        for line, function in function_level_imports(path)
    ]
    assert offenders == [], (
        "Imports inside functions that neither break an import cycle (say which in a comment) nor sit "
        "in an AppConfig's ready():\n" + "\n".join(offenders)
    )


def test_the_import_rule_sees_an_unexplained_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "class ThingsConfig(AppConfig):\n"
        "    def ready(self):\n"
        "        from things import models\n"
        "\n"
        "def build():\n"
        "    # Breaks the import cycle things.a → things.b → things.a, which\n"
        "    # runs over two lines.\n"
        "    from things import a\n"
        "    from things import b\n"
        "\n"
        "    from things import c\n"
        "    from weasyprint import HTML\n"
    )
    assert function_level_imports(module) == [(11, "build")]


def test_every_app_of_the_project_declares_itself_and_its_pages():
    configs = {config.label: config for config in apps.get_app_configs()}
    for label in PROJECT_PACKAGES:
        assert isinstance(configs[label], ProjectAppConfig), f"{label} has no ProjectAppConfig"
        assert registry.pages(label), f"{label} registers no page"
        for model in configs[label].get_models():
            if registry.has_feature(model, PAGES):
                assert registry.page(model).model is model
    assert [config.label for config in registry.project_apps()] == list(PROJECT_PACKAGES)
    assert {declaration.model._meta.app_label for declaration in registry.pages()} == set(PROJECT_PACKAGES)


def test_a_registration_after_start_up_is_refused():
    budget = apps.get_app_config("budget")
    with pytest.raises(RegistryClosed):
        registry.app(budget)
    late = AppRegistrar(registry, budget)
    with pytest.raises(RegistryClosed):
        late.register_panel(lambda record, user: None)
    with pytest.raises(RegistryClosed):
        late.register_model(budget.get_model("Allocation"), lookup=True)
    assert not registry.has_feature(budget.get_model("FiscalYear"), "lookup")
