"""Both distributions install from wheels: fal-kling standalone (typed, with its schemas,
needing only pydantic and fal-client), and falgen with its templates."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from fal_kling import ENDPOINTS
from falgen.building.tree import read_tree

from ..conftest import GENERATED, ROOT, scratch_project


def _wheel(tree: Path, tmp_path: Path, *skipped: str) -> Path:
    """The wheel pip builds from a copy of ``tree`` (setuptools leaves build/ in the tree it builds)."""
    source = tmp_path / "src"
    shutil.copytree(tree, source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build", *skipped))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("*.whl")
    return wheel


def test_wheel_is_standalone(tmp_path: Path) -> None:
    wheel = _wheel(GENERATED, tmp_path)
    assert wheel.name.startswith("fal_kling-")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        [metadata] = [n for n in names if n.endswith(".dist-info/METADATA")]
        fields = archive.read(metadata).decode().splitlines()
    assert "Name: fal-kling" in fields
    requires = [line.split(":", 1)[1].strip() for line in fields if line.startswith("Requires-Dist:")]
    runtime = sorted(r.split(">")[0].split("<")[0] for r in requires if "extra ==" not in r)
    assert runtime == ["cryptography", "fal-client", "httpx", "pydantic", "typing-extensions"]
    testing = sorted(r.split(">")[0] for r in requires if 'extra == "testing"' in r)
    assert testing == ["jsonschema", "trustme"]  # fal_kling.testing's, only on request
    assert "Provides-Extra: testing" in fields
    assert "fal_kling/py.typed" in names
    for info in ENDPOINTS.values():
        assert f"fal_kling/schemas/{info.module}.input.json" in names
        assert f"fal_kling/schemas/{info.module}.output.json" in names
    assert {"fal_kling/__init__.py", "fal_kling/__main__.py", "fal_kling/models/types.py", "fal_kling/types.py"} <= names
    assert not any(name.startswith(("generator/", "tests/", "specs/")) for name in names)


def test_falgen_installs_as_a_wheel_and_generates_outside_the_source_tree(tmp_path: Path) -> None:
    """`pip install .` (not editable) gives a working `falgen`: its templates are package data."""
    wheel = _wheel(ROOT, tmp_path, ".git", ".venv", ".falgen-cache", ".hypothesis", "generated", "tests")
    assert wheel.name.startswith("falgen_kling-")  # the distribution falgen-kling (see README)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "falgen/templates/package/[package]/client.py.jinja" in names
    assert not any(name.startswith(("generator/", "templates/")) for name in names), "only the `falgen` import package is installed"

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python, falgen = venv / "bin/python", venv / "bin/falgen"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    # Its dependencies come from the test environment, which is appended (not prepended) to the
    # path: the falgen under test is the wheel's, never the editable checkout's.
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True)
    Path(site.stdout.strip(), "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    located = subprocess.run([python, "-c", "import falgen.project as p; print(p.__file__); print(p.TEMPLATES.root)"], check=True, capture_output=True, text=True)
    assert all(line.startswith(str(venv)) for line in located.stdout.split()), located.stdout

    project = tmp_path / "project"
    scratch_project(project)
    done = subprocess.run([falgen, "--project", str(project), "generate"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert read_tree(project / "generated") == read_tree(GENERATED)
