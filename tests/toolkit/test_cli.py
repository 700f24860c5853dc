"""`falgen generate` and `falgen check` on a scratch output directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from falgen.cli import main

from ..conftest import ROOT


def _generate(output: Path) -> int:
    return main(["--project", str(ROOT), "generate", "--output", str(output)])


def test_check_reports_a_stale_package_with_a_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "generated"
    assert _generate(output) == 0
    assert main(["--project", str(ROOT), "check", "--output", str(output)]) == 0
    assert "is up to date" in capsys.readouterr().out

    client = output / "fal_kling/client.py"
    client.write_text(client.read_text().replace("class Kling:", "class Kling:  # edited by hand"))
    (output / "stray.txt").write_text("not generated")
    (output / "docs/index.md").unlink()
    assert main(["--project", str(ROOT), "check", "--output", str(output)]) == 1
    captured = capsys.readouterr()
    assert "--- generated/fal_kling/client.py (committed)" in captured.out
    assert "-class Kling:  # edited by hand" in captured.out and "+class Kling:" in captured.out
    assert "+++ generated/docs/index.md (from specs)" in captured.out
    assert "--- generated/stray.txt (committed)" in captured.out
    assert "is stale; run `falgen generate`" in captured.err

    assert _generate(output) == 0
    assert "1 added, 1 changed, 1 removed" in capsys.readouterr().out
    assert not (output / "stray.txt").exists()


def test_unchanged_output_is_not_rewritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "generated"
    assert _generate(output) == 0
    stamps = {p: p.stat().st_mtime_ns for p in output.rglob("*")}
    assert _generate(output) == 0
    assert "up to date" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*")} == stamps


def test_missing_specs_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(ROOT), "--specs", str(tmp_path / "nope"), "lint"]) == 2
    assert "specs directory not found" in capsys.readouterr().err


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["generat"])
    assert caught.value.code == 2
    assert "invalid choice: 'generat'" in capsys.readouterr().err
