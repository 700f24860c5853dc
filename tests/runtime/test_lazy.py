"""The package loads an endpoint's modules on first use, and nobody can tell otherwise:
``dir()``, ``help()`` and mypy see every name, as with eager imports."""

from __future__ import annotations

import json
import pydoc
import subprocess
import sys
from pathlib import Path

import pytest

import fal_kling
import fal_kling.endpoints
import fal_kling.models

from ..conftest import GENERATED

LOADED = """
import json, sys
import fal_kling
before = sorted(m for m in sys.modules if m.startswith("fal_kling."))
fal_kling.Kling().v3.standard.image_to_video
after = sorted(m for m in sys.modules if m.startswith("fal_kling."))
print(json.dumps([before, after]))
"""


def test_one_endpoint_loads_only_its_own_modules_and_the_types() -> None:
    done = subprocess.run([sys.executable, "-c", LOADED], check=True, capture_output=True, text=True)
    before, after = json.loads(done.stdout)
    assert not [m for m in before if m.startswith(("fal_kling.models.", "fal_kling.endpoints."))]
    loaded = set(after) - set(before)
    assert {m for m in loaded if m.startswith(("fal_kling.models.", "fal_kling.endpoints."))} == {
        "fal_kling.endpoints.v3_standard_image_to_video",
        "fal_kling.models.types",
        "fal_kling.models.v3_standard_image_to_video",
    }
    others = {m for m in loaded if m.count(".") == 1} - {"fal_kling.models", "fal_kling.endpoints"}
    assert all(m.startswith("fal_kling._") for m in others), others  # runtime modules only


def test_dir_and_help_list_every_name_loaded_or_not() -> None:
    models = {info.input_name for info in fal_kling.ENDPOINTS.values()} | {info.output_name for info in fal_kling.ENDPOINTS.values()}
    assert models <= set(dir(fal_kling.models)) and models <= set(fal_kling.models.__all__)
    endpoints = set(fal_kling.endpoints.__all__)
    assert len(endpoints) == 2 * len(fal_kling.ENDPOINTS) and endpoints <= set(dir(fal_kling.endpoints))
    text = pydoc.render_doc(fal_kling.models, renderer=pydoc.plaintext)
    assert all(f"class {name}(" in text for name in models)


def test_a_name_the_package_lacks_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'fal_kling.models' has no attribute 'V3ProTextToVideoInptu'"):
        fal_kling.models.V3ProTextToVideoInptu  # noqa: B018
    with pytest.raises(ImportError):
        exec("from fal_kling.endpoints import NoSuchEndpoint", {})


SNIPPETS = {
    "a_model": ("from fal_kling.models import V3ProTextToVideoInput\nmodel: V3ProTextToVideoInput = V3ProTextToVideoInput.model_validate({})\n", None),
    "a_models_type": ("from fal_kling.models import V3ProTextToVideoInput\nwrong: int = V3ProTextToVideoInput.model_validate({})\n", "Incompatible types in assignment"),
    "a_misspelled_name": ("import fal_kling.models\nfal_kling.models.V3ProTextToVideoInptu\n", 'Module has no attribute "V3ProTextToVideoInptu"'),
    "a_webhook": ("from fal_kling import Kling\nreveal_type(Kling().v3.standard.image_to_video.parse_webhook(b'', headers=None).output)\n", "V3StandardImageToVideoOutput | None"),
    "a_signature": ("from fal_kling.endpoints import V3ProTextToVideo\nreveal_type(V3ProTextToVideo.__call__)\n", "duration: Literal['3'] | Literal['4']"),
}


def test_mypy_sees_the_names_the_imports_would_give(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, (snippet, _) in SNIPPETS.items():
        (tmp_path / f"{name}.py").write_text(snippet, encoding="utf-8")
    # In a process of its own: mypy raises the recursion limit of the process it runs in.
    monkeypatch.setenv("MYPYPATH", str(GENERATED))
    files = [str(tmp_path / f"{name}.py") for name in SNIPPETS]
    out = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / ".mypy_cache"), *files], capture_output=True, text=True).stdout
    for name, (_, error) in SNIPPETS.items():
        found = [line for line in out.splitlines() if line.startswith(str(tmp_path / f"{name}.py"))]
        if error is None:
            assert not found, found
        else:
            assert any(error in line for line in found), (name, out)
