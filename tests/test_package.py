"""generated/ is a standalone distribution: fal-kling, typed, with its schemas, needing only pydantic and fal-client."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from fal_kling import ENDPOINTS

from .conftest import GENERATED


def test_wheel_is_standalone(tmp_path: Path) -> None:
    source = tmp_path / "src"  # a copy: setuptools leaves build/ behind in the tree it builds
    shutil.copytree(GENERATED, source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("fal_kling-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        [metadata] = [n for n in names if n.endswith(".dist-info/METADATA")]
        fields = archive.read(metadata).decode().splitlines()
    assert "Name: fal-kling" in fields
    requirements = sorted(line.split(":", 1)[1].split(">")[0].split("<")[0].strip() for line in fields if line.startswith("Requires-Dist:"))
    assert requirements == ["fal-client", "pydantic"]
    assert "fal_kling/py.typed" in names
    for info in ENDPOINTS.values():
        assert f"fal_kling/schemas/{info.module}.input.json" in names
        assert f"fal_kling/schemas/{info.module}.output.json" in names
    assert {"fal_kling/__init__.py", "fal_kling/__main__.py", "fal_kling/models/types.py"} <= names
    assert not any(name.startswith(("generator/", "tests/", "specs/")) for name in names)
