"""The review workflows: they parse, pin what they use, pass zizmor's audit, and every
command they run exists here (make targets, falgen commands)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from falgen.cli import _parser

from ..conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
_SHELL = {"if", "then", "else", "fi", "exit", "echo", "git", "gh", "[", "tee"}
"""Shell words and the tools every hosted runner has (git, GitHub's gh)."""


def _load(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _steps(path: Path) -> list[dict[str, Any]]:
    return [step for job in _load(path)["jobs"].values() for step in job["steps"]]


def _make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


def _falgen_commands() -> set[str]:
    commands = next(a for a in _parser()._actions if a.dest == "command")
    return set(commands.choices or {})


def test_the_workflows_are_there_and_parse() -> None:
    assert [p.name for p in WORKFLOWS] == ["review.yml", "update.yml"]
    update, review = _load(ROOT / ".github/workflows/update.yml"), _load(ROOT / ".github/workflows/review.yml")
    assert "schedule" in update[True] and "workflow_dispatch" in update[True]  # YAML reads `on` as True
    assert set(review[True]["pull_request"]["paths"]) >= {"specs/**", "templates/**", "generator/**"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_and_every_command_exists(workflow: Path) -> None:
    targets, falgen = _make_targets(), _falgen_commands()
    for step in _steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            continue
        for line in step["run"].splitlines():
            words = line.split()
            if not words:
                continue
            if words[0] == "make":
                assert set(words[1:]) <= targets, line
            elif words[0] == ".venv/bin/falgen":
                assert words[1] in falgen, line
            else:
                assert words[0] in _SHELL, line


def test_zizmor_finds_nothing() -> None:
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert zizmor, "zizmor is pinned in requirements.lock"
    done = subprocess.run([zizmor, "--offline", "--no-progress", str(ROOT / ".github/workflows")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


PACKAGES = "generated/fal_kling tests/golden/generated/fal_golden examples/kling-image/generated/fal_kling_image"


def test_make_review_runs_what_ci_runs() -> None:
    # Run as if from a shell, not from the make that runs the test suite.
    environment = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", "review", "BASE=origin/main"], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    setup = ("python3 -m venv", "pip install", "touch ")
    commands = [line for line in done.stdout.splitlines() if not any(word in line for word in setup)]
    assert commands == [
        ".venv/bin/falgen lint",
        "CI=true .venv/bin/falgen check",
        "CI=true .venv/bin/falgen --project tests/golden check",
        "CI=true .venv/bin/falgen --project examples/kling-image check",
        ".venv/bin/ruff check generator 'templates/package/[package]' " + PACKAGES,
        ".venv/bin/python -m pytest",
        ".venv/bin/python -m mypy --strict generator " + PACKAGES,
        ".venv/bin/falgen review --base origin/main",
    ]
