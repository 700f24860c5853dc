"""examples/kling-image: a second real project on the same toolkit.

fal's ``fal-ai/kling-image`` app, its specs synced from fal's TypeScript types and its
llms.txt pages (``tests/fixtures/pages/kling-image-*``), generated into its own package,
``fal-kling-image`` (import ``fal_kling_image``, client ``KlingImage``), whose names all
come from one line of ``[tool.falgen]``.  It is held fresh, imported beside fal_kling,
type-checked by ``make test``, and its client runs against its own stand-in.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import fal_kling
import fal_kling_image
from fal_kling_image import KlingImage, KlingImageError, KlingImageValidationError
from fal_kling_image.testing import FakeFal
from falgen.api import load_api
from falgen.cli import main
from falgen.building import render
from falgen.building.tree import read_tree, unified_diff
from falgen.project import Project

from ..conftest import EXAMPLES, SHARED, fal_kling_names_in, scratch_project, tree

EXAMPLE = EXAMPLES / "kling-image"
PACKAGE = EXAMPLE / "generated"


def test_the_example_is_generated_from_its_specs(tmp_path: Path) -> None:
    project = Project.at(EXAMPLE, output=tmp_path / "out", use_cache=False)
    diff = unified_diff(read_tree(PACKAGE), render(project), "examples/kling-image/generated")
    assert not diff, "examples/kling-image is stale; run `make generate` and review it:\n" + diff


def test_falgen_check_is_clean_for_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(EXAMPLE), "check", "--no-cache"]) == 0
    assert capsys.readouterr().out.strip().endswith("is up to date")


def test_it_holds_every_endpoint_fals_types_give_the_app() -> None:
    typed = set(re.findall(r'"(fal-ai/kling-image/[^"]+)"', (SHARED / "fal/endpoints.ts").read_text(encoding="utf-8")))
    assert len(typed) == 5 and set(fal_kling_image.ENDPOINTS) == typed


def test_its_names_are_its_own() -> None:
    assert KlingImage.__module__ == "fal_kling_image.client" and fal_kling_image.AsyncKlingImage.__name__ == "AsyncKlingImage"
    assert issubclass(KlingImageValidationError, KlingImageError) and not issubclass(KlingImageError, fal_kling.KlingError)
    assert fal_kling_image.registry.APP == "fal-ai/kling-image"
    assert 'name = "fal-kling-image"' in (PACKAGE / "pyproject.toml").read_text()
    assert fal_kling_names_in(PACKAGE) == []


def test_every_spec_example_fits_its_models() -> None:
    api = load_api(EXAMPLE / "specs", app="fal-ai/kling-image")
    for endpoint in api.endpoints:
        info = fal_kling_image.ENDPOINTS[endpoint.id]
        fal_kling_image.validate(endpoint.id, endpoint.example_input)
        info.output_model.model_validate(endpoint.example_output)


def test_its_client_runs_against_its_own_stand_in(tmp_path: Path) -> None:
    with FakeFal() as fal:
        result = KlingImage().v3.text_to_image(prompt="a fox in the snow", num_images=2, aspect_ratio="1:1")
        [submission] = fal.submissions
        assert submission.endpoint_id == "fal-ai/kling-image/v3/text-to-image"
        assert submission.payload == {"prompt": "a fox in the snow", "num_images": 2, "aspect_ratio": "1:1"}
        saved = result.images[0].download(f"{tmp_path / 'out'}/")
        assert saved.parent == tmp_path / "out" and saved.stat().st_size > 0


def test_a_bad_call_is_refused_before_anything_is_sent() -> None:
    with FakeFal() as fal:
        with pytest.raises(KlingImageValidationError) as caught:
            KlingImage().o3.image_to_image(prompt="p", image_urls=["https://example.com/a.png"], resolution="8K")  # type: ignore[arg-type]
        assert "resolution" in str(caught.value) and fal.submissions == []


def test_its_command_line_names_its_own_client() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fal_kling_image", "list"], capture_output=True, text=True, env={"PYTHONPATH": str(PACKAGE), "PATH": ""}, check=False
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"^fal-ai/kling-image/v3/text-to-image +kling_image\.v3\.text_to_image +\$0\.028 per image$", done.stdout, re.MULTILINE)
    assert re.search(r"^fal-ai/kling-image/o1 +kling_image\.o1 +price unknown$", done.stdout, re.MULTILINE)


SOURCES = [SHARED / "fal/endpoints.ts", *sorted((EXAMPLE.parent.parent / "tests/fixtures/pages").glob("kling-image-*.llms.txt"))]


def test_syncing_its_sources_again_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = scratch_project(tmp_path / "project", EXAMPLE)
    before = tree(project / "specs")
    assert main(["--project", str(project), "sync", "--prefer", "page", "--prefer", "typescript", *map(str, SOURCES)]) == 0
    assert capsys.readouterr().out.endswith("nothing to change\n")
    assert tree(project / "specs") == before


def test_a_new_project_is_synced_from_its_app_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With no specs yet, the project's [tool.falgen] app picks the endpoints from fal's
    types, which hold every app's: only the image app's are written."""
    project = tmp_path / "project"
    (project / "specs").mkdir(parents=True)
    (project / "pyproject.toml").write_text((EXAMPLE / "pyproject.toml").read_text())
    assert main(["--project", str(project), "sync", str(SHARED / "fal/endpoints.ts")]) == 0
    written = sorted(p.relative_to(project / "specs").as_posix() for p in (project / "specs").rglob("*.yaml"))
    assert [name for name in written if not name.startswith("types/")] == [
        "fal-ai/kling-image/o1.yaml",
        "fal-ai/kling-image/o3/image-to-image.yaml",
        "fal-ai/kling-image/o3/text-to-image.yaml",
        "fal-ai/kling-image/v3/image-to-image.yaml",
        "fal-ai/kling-image/v3/text-to-image.yaml",
    ]
    assert main(["--project", str(project), "generate"]) == 0
    assert (project / "generated/fal_kling_image/client.py").is_file()
