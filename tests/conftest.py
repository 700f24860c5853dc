"""Shared paths and helpers.  Seed pages are read from ../shared, never copied in."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SAMPLES = SHARED / "samples"
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "examples"

# The golden record's package and the example project's are imported in this process, beside
# fal_kling: each has import names of its own, as its project's [tool.falgen] sets them.
for _package in (GOLDEN / "generated", EXAMPLES / "kling-image" / "generated"):
    if str(_package) not in sys.path:
        sys.path.append(str(_package))


def fal_kling_names_in(package: Path) -> list[str]:
    """Where another generated package's Python still spells fal-kling's own names as code
    (its client and errors, its model base, its package and variables), as ``file:line: text``."""
    import fal_kling

    names = {n for n in fal_kling.__all__ if "Kling" in n} | {"KlingModel", "fal_kling", "FAL_KLING_DOWNLOAD_HOSTS"}
    names |= {"FAL_KLING_PLATFORM_API"}
    names.discard("Kling")  # a word in prose too ("fal's Kling image endpoints"): only a call counts
    left = []
    for path in sorted(package.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if names & set(re.findall(r"\w+", line)) or re.search(r"\bKling\(|\bkling\.", line):
                left.append(f"{path.relative_to(package)}:{number}: {line.strip()}")
    return left


def scratch_project(root: Path, source: Path = ROOT, *, generated: bool = False) -> Path:
    """A copy at ``root`` of a project's specs and settings (pyproject.toml, changelog, its own
    templates), and of its generated package if asked; ``root`` is returned."""
    trees = ("specs", "project-templates", *(("generated",) if generated else ()))
    for name in trees:
        if (source / name).is_dir():
            shutil.copytree(source / name, root / name, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    for name in ("pyproject.toml", "fal-kling-changelog.md"):
        if (source / name).is_file():
            shutil.copy(source / name, root / name)
    return root


def run_sync(specs: Path, *args: str | Path) -> int:
    """``falgen --specs SPECS sync ARGS…``, in-process; its exit code."""
    from falgen.cli import main

    return main(["--specs", str(specs), "sync", *map(str, args)])


def tree(root: Path) -> dict[str, str]:
    """Every file below ``root`` with a digest of its bytes: what "nothing was written" compares."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def seed_json_blocks(page: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(endpoint id, "input"/"output", payload) for each fenced JSON example on an MDX seed page."""
    text = page.read_text(encoding="utf-8")
    found = []
    for tab in re.split(r"<Tab title=", text)[1:]:
        endpoint = re.search(r"\*\*Endpoint ID:\*\* `([^`]+)`", tab)
        assert endpoint, f"{page.name}: tab without an endpoint id"
        for heading, block in re.findall(r"### (Input|Output) Example\s*```json[^\n]*\n(.*?)```", tab, re.S):
            found.append((endpoint[1], heading.lower(), json.loads(block)))
    return found


def catalogue_sources() -> list[Path]:
    """The sources ``make sync`` reads, from ``catalogue.sources`` (as the Makefile expands it)."""
    patterns = [line for line in (ROOT / "catalogue.sources").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    found = sorted({path for pattern in patterns for path in ROOT.glob(pattern)})
    assert len(found) > len(patterns), "catalogue.sources names files that are missing"
    return found


@pytest.fixture
def spec_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the real specs, for tests that break or edit them."""
    target = tmp_path / "specs"
    shutil.copytree(SPECS, target)
    yield target


@pytest.fixture(autouse=True)
def _outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the same environment locally and in CI; the tests of CI mode set ``CI`` themselves."""
    monkeypatch.delenv("CI", raising=False)
