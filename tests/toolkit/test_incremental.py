"""Incremental generation: what it reuses never changes what it writes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from falgen.cli import main
from falgen.building.tree import read_tree

from ..conftest import ROOT, scratch_project, tree

V3_PRO_T2V = "fal-ai/kling-video/v3/pro/text-to-video.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return scratch_project(tmp_path / "project")


def _falgen(project: Path, *args: str) -> int:
    return main(["--project", str(project), *args])


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_incremental_regeneration_writes_what_a_cold_one_does(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _falgen(project, "generate") == 0
    specs = project / "specs/fal-ai/kling-video"
    _edit(specs / "v3/pro/text-to-video.yaml", "title: Kling Video V3 Pro", "title: Kling Video V3 Pro, retitled")
    _edit(specs / "v2.1/pro/image-to-video.yaml", "description:", "description: Edited.")
    (specs / "v1.6/standard/text-to-video.yaml").unlink()
    added = specs / "v9/pro/text-to-video.yaml"
    added.parent.mkdir(parents=True)
    added.write_text((specs / "v3/standard/text-to-video.yaml").read_text(encoding="utf-8").replace(
        "endpoint: fal-ai/kling-video/v3/standard/text-to-video", "endpoint: fal-ai/kling-video/v9/pro/text-to-video"), encoding="utf-8")
    capsys.readouterr()
    assert _falgen(project, "generate") == 0
    assert "1 added" not in capsys.readouterr().out  # a new endpoint adds several files, and one is gone
    cold = tmp_path / "cold"
    assert _falgen(project, "generate", "--no-cache", "--output", str(cold)) == 0
    assert read_tree(project / "generated") == read_tree(cold)


def test_a_fresh_output_is_not_written_again(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _falgen(project, "generate") == 0
    output = project / "generated"
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert _falgen(project, "generate") == 0
    assert capsys.readouterr().out.strip() == f"{output}: up to date"
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()} == before
    assert _falgen(project, "check") == 0


@pytest.mark.parametrize("change", ["edited", "deleted", "stray file"])
def test_a_touched_output_is_never_taken_for_fresh(project: Path, change: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _falgen(project, "generate") == 0
    output = project / "generated"
    wanted = read_tree(output)
    target = output / "fal_kling/models/v3_pro_text_to_video.py"
    if change == "edited":
        # The same size, and a modification time only a nanosecond later.
        info = target.stat()
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("class ", "klass ", 1), encoding="utf-8")
        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    elif change == "deleted":
        target.unlink()
    else:
        (output / "fal_kling/notes.txt").write_text("mine", encoding="utf-8")
    assert _falgen(project, "check") == 1
    assert "is stale" in capsys.readouterr().err
    assert _falgen(project, "generate") == 0
    assert read_tree(output) == wanted


def test_a_spec_edit_makes_a_fresh_output_stale(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _falgen(project, "generate") == 0
    _edit(project / "specs" / V3_PRO_T2V, "title: Kling Video V3 Pro", "title: Kling Video V3 Pro, retitled")
    assert _falgen(project, "check") == 1
    added = [line for line in capsys.readouterr().out.splitlines() if line.startswith("+") and "V3 Pro, retitled" in line]
    assert added


def test_a_corrupt_cache_costs_time_only(project: Path, tmp_path: Path) -> None:
    assert _falgen(project, "generate") == 0
    wanted = read_tree(project / "generated")
    cache = project / ".falgen-cache"
    entries = [p for p in cache.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert {p.parent.parent.name for p in entries} >= {"endpoints", "pieces", "stamps", "yaml", "examples"}
    for number, entry in enumerate(entries):
        entry.write_bytes([b"", b"{", b"[1, 2]", b'{"inputs": 1}', b"\xff\xfe"][number % 5])
    _edit(project / "specs" / V3_PRO_T2V, "title: Kling Video V3 Pro", "title: Kling Video V3 Pro, retitled")
    assert _falgen(project, "generate") == 0
    cold = tmp_path / "cold"
    assert _falgen(project, "generate", "--no-cache", "--output", str(cold)) == 0
    assert read_tree(project / "generated") == read_tree(cold) != wanted


def test_no_cache_neither_reads_nor_writes_the_cache(project: Path) -> None:
    assert _falgen(project, "generate", "--no-cache") == 0
    assert not (project / ".falgen-cache").exists()
    snapshot = tree(project / "generated")
    assert _falgen(project, "check", "--no-cache") == 0
    assert tree(project / "generated") == snapshot
