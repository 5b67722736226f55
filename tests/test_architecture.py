"""The package's layers, read from its imports: no cycles, and no import from a lower layer to a higher one.

Every import counts, at module level or inside a function: an import inside a function is still a
dependency, only a later one. ARCHITECTURE.md draws the same layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import ROOT

PACKAGE = ROOT / "toolkit"
#: Layer of each top-level part of `toolkit`, lowest first. Parts of one layer must not import each other.
LAYERS = {
    "i18n": 0,
    "version": 1, "defaults": 1, "model": 1, "errors": 1, "paths": 1, "text": 1, "dates": 1, "atomic": 1,
    "limits": 2, "images": 2, "serialize": 2, "naming": 2, "braille": 2, "speech": 2,
    "readers": 3, "render": 3,
    "writers": 4,
    "pipeline": 5,
    "archive": 6, "qa": 6, "fetch": 6,
    "cli": 7,
    "__init__": 8, "__main__": 8,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every `toolkit` module `path` imports (resolved; `from . import x` names the module x when it is one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("toolkit")}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            if not target.startswith("toolkit"):
                continue
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if _exists(candidate) else target)
    return {name for name in found if name != module_name(path)}


def _exists(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def graph() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def part_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_part_of_the_package_has_a_layer():
    assert {part_of(module) for module in graph()} <= set(LAYERS)


def layer_violations(modules: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in modules.items():
        for target in targets:
            source, dest = part_of(module), part_of(target)
            if source != dest and LAYERS[dest] >= LAYERS[source]:
                wrong.append(f"{module} -> {target} (layer {LAYERS[source]} -> {LAYERS[dest]})")
    return sorted(wrong)


def find_cycles(modules: dict[str, set[str]]) -> list[list[str]]:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(modules.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(modules):
        if module not in state:
            visit(module, [module])
    return cycles


def test_no_import_goes_up_a_layer_or_sideways_between_parts():
    wrong = layer_violations(graph())
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_no_import_cycle():
    cycles = find_cycles(graph())
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_checks_find_what_they_look_for():
    """On a made-up tree with an upward import, a sideways one and a cycle, the checks above would fail."""
    made_up = {"toolkit.model": {"toolkit.pipeline"}, "toolkit.pipeline": {"toolkit.model"},
               "toolkit.readers.x": {"toolkit.render.y"}, "toolkit.render.y": set()}
    assert layer_violations(made_up) == ["toolkit.model -> toolkit.pipeline (layer 1 -> 5)",
                                         "toolkit.readers.x -> toolkit.render.y (layer 3 -> 3)"]
    assert find_cycles(made_up) == [["toolkit.model", "toolkit.pipeline", "toolkit.model"]]
    real = graph()
    assert "toolkit.render.settings" in real["toolkit.pipeline"]  # the real graph is read, imports resolved
    assert "toolkit.readers.html.page" in real["toolkit.readers.html.article"]
