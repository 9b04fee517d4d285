"""The apps depend on each other in one direction only.

An app may build on another (profiles on core, projects on profiles), never both ways round,
however far apart: a cycle means neither can be understood, tested or removed without the
other. `core` is what every app shares, so it imports none of them, and no app imports the
project level (site_config), which is where pages combining several apps are put together.
Imports inside functions count: they are dependencies all the same. Modules found by name
(privacy.py, demo.py, mentor.py, badges.py through apps.core.discovery) are not imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

APPS = Path(settings.BASE_DIR) / "apps"


def _imported(tree: ast.AST) -> set[str]:
    """Every dotted name the module imports, at any depth."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            if node.module == "apps":
                names.update(f"apps.{alias.name}" for alias in node.names)
    return names


def app_imports() -> dict[str, dict[str, list[str]]]:
    """{app: {what it imports outside itself (another app, or site_config): [where]}}."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(APPS.rglob("*.py")):
        relative = path.relative_to(APPS)
        if len(relative.parts) < 2 or "migrations" in relative.parts:
            continue
        app = relative.parts[0]
        edges = graph.setdefault(app, {})
        for name in _imported(ast.parse(path.read_text(), filename=str(path))):
            parts = name.split(".")
            if parts[0] == "apps" and len(parts) > 1 and parts[1] != app:
                target = parts[1]
            elif parts[0] == "site_config":
                target = "site_config"
            else:
                continue
            edges.setdefault(target, []).append(str(path.relative_to(APPS.parent)))
    return graph


def find_cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Each cycle once, as the list of apps around it (a depth-first search)."""
    cycles: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def visit(app: str, path: list[str]) -> None:
        for target in sorted(graph.get(app, {})):
            if target in path:
                cycle = path[path.index(target) :]
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    cycles.append([*cycle, target])
            elif target in graph:
                visit(target, [*path, target])

    for app in sorted(graph):
        visit(app, [app])
    return cycles


def test_no_import_cycle_between_apps():
    graph = app_imports()

    cycles = [" -> ".join(cycle) for cycle in find_cycles(graph)]

    assert cycles == []


def test_core_imports_no_app():
    graph = app_imports()

    assert graph["core"] == {}


def test_no_app_imports_the_project_level():
    graph = app_imports()

    importers = {app: edges["site_config"] for app, edges in graph.items() if "site_config" in edges}

    assert importers == {}


def test_a_cycle_is_found_however_long_it_is():
    graph = {"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}

    assert find_cycles(graph) == [["a", "b", "c", "a"]]


def test_imports_inside_functions_count():
    tree = ast.parse("def f():\n    from apps.projects.models import Project\nfrom apps import jobs\n")

    assert {"apps.projects.models", "apps.jobs"} <= _imported(tree)
