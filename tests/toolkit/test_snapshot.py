"""Golden record: regenerating from specs/ reproduces the committed generated/ byte for byte.

When a spec or template changes on purpose, update the snapshot with `make generate`
and commit generated/ together with the change.
"""

from __future__ import annotations

from pathlib import Path

from falgen.cache import Cache
from falgen.building import render
from falgen.building.tree import read_tree, unified_diff
from falgen.project import Project

from ..conftest import GENERATED, ROOT


def test_generated_package_matches_specs(tmp_path: Path) -> None:
    project = Project(root=ROOT, specs=ROOT / "specs", output=tmp_path / "out", cache=Cache(None))
    wanted = render(project)
    diff = unified_diff(read_tree(GENERATED), wanted, "generated")
    assert not diff, "generated/ is stale; run `make generate` and commit it:\n" + diff


def test_generation_is_deterministic() -> None:
    first = render(Project.at(ROOT, use_cache=False))
    second = render(Project.at(ROOT, use_cache=False))
    assert first == second


def test_cached_and_uncached_renders_agree(tmp_path: Path) -> None:
    uncached = render(Project.at(ROOT, use_cache=False))
    cached_project = Project(root=ROOT, specs=ROOT / "specs", output=tmp_path / "out", cache=Cache(tmp_path / "cache"))
    assert render(cached_project) == uncached
    assert render(cached_project) == uncached  # second run served from the cache
    assert any((tmp_path / "cache").rglob("*")), "the cache was never written"
