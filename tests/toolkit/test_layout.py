"""The layout holds: no circle among the parts of falgen, nor among the runtime modules.

A part is a module of ``generator/``, or one of its subpackages taken whole; an import,
at the top of a module or inside a function, is an arrow from part to part.  Without a
circle every part can be drawn above everything it reads, which is what
``docs/architecture.md`` draws.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

from ..conftest import ROOT

GENERATOR = ROOT / "generator"
RUNTIME = ROOT / "templates/package/[package]"


def _imported(path: Path, package: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
    """The modules ``path`` imports, as dotted parts below the root package."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = (*base, *(node.module.split(".") if node.module else ()))
            yield target
            for alias in node.names:
                yield (*target, alias.name)


def _graph(root: Path, part_of: dict[tuple[str, ...], str]) -> dict[str, set[str]]:
    arrows: dict[str, set[str]] = {part: set() for part in part_of.values()}
    for module, part in part_of.items():
        path = root.joinpath(*module).with_suffix(".py") if (root.joinpath(*module).with_suffix(".py")).is_file() else root.joinpath(*module, "__init__.py")
        package = module if path.name == "__init__.py" else module[:-1]
        for target in _imported(path, package):
            while target and target not in part_of:
                target = target[:-1]
            if target and part_of[target] != part:
                arrows[part].add(part_of[target])
    return arrows


def _circle(arrows: dict[str, set[str]]) -> list[str] | None:
    """A circle of parts, or None."""
    state: dict[str, str] = {}
    trail: list[str] = []

    def visit(part: str) -> list[str] | None:
        state[part] = "open"
        trail.append(part)
        for other in sorted(arrows[part]):
            if state.get(other) == "open":
                return [*trail[trail.index(other) :], other]
            if other not in state and (found := visit(other)) is not None:
                return found
        state[part] = "done"
        trail.pop()
        return None

    for part in sorted(arrows):
        if part not in state and (found := visit(part)) is not None:
            return found
    return None


def _modules(root: Path) -> list[tuple[str, ...]]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).with_suffix("").parts
        found.append(relative[:-1] if relative[-1] == "__init__" else relative)
    return found


def test_the_parts_of_falgen_import_each_other_without_a_circle() -> None:
    arrows = _graph(GENERATOR, {module: module[0] for module in _modules(GENERATOR) if module})
    assert {"building", "render", "ir", "spec", "sync", "cli"} <= arrows.keys()
    assert "building" in arrows["cli"] and "render" in arrows["building"], "the arrows are read"
    assert _circle(arrows) is None, f"a circle: {' → '.join(_circle(arrows) or [])}"


def test_nothing_below_the_commands_runs_the_build() -> None:
    arrows = _graph(GENERATOR, {module: module[0] for module in _modules(GENERATOR) if module})
    assert sorted(part for part, targets in arrows.items() if "building" in targets) == ["cli", "release"]
    assert "files" not in arrows["render"], "renderers render: they write nothing"


def test_the_runtime_modules_import_each_other_without_a_circle() -> None:
    part_of = {module: ".".join(module) for module in _modules(RUNTIME) if module}
    arrows = _graph(RUNTIME, part_of)
    assert "_batch" in arrows["_cli"], "the arrows are read"
    assert _circle(arrows) is None, f"a circle: {' → '.join(_circle(arrows) or [])}"


def test_a_circle_is_found_when_there_is_one() -> None:
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": set()}) is None
