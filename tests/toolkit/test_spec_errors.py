"""Broken specs fail with `file:line: message`, a non-zero exit and nothing written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from falgen.api import load_api
from falgen.cli import main
from falgen.errors import SpecError
from falgen.building.tree import read_tree

from ..conftest import ROOT

I2V = Path("fal-ai/kling-video/v3/standard/image-to-video.yaml")


def _edit(specs: Path, relative: Path, old: str, new: str) -> None:
    path = specs / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drifted: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(specs: Path, relative: Path, needle: str) -> int:
    lines = (specs / relative).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


CASES = [
    # (file, old text, new text, line marker, expected message)
    ("malformed YAML", I2V, "    prompt:\n      type: string", "    prompt:\n      type: string: oops", "string: oops", "invalid YAML: mapping values are not allowed"),
    ("unknown key", I2V, "      required: true\n      file: {kind: image}\n      description: URL of the image", "      requird: true\n      file: {kind: image}\n      description: URL of the image", "requird:", "unknown key 'requird' at input.fields.start_image_url.requird; did you mean 'required'?"),
    ("unknown type", I2V, "type: list[KlingV3MultiPromptElement]", "type: list[KlingV3MultiPromptElemnt]", "KlingV3MultiPromptElemnt", "unknown type 'KlingV3MultiPromptElemnt'; did you mean 'KlingV3MultiPromptElement'?"),
    ("default outside enum", I2V, '      default: "5"', '      default: "16"', 'default: "16"', "default '16' is not one of the field's enum values"),
    ("default outside range", I2V, "      default: 0.5\n      minimum: 0", "      default: 1.5\n      minimum: 0", "default: 1.5", "default 1.5 is above the maximum 1"),
    ("rule names unknown field", I2V, "      fields: [prompt, multi_prompt]", "      fields: [prompt, multiprompt]", "fields: [prompt, multiprompt]", "rule names unknown field 'multiprompt'; did you mean 'multi_prompt'?"),
    ("duplicate field", I2V, "    end_image_url:\n", "    prompt:  # again\n      type: string\n    end_image_url:\n", "prompt:  # again", "duplicate field 'prompt' (first defined on line"),
    ("unknown rule kind", I2V, "    - kind: exactly_one_of", "    - kind: exactly_one", "kind: exactly_one", "unknown rule kind 'exactly_one'"),
    ("wrong value type", I2V, "      default: true\n      description: >-\n        Whether to generate", "      default: yes please\n      description: >-\n        Whether to generate", "default: yes please", "default 'yes please' is not a boolean"),
    ("condition value outside enum", Path("fal-ai/kling-video/v3/standard/motion-control.yaml"), "equals: video", "equals: videos", "equals: videos", "condition value 'videos' is not one of the field's enum values"),
]


@pytest.mark.parametrize(("name", "relative", "old", "new", "marker", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_spec_is_reported_with_file_and_line(
    spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, relative: Path, old: str, new: str, marker: str, message: str
) -> None:
    _edit(spec_copy, relative, old, new)
    line = _line_of(spec_copy, relative, marker)
    output = tmp_path / "generated"
    for command in (["lint"], ["generate", "--output", str(output), "--no-cache"]):
        code = main(["--project", str(ROOT), "--specs", str(spec_copy), *command])
        captured = capsys.readouterr()
        assert code == 2
        assert "Traceback" not in captured.err
        expected = f"{spec_copy / relative}:{line}: "
        assert any(l.startswith(expected) and message in l for l in captured.err.splitlines()), captured.err
    assert not output.exists(), "nothing may be written when the specs are broken"


def test_failed_generation_leaves_previous_output_untouched(spec_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "generated"
    assert main(["--project", str(ROOT), "--specs", str(spec_copy), "generate", "--output", str(output)]) == 0
    before = read_tree(output)
    _edit(spec_copy, I2V, '      default: "5"', '      default: "16"')
    assert main(["--project", str(ROOT), "--specs", str(spec_copy), "generate", "--output", str(output)]) == 2
    assert read_tree(output) == before


def test_yaml_is_loaded_safely(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(spec_copy, I2V, "title: Kling", "title: !!python/object/apply:os.system ['touch /tmp/falgen-pwned']\nx: Kling")
    assert main(["--project", str(ROOT), "--specs", str(spec_copy), "lint"]) == 2
    assert "invalid YAML" in capsys.readouterr().err
    assert not Path("/tmp/falgen-pwned").exists()


def test_every_problem_is_listed(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(spec_copy, I2V, '      default: "5"', '      default: "16"')
    _edit(spec_copy, Path("fal-ai/kling-video/v1/standard/effects.yaml"), "effect_scene:\n      type: string", "effect_scene:\n      type: strng")
    assert main(["--project", str(ROOT), "--specs", str(spec_copy), "lint"]) == 2
    err = capsys.readouterr().err
    assert re.search(r"image-to-video\.yaml:\d+: default '16'", err)
    assert re.search(r"effects\.yaml:\d+: unknown type 'strng'; did you mean 'string'\?", err)


def test_empty_spec(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (spec_copy / "fal-ai/kling-video/empty.yaml").write_text("")
    assert main(["--project", str(ROOT), "--specs", str(spec_copy), "lint"]) == 2
    assert "empty.yaml: empty file; expected a YAML mapping" in capsys.readouterr().err


def test_spec_path_must_mirror_the_endpoint_id(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    moved = spec_copy / "fal-ai/kling-video/v3/pro/motion-control.yaml"
    moved.write_text((spec_copy / I2V).read_text())
    assert main(["--project", str(ROOT), "--specs", str(spec_copy), "lint"]) == 2
    err = capsys.readouterr().err
    assert "motion-control.yaml:1: endpoint 'fal-ai/kling-video/v3/standard/image-to-video' belongs in specs/fal-ai/kling-video/v3/standard/image-to-video.yaml" in err


def test_lint_passes_on_the_real_specs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(ROOT), "lint"]) == 0
    assert "70 endpoints, 8 types, no problems" in capsys.readouterr().out


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(ROOT), "schema", "fal-ai/kling-video/v3/standard/image-to-video"]) == 0
    assert '"x-fal-endpoint": "fal-ai/kling-video/v3/standard/image-to-video"' in capsys.readouterr().out
    assert main(["--project", str(ROOT), "schema", "fal-ai/kling-video/v1/standard/ai-avatar", "--output"]) == 0
    output_schema = json.loads(capsys.readouterr().out)
    assert output_schema["title"] == "V1StandardAiAvatarOutput" and output_schema["required"] == ["video", "duration"]
    assert main(["--project", str(ROOT), "schema", "fal-ai/kling-video/v9/x", "--output"]) == 2
    assert "unknown endpoint 'fal-ai/kling-video/v9/x'" in capsys.readouterr().err


def test_two_endpoints_cannot_share_a_module(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    twin = spec_copy / "fal-ai/kling-video/v3/standard/image.to-video.yaml"
    twin.write_text((spec_copy / I2V).read_text().replace("v3/standard/image-to-video", "v3/standard/image.to-video", 1))
    assert main(["--project", str(ROOT), "--specs", str(spec_copy), "lint"]) == 2
    assert "would both generate module 'v3_standard_image_to_video'" in capsys.readouterr().err


def test_endpoint_id_must_be_a_path(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(spec_copy, I2V, "endpoint: fal-ai/kling-video/v3/standard/image-to-video", "endpoint: Kling Image To Video")
    assert main(["--project", str(ROOT), "--specs", str(spec_copy), "lint"]) == 2
    assert f"{spec_copy / I2V}:1: endpoint id 'Kling Image To Video' must be lowercase segments joined by '/'" in capsys.readouterr().err


def test_an_endpoint_of_another_app_is_refused_once_where_it_is_defined(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stray = spec_copy / "fal-ai/minimax/video-01.yaml"
    stray.parent.mkdir(parents=True)
    stray.write_text((spec_copy / I2V).read_text().replace("fal-ai/kling-video/v3/standard/image-to-video", "fal-ai/minimax/video-01", 1))
    assert main(["--project", str(ROOT), "--specs", str(spec_copy), "lint"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{stray}:1: endpoint 'fal-ai/minimax/video-01' belongs to app 'fal-ai/minimax', but the project's package holds 'fal-ai/kling-video' "
        "([tool.falgen] app in its pyproject.toml); a package holds one app's endpoints"
    ]


def test_specs_loaded_without_a_project_keep_the_app_most_endpoints_belong_to(spec_copy: Path) -> None:
    stray = spec_copy / "fal-ai/minimax/video-01.yaml"
    stray.parent.mkdir(parents=True)
    stray.write_text((spec_copy / I2V).read_text().replace("fal-ai/kling-video/v3/standard/image-to-video", "fal-ai/minimax/video-01", 1))
    with pytest.raises(SpecError) as caught:
        load_api(spec_copy)
    assert [p.message for p in caught.value.problems] == [
        "endpoint 'fal-ai/minimax/video-01' belongs to app 'fal-ai/minimax', but 70 endpoints belong to 'fal-ai/kling-video'; a package holds one app's endpoints"
    ]
