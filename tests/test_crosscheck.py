"""`falgen crosscheck` reports how specs differ from fal's TypeScript endpoint types."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from falgen.cli import main

from .conftest import ROOT

DTS = textwrap.dedent(
    """\
    export type File = {
        /**
         * The URL.
         */
        url: string;
    };
    export type TinyOutput = File;
    export type KlingVideoV9TestTinyInput = {
        prompt: string;
        mode?: "a" | "c";
        style?: string;
        count: number;
        seed?: number;
    };
    export type KlingVideoV9TestTinyOutput = {
        video: File;
    };
    """
)


def _specs(root: Path) -> Path:
    endpoint = {
        "endpoint": "fal-ai/kling-video/v9/test/tiny",
        "title": "Tiny",
        "input": {
            "fields": {
                "prompt": {"type": "string", "required": True},
                "mode": {"type": "string", "enum": ["a", "b"]},
                "style": {"type": "string", "enum": ["x", "y"]},
                "count": {"type": "integer"},
                "extra": {"type": "boolean"},
            }
        },
        "output": {"fields": {"video": {"type": "File", "required": True}}},
        "examples": {"input": {"prompt": "p"}},
    }
    path = root / "fal-ai/kling-video/v9/test/tiny.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(endpoint))
    (root / "types").mkdir()
    (root / "types/File.yaml").write_text(yaml.safe_dump({"fields": {"url": {"type": "string", "required": True}}}))
    return root


def test_differences_and_narrowings_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs = _specs(tmp_path / "specs")
    dts = tmp_path / "endpoints.d.ts"
    dts.write_text(DTS)
    assert main(["--project", str(ROOT), "--specs", str(specs), "crosscheck", str(dts)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "narrower: fal-ai/kling-video/v9/test/tiny input.style: the spec restricts fal's string to ['x', 'y']",
        "differs:  fal-ai/kling-video/v9/test/tiny input.count: spec says required=False, fal's types say True",
        "differs:  fal-ai/kling-video/v9/test/tiny input.extra: in the spec, not in fal's types",
        "differs:  fal-ai/kling-video/v9/test/tiny input.mode: enum differs from fal's 2 values",
        "differs:  fal-ai/kling-video/v9/test/tiny input.seed: in fal's types, not in the spec",
        "4 differences, 1 narrowings",
    ]


def test_unreadable_or_foreign_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_types = tmp_path / "notes.d.ts"
    not_types.write_text("// nothing here\n")
    assert main(["--project", str(ROOT), "crosscheck", str(not_types)]) == 2
    assert "no TypeScript object types found" in capsys.readouterr().err
    assert main(["--project", str(ROOT), "crosscheck", str(tmp_path / "missing.d.ts")]) == 2
    assert f"{tmp_path / 'missing.d.ts'}: no such file" in capsys.readouterr().err
