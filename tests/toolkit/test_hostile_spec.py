"""Spec strings are data: hostile text renders inert in the generated Python, JSON and Markdown."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

from falgen.cli import main

from ..conftest import ROOT

HOSTILE = 'Ends """ here \'\'\' and \\ backslash {{ 7*7 }} {% raw %} `tick` ``` fence | pipe <script>alert(1)</script>\nsecond "line"'
HOSTILE_ENUM = ['say "hi"', "it's", "back\\slash", "{{ x }}"]


def _write_specs(root: Path) -> None:
    endpoint = {
        "endpoint": "fal-ai/kling-video/v9/test/hostile",
        "title": HOSTILE,
        "summary": HOSTILE,
        "input": {
            "description": HOSTILE,
            "fields": {
                "prompt": {"type": "string", "required": True, "description": HOSTILE},
                "mode": {"type": "string", "enum": HOSTILE_ENUM, "default": HOSTILE_ENUM[0], "description": HOSTILE},
                "note": {"type": "string", "default": HOSTILE},
            },
        },
        "output": {"fields": {"video": {"type": "File", "required": True, "description": HOSTILE}}},
        "examples": {"input": {"prompt": HOSTILE, "mode": HOSTILE_ENUM[1]}, "output": {"video": {"url": HOSTILE}}},
    }
    file_type = {"description": HOSTILE, "fields": {"url": {"type": "string", "required": True, "description": HOSTILE}}}
    path = root / "fal-ai/kling-video/v9/test/hostile.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(endpoint, sort_keys=False), encoding="utf-8")
    (root / "types").mkdir()
    (root / "types/File.yaml").write_text(yaml.safe_dump(file_type, sort_keys=False), encoding="utf-8")


def test_hostile_strings_stay_inert(tmp_path: Path) -> None:
    specs, output = tmp_path / "specs", tmp_path / "out"
    _write_specs(specs)
    assert main(["--project", str(ROOT), "--specs", str(specs), "generate", "--output", str(output), "--no-cache"]) == 0

    schema = json.loads((output / "fal_kling/schemas/v9_test_hostile.input.json").read_text())
    assert schema["properties"]["prompt"]["description"] == " ".join(HOSTILE.split())
    assert schema["properties"]["mode"]["anyOf"][0]["enum"] == HOSTILE_ENUM
    assert schema["properties"]["note"]["default"] == HOSTILE

    docs = (output / "docs/v9-test-hostile.md").read_text()
    fences = re.findall(r"^(`{3,})(?:python|json)\n(.*?)^\1$", docs, re.S | re.M)
    assert len(fences) == 3 and all(len(fence) == 4 for fence, _ in fences), "fences must outgrow the ``` in the text"
    prose = re.sub(r"^(`{3,})(?:python|json)\n.*?^\1$", "", docs, flags=re.S | re.M)
    prose = re.sub(r"(`+)(?!`).+?(?<!`)\1(?!`)", "", prose)  # code spans render literally too
    assert "<script>" not in prose
    assert "\\<script\\>" in prose and "\\{\\{ 7\\*7 \\}\\}" in prose
    assert "49" not in docs

    check = textwrap.dedent(
        f"""
        import inspect, sys
        sys.path.insert(0, {str(output)!r})
        import fal_kling
        from fal_kling.endpoints.v9_test_hostile import ModeEnum, V9TestHostile
        from fal_kling.models import V9TestHostileInput
        hostile = {HOSTILE!r}
        assert list(ModeEnum.__args__) == {HOSTILE_ENUM!r}
        assert V9TestHostileInput.model_fields["note"].default == hostile
        assert " ".join(hostile.split()) in (V9TestHostile.__doc__ or "")
        model = fal_kling.validate("fal-ai/kling-video/v9/test/hostile", {{"prompt": hostile, "mode": "it's"}})
        assert model.prompt == hostile and model.mode == "it's"
        assert fal_kling.__file__.startswith({str(output)!r})
        print("inert")
        """
    )
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=tmp_path)
    assert result.stdout.strip() == "inert", result.stderr
