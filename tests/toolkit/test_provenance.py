"""Specs record which kinds of source stated each fact, and a sync whose sources are all of
other kinds cannot take a fact away or change it without ``--prefer``.

The case that motivated it is real: fal's O3 docs pages predate its types, say nothing of
``shot_type``'s values, and word its description more briefly.  Synced alone, such a page
used to remove the enum fal's types state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from falgen.sync.provenance import Provenance, recorded

from ..conftest import ROOT, SHARED, run_sync, tree

O3_T2V = "fal-ai/kling-video/o3/standard/text-to-video"
O3_T2V_PAGE = ROOT / "tests/fixtures/pages/kling-video-o3-standard-text-to-video.mdx"
TYPES = SHARED / "fal/endpoints.ts"
ENUM = "input.fields.shot_type.enum"


def _path(specs: Path, endpoint: str) -> Path:
    return specs.joinpath(*endpoint.split("/")).with_suffix(".yaml")


def _load(specs: Path, endpoint: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(_path(specs, endpoint).read_text(encoding="utf-8"))
    return loaded


def _edit(specs: Path, endpoint: str, change: Any) -> None:
    path = _path(specs, endpoint)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _never_disputed(data: dict[str, Any]) -> None:
    """The spec as it stands when the page was never synced beside fal's types: no
    preference was ever recorded for the facts the page is silent on."""
    data.pop("preferred", None)


def test_the_committed_specs_say_who_stated_the_o3_enum() -> None:
    spec = _load(ROOT / "specs", O3_T2V)
    provenance = Provenance.of(spec)
    assert provenance.kinds(ENUM) == {"typescript"}
    assert provenance.kinds("input.fields.generate_audio.default") == {"page"}
    assert provenance.kinds("input.fields.prompt") == {"page", "typescript"}


def test_a_page_older_than_fals_types_does_not_remove_what_only_the_types_state(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(spec_copy, O3_T2V, _never_disputed)
    before = _load(spec_copy, O3_T2V)
    assert run_sync(spec_copy, O3_T2V_PAGE) == 0
    out = capsys.readouterr().out
    after = _load(spec_copy, O3_T2V)
    assert after["input"]["fields"]["shot_type"] == before["input"]["fields"]["shot_type"]
    assert (
        f"kept: {O3_T2V}: {ENUM} comes from fal's types; {O3_T2V_PAGE} (page) omits it: kept (--prefer page takes their word)"
    ) in out.splitlines()
    assert f"kept: {O3_T2V}: input.fields.shot_type.description comes from fal's types; {O3_T2V_PAGE} (page) says" in out
    assert Provenance.of(after).kinds(ENUM) == {"typescript"}


def test_prefer_names_the_page_and_its_word_wins_and_is_recorded(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(spec_copy, O3_T2V, _never_disputed)
    assert run_sync(spec_copy, "--prefer", "page", O3_T2V_PAGE) == 0
    out = capsys.readouterr().out
    after = _load(spec_copy, O3_T2V)
    assert "enum" not in after["input"]["fields"]["shot_type"]
    assert f"override: {O3_T2V}: {ENUM}: {O3_T2V_PAGE} (page) says nothing; the spec (typescript) says" in out
    assert after["preferred"][ENUM] == "page"
    assert "kept:" not in out


def test_a_source_of_the_kind_that_stated_a_fact_can_still_remove_it(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Where the page itself stated a fact before, its silence now is news: it is removed and reported."""

    def page_said_so(data: dict[str, Any]) -> None:
        _never_disputed(data)
        data["stated_by"][ENUM] = ["page", "typescript"]

    _edit(spec_copy, O3_T2V, page_said_so)
    assert run_sync(spec_copy, O3_T2V_PAGE) == 0
    out = capsys.readouterr().out
    assert "enum" not in _load(spec_copy, O3_T2V)["input"]["fields"]["shot_type"]
    assert f"  - {ENUM}" in out.splitlines()


def test_a_field_only_the_types_list_stays_when_a_page_leaves_it_out(spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.mdx"
    text = O3_T2V_PAGE.read_text(encoding="utf-8")
    start = text.index('<ParamField body="shot_type"')
    page.write_text(text[:start] + text[text.index("</ParamField>", start) + len("</ParamField>") :], encoding="utf-8")

    def only_the_types_list_it(data: dict[str, Any]) -> None:
        _never_disputed(data)
        data["stated_by"]["input.fields.shot_type"] = ["typescript"]

    _edit(spec_copy, O3_T2V, only_the_types_list_it)
    assert run_sync(spec_copy, page) == 0
    assert "shot_type" in _load(spec_copy, O3_T2V)["input"]["fields"]
    assert f"kept: {O3_T2V}: input.fields.shot_type comes from fal's types; {page} (page) omits it" in capsys.readouterr().out


def test_the_types_and_the_page_together_still_disagree_out_loud(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Provenance guards against a missing kind of source; two sources present that disagree
    are a disagreement, as before: nothing is written until --prefer says who wins."""
    _edit(spec_copy, O3_T2V, _never_disputed)
    before = tree(spec_copy)
    assert run_sync(spec_copy, "--only", O3_T2V, TYPES, O3_T2V_PAGE) == 2
    assert f"{O3_T2V}: {ENUM}:" in capsys.readouterr().err
    assert tree(spec_copy) == before


def test_recorded_keeps_the_kinds_a_run_could_not_ask() -> None:
    """A page restating a value fal's types stated leaves both on record; a value the page
    changes is the page's alone; a fact no source states is recorded as written by hand."""
    fields = {"a": {"type": "string", "description": "x"}, "b": {"type": "string", "max_length": 9}}
    before = {"input": {"fields": fields}, "sources": ["typescript"]}
    after = {"input": {"fields": {"a": {"type": "string", "description": "y"}, "b": fields["b"]}}}
    stated = {"input.fields.a": frozenset({"page"}), "input.fields.a.type": frozenset({"page"}), "input.fields.a.description": frozenset({"page"})}
    out = recorded(before, after, ("input.",), stated, frozenset({"page"}))
    assert out == {
        "sources": ["page", "typescript"],
        "stated_by": {
            "input.fields.a.description": ["page"],
            "input.fields.b": ["typescript"],
            "input.fields.b.max_length": ["typescript"],
            "input.fields.b.type": ["typescript"],
        },
    }
    # A spec no source has stated anything of records nothing: its facts' origin is unknown, and unguarded.
    assert recorded(None, {"input": {"fields": {"c": {"type": "string"}}}}, ("input.",), {}, frozenset({"page"})) == {}


def test_a_stated_by_path_that_names_no_fact_is_a_spec_error(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from falgen.cli import main

    _edit(spec_copy, O3_T2V, lambda data: data["stated_by"].update({"input.fields.nope.enum": ["page"]}))
    assert main(["--specs", str(spec_copy), "lint"]) == 2
    assert "stated_by names 'input.fields.nope.enum', which is not a field, a field's fact or an example in this spec" in capsys.readouterr().err
