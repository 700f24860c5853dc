"""`falgen crosscheck` reports how specs differ from fal's TypeScript endpoint types."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from falgen.cli import main

from ..conftest import ROOT, SHARED

# The npm package's `endpoints.d.ts` layout: four-space indentation, unions on one line.
DTS = textwrap.dedent(
    """\
    export type File = {
        /**
         * The URL.
         */
        url: string;
    };
    export type TinyOutput = {
        video: File;
    };
    export type KlingVideoV9TestTinyInput = {
        prompt: string;
        mode?: "a" | "c";
        style?: string;
        /**
         * How many. Default value: `2`
         */
        count: number;
        seed?: number;
        image_url?: string | Blob | File;
    };
    export type KlingVideoV9TestTinyOutput = TinyOutput;
    export type EndpointTypeMap = {
        "fal-ai/kling-video/v9/test/tiny": {
            input: KlingVideoV9TestTinyInput;
            output: KlingVideoV9TestTinyOutput;
        };
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
                "count": {"type": "integer", "default": 3},
                "extra": {"type": "boolean"},
                "image_url": {"type": "string"},
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
        'narrower: fal-ai/kling-video/v9/test/tiny input.style: the spec restricts fal\'s string to ["x", "y"]',
        "differs:  fal-ai/kling-video/v9/test/tiny input.count: spec default 3, fal's types 2",
        "differs:  fal-ai/kling-video/v9/test/tiny input.count: spec says required=False, fal's types say True",
        "differs:  fal-ai/kling-video/v9/test/tiny input.extra: in the spec, not in fal's types",
        "differs:  fal-ai/kling-video/v9/test/tiny input.image_url: spec file kind not a file, fal's types image",
        'differs:  fal-ai/kling-video/v9/test/tiny input.mode: spec enum ["a", "b"], fal\'s types ["a", "c"]',
        "differs:  fal-ai/kling-video/v9/test/tiny input.seed: in fal's types, not in the spec",
        "6 differences, 1 narrowings, 0 endpoints the types do not cover",
    ]


def test_the_catalogue_matches_fals_newest_types(capsys: pytest.CaptureFixture[str]) -> None:
    """fal-js's endpoints.ts (the source layout: two-space indentation, a union member per
    line) states nothing the specs contradict; integers where it says `number` and the
    defaults it never writes (`false`, `0`) are not differences.  The one endpoint fal
    serves that these types (2026-08) predate is listed apart, not as a difference."""
    assert main(["--project", str(ROOT), "crosscheck", str(SHARED / "fal/endpoints.ts")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "uncovered: fal-ai/kling-video/o3/4k/video-to-video/edit: not in these types (newer than them, or no longer in them)",
        "0 differences, 0 narrowings, 1 endpoints the types do not cover",
    ]


def test_an_endpoint_fal_does_not_type_is_listed_apart_and_a_shared_type_is_reported_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs = _specs(tmp_path / "specs")
    twin = specs / "fal-ai/kling-video/v9/test/twin.yaml"
    twin.write_text((specs / "fal-ai/kling-video/v9/test/tiny.yaml").read_text().replace("v9/test/tiny", "v9/test/twin"))
    (specs / "types/File.yaml").write_text(yaml.safe_dump({"fields": {"url": {"type": "string"}}}))
    dts = tmp_path / "endpoints.d.ts"
    dts.write_text(DTS)
    assert main(["--project", str(ROOT), "--specs", str(specs), "crosscheck", str(dts)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "uncovered: fal-ai/kling-video/v9/test/twin: not in these types (newer than them, or no longer in them)" in lines
    assert [line for line in lines if "types/File" in line] == ["differs:  types/File.url: spec says required=False, fal's types say True"]


def test_unreadable_or_foreign_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_types = tmp_path / "notes.d.ts"
    not_types.write_text("// nothing here\n")
    assert main(["--project", str(ROOT), "crosscheck", str(not_types)]) == 2
    assert capsys.readouterr().err == (
        f"{not_types}: TypeScript with no EndpointTypeMap: expected fal-js's src/types/endpoints.ts or @fal-ai/client's endpoints.d.ts\n"
    )
    assert main(["--project", str(ROOT), "crosscheck", str(tmp_path / "missing.d.ts")]) == 2
    assert f"{tmp_path / 'missing.d.ts'}: no such file" in capsys.readouterr().err
