"""The structure the README promises, checked on the code itself (README, "Layers").

Imports point one way: common <- regions <- jobs <- portal. No module imports one that
imports it back, no project import hides inside a function (an AppConfig.ready() excepted),
no app imports another app's views, and common imports no app.
"""

import ast

import pytest

from tests.conftest import ROOT

# Each package and its layer: a module may import its own layer and the ones below.
LAYERS = {"common": 0, "regions": 1, "jobs": 2, "portal": 3}


def project_modules():
    modules = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return modules


MODULES = project_modules()


def imported(node):
    """The project modules an import statement names."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif node.level == 0 and node.module:
        names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
    else:
        return set()
    found = set()
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name.split(".")[0] in LAYERS:
            found.add(name)
    return found


def imports_of(tree):
    """``{module: [(line, in a function other than ready())], …}`` for one module."""
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.extend((name, child.lineno, function) for name in imported(child))
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name
            visit(child, inner)

    visit(tree, None)
    return found


EDGES = {module: imports_of(tree) for module, tree in MODULES.items()}


def test_the_check_sees_the_project():
    assert {"common.cache", "regions.selectors", "jobs.views", "portal.urls"} <= set(MODULES)
    assert "regions.selectors" in {name for name, _line, _function in EDGES["jobs.views"]}
    # "from common import cache" is an import of the module common.cache.
    assert "common.cache" in {name for name, _line, _function in EDGES["regions.apps"]}


def test_no_module_imports_one_that_imports_it_back():
    graph = {module: {name for name, _, _ in edges} - {module} for module, edges in EDGES.items()}
    done, path = set(), []

    def visit(module):
        if module in path:
            cycle = path[path.index(module) :] + [module]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        path.append(module)
        for name in sorted(graph.get(module, ())):
            visit(name)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


def test_no_project_import_inside_a_function():
    hidden = [
        f"{module}:{line} imports {name} inside {function}()"
        for module, edges in EDGES.items()
        for name, line, function in edges
        if function is not None and function != "ready"
    ]
    assert hidden == []


def test_imports_point_down_the_layers():
    upward = [
        f"{module} imports {name}"
        for module, edges in EDGES.items()
        for name, _line, _function in edges
        if LAYERS[name.split(".")[0]] > LAYERS[module.split(".")[0]]
    ]
    assert upward == []


def test_no_app_imports_another_apps_views():
    foreign = [
        f"{module} imports {name}"
        for module, edges in EDGES.items()
        for name, _line, _function in edges
        if name.endswith(".views") and name.split(".")[0] != module.split(".")[0]
    ]
    assert foreign == []
