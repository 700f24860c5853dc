"""black stays the formatter of record when shared modules are formatted piece by piece."""

from __future__ import annotations

from pathlib import Path

import pytest

from falgen.api import load_api
from falgen.project import TEMPLATES
from falgen.render.formatting import format_python
from falgen.render.package import TEMPLATE_SUFFIX, render_shared
from falgen.render.pieces import layout

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def _assembled(source: str) -> str:
    lay = layout(source)
    return lay.assemble({s: format_python(s) for s in set(lay.sources())}, format_python)


@pytest.mark.parametrize("specs", [ROOT / "specs", GOLDEN / "specs"], ids=["catalogue", "golden"])
def test_shared_modules_assembled_from_pieces_are_what_black_writes_for_the_whole(specs: Path) -> None:
    api = load_api(specs)
    shared = render_shared(api, TEMPLATES, version="1.2.3", showcase_example="print('example')\n")
    modules = {path: text for path, text in shared.items() if path.endswith(".py")}
    assert {"fal_kling/client.py", "fal_kling/registry.py", "fal_kling/models/__init__.py"} <= modules.keys()
    for path, source in modules.items():
        assert _assembled(source) == format_python(source), path


def test_the_large_modules_are_cut_into_many_pieces() -> None:
    """Otherwise the piecewise formatting would be whole-file formatting under another name."""
    api = load_api(ROOT / "specs")
    shared = render_shared(api, TEMPLATES, version="1.2.3", showcase_example="")
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

    assert lay.assemble(wrong, fallback) == format_python(source)
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
