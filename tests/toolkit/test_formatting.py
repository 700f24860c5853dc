"""black stays the formatter of record when shared modules are formatted piece by piece."""

from __future__ import annotations

from pathlib import Path

import pytest

from falgen.api import load_api
from falgen.project import Project
from falgen.render.templates import TEMPLATES
from falgen.target import Target
from falgen.render.formatting import format_python
from falgen.render.package import PythonPackage
from falgen.render.templates import TEMPLATE_SUFFIX
from falgen.building.pieces import Previous, layout

from ..conftest import GOLDEN, ROOT


def _assembled(source: str) -> str:
    lay = layout(source)
    return lay.assemble({s: format_python(s) for s in set(lay.sources())}, format_python)[0]


@pytest.mark.parametrize("project", [ROOT, GOLDEN], ids=["catalogue", "golden"])
def test_shared_modules_assembled_from_pieces_are_what_black_writes_for_the_whole(project: Path) -> None:
    target = Project.at(project).target
    shared = PythonPackage(TEMPLATES, target, "1.2.3").shared_sources(load_api(project / "specs", app=target.app), showcase_example="print('example')\n")
    modules = {path: text for path, text in shared.items() if path.endswith(".py")}
    package = target.import_name
    assert {f"{package}/client.py", f"{package}/registry.py", f"{package}/models/__init__.py"} <= modules.keys()
    for path, source in modules.items():
        assert _assembled(source) == format_python(source), path


def test_the_large_modules_are_cut_into_many_pieces() -> None:
    """Otherwise the piecewise formatting would be whole-file formatting under another name."""
    api = load_api(ROOT / "specs")
    shared = PythonPackage(TEMPLATES, Target(), "1.2.3").shared_sources(api, showcase_example="")
    for path in ("fal_kling/client.py", "fal_kling/registry.py", "fal_kling/models/__init__.py", "fal_kling/endpoints/__init__.py"):
        sources = layout(shared[path]).sources()
        assert len(sources) > len(api.endpoints), path
        assert max(map(len, sources)) < len(shared[path]) / 10, path


def test_a_piece_black_shapes_unexpectedly_falls_back_to_the_whole_statement() -> None:
    source = "NAMES = [\n" + "".join(f'    "name{i}",\n' for i in range(10)) + "]\n"
    lay = layout(source)
    assert len(lay.sources()) == 11  # a probe and one source per item
    wrong = {s: "something else\n" for s in lay.sources()}
    wholes: list[str] = []

    def fallback(whole: str) -> str:
        wholes.append(whole)
        return format_python(whole)

    assert lay.assemble(wrong, fallback)[0] == format_python(source)
    assert wholes == [source]


@pytest.mark.parametrize(
    "source",
    [
        "x = 1; y = 2\n",  # statements sharing a line
        "def f(:\n",  # not Python: black reports it
        "X = [1, 2, 3, 4, 5, 6, 7, 8, 9]\n",  # one line: black may keep it so
        "X = 1\n# a closing comment\n",
    ],
    ids=["semicolons", "syntax error", "one-line collection", "trailing comment"],
)
def test_modules_the_cut_does_not_suit_are_one_piece(source: str) -> None:
    assert layout(source).sources() == [source]
    if "def f(:" not in source:
        assert _assembled(source) == format_python(source)


def test_the_runtime_modules_are_copied_as_black_writes_them() -> None:
    copied = [p for p in TEMPLATES.package.rglob("*.py") if "__pycache__" not in p.parts]
    assert {p.name for p in copied} >= {"_base.py", "_endpoint.py", "_errors.py", "_registry.py", "_rules.py", "_lazy.py"}
    for path in copied:
        assert not path.name.endswith(TEMPLATE_SUFFIX)
        text = path.read_text(encoding="utf-8")
        assert format_python(text) == text, path
        assert "{{" not in text and "{%" not in text, path


def test_a_module_re_cut_from_its_last_layout_is_what_black_writes_for_the_whole(tmp_path: Path) -> None:
    """After one endpoint's title changes, only the changed lines are parsed again, and the
    module assembled from kept and new pieces still equals black's output for the whole."""
    import shutil

    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    before = PythonPackage(TEMPLATES, Target(), "1.2.3").shared_sources(load_api(specs), showcase_example="")
    spec = specs / "fal-ai/kling-video/v2.1/pro/image-to-video.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("title: Kling Video", "title: Retitled Kling Video", 1), encoding="utf-8")
    after = PythonPackage(TEMPLATES, Target(), "1.2.3").shared_sources(load_api(specs), showcase_example="")
    for path in ("fal_kling/client.py", "fal_kling/registry.py"):
        assert before[path] != after[path]
        first = layout(before[path])
        _, previous = first.assemble({s: format_python(s) for s in set(first.sources())}, format_python)
        again = layout(after[path], previous)
        new = set(again.sources()) - set(first.sources())
        assert 0 < len(new) <= 4, path  # only the pieces with the title are formatted anew
        assembled, _ = again.assemble({s: format_python(s) for s in set(again.sources())}, format_python)
        assert assembled == format_python(after[path]), path


def test_a_previous_layout_that_does_not_fit_is_not_used() -> None:
    source = "A = 1\n\n\ndef f():\n    return 2\n"
    first = layout(source)
    _, previous = first.assemble({s: format_python(s) for s in first.sources()}, format_python)
    for changed in ("A = 1\n\n\ndef f(:\n    return 2\n", "A = 2\n", source + "\n\nB = 3\n"):
        lay = layout(changed, previous)
        if "def f(:" in changed:
            assert lay.sources() == [changed]
        else:
            assert lay.assemble({s: format_python(s) for s in lay.sources()}, format_python)[0] == format_python(changed)
    assert Previous.from_json({"source": "x", "spans": [[0, 1]], "gaps": [], "texts": []}) is None
    assert Previous.from_json("not a layout") is None
