"""The golden record: a spec set apart from the real one, using every feature of the spec
language (every field type and rule kind, nested lists of types, enums, ranges, list
limits) and every naming rule (a version with a dot and a dash, a digit-led tier, a
keyword segment, fields named like builtins, keywords, pydantic attributes, model
helpers and client parameters).  Its package is generated, imported, exercised here and
type-checked by `make test`, as openapi-python-client keeps its end-to-end golden record.

Its project names its own package (``fal_golden``, client ``Golden``), so it is imported
here, in the same process as ``fal_kling``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import fal_golden
import fal_kling
from fal_golden import Golden, GoldenError, GoldenValidationError
from fal_golden.models import V15TurboUhd4kClassInput
from falgen.cache import Cache
from falgen.building import render
from falgen.building.tree import read_tree, unified_diff
from falgen.project import Project

from ..conftest import GOLDEN, fal_kling_names_in

PACKAGE = GOLDEN / "generated"
SCHEMAS = PACKAGE / "fal_golden" / "schemas"
EVERYTHING = "fal-ai/golden/v1.5-turbo/4k/class"


def _errors(payload: dict[str, Any]) -> list[str]:
    """The lines of the error validating ``payload`` for EVERYTHING raises (after its title)."""
    with pytest.raises(GoldenValidationError) as caught:
        fal_golden.validate(EVERYTHING, payload)
    return str(caught.value).splitlines()


def test_golden_record_matches_its_specs(tmp_path: Path) -> None:
    project = Project(root=GOLDEN, specs=GOLDEN / "specs", output=tmp_path / "out", cache=Cache(None))
    diff = unified_diff(read_tree(PACKAGE), render(project), "tests/golden/generated")
    assert not diff, "the golden record is stale; run `make generate` and review it:\n" + diff


def test_every_module_imports_and_every_schema_is_strict_json() -> None:
    assert fal_golden.__file__ is not None and Path(fal_golden.__file__).is_relative_to(PACKAGE)
    names = sorted(m.name for m in pkgutil.walk_packages(fal_golden.__path__, "fal_golden.") if m.name != "fal_golden.__main__")
    for name in names:
        importlib.import_module(name)
    assert "fal_golden.endpoints.v1_5_turbo_uhd_4k_class_" in names and "fal_golden.models.types" in names

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    for schema in sorted(SCHEMAS.glob("*.json")):
        Draft202012Validator.check_schema(json.loads(schema.read_text(encoding="utf-8"), parse_constant=refuse))


def test_the_golden_package_carries_its_own_names_and_none_of_fal_klings() -> None:
    assert issubclass(GoldenValidationError, GoldenError) and GoldenError is not fal_kling.KlingError
    assert fal_golden.AsyncGolden.__name__ == "AsyncGolden" and fal_golden.registry.APP == "fal-ai/golden"
    assert Golden.__module__ == "fal_golden.client"
    assert fal_kling_names_in(PACKAGE) == []


def test_endpoint_ids_map_to_attribute_paths_by_the_naming_rule() -> None:
    golden = Golden()
    calls = [golden.v1_5_turbo.uhd_4k.class_.endpoint_id, golden.v2.pro.text_to_video.endpoint_id, golden.create_voice.endpoint_id]
    assert calls == [EVERYTHING, "fal-ai/golden/v2/pro/text-to-video", "fal-ai/golden/create-voice"]


def test_fal_receives_the_spec_names_of_renamed_fields() -> None:
    model = V15TurboUhd4kClassInput(
        prompt="p", image_urls=["i"], class_="b", str_="s", json_=1, model_config_=True, to_arguments_=False, webhook_url_="w"
    )
    by_payload = fal_golden.validate(EVERYTHING, model.to_arguments())
    sent = [model.to_arguments(), by_payload.to_arguments(), model.class_, model.model_dump()["class"]]
    arguments = {"prompt": "p", "image_urls": ["i"], "class": "b", "str": "s", "json": 1, "model_config": True, "to_arguments": False, "webhook_url": "w"}
    # strength goes out at its default: a requires rule names it, and steps (defaulted) is always given.
    assert sent == [{**arguments, "strength": 0.5}, {**arguments, "strength": 0.5}, "b", "b"]


def test_payloads_name_fields_as_fal_does_and_errors_say_so() -> None:
    lines = _errors({"prompt": "p", "image_urls": ["i"], "class_": "b", "str": 3})
    allowed = "audio_url, camera, class, clip_url, elements, image_urls, json, loop, mode, model_config, prompt, seed, shots, steps, str, strength, strokes, to_arguments, webhook_url"
    assert lines[1:] == ["  str: 3: Input should be a valid string", f"  class_: unknown field; did you mean 'class'? (allowed: {allowed})"]


def test_integers_written_as_whole_floats_are_integers() -> None:
    strokes = [{"mask_url": "m", "points": [{"x": 1.0, "y": 2}, {"x": 3, "y": 4.0}]}]
    sent = fal_golden.validate(EVERYTHING, {"prompt": "p", "image_urls": ["i"], "seed": 7.0, "strokes": strokes}).to_arguments()
    assert sent == {"prompt": "p", "image_urls": ["i"], "seed": 7, "strength": 0.5, "strokes": [{"mask_url": "m", "points": [{"x": 1, "y": 2}, {"x": 3, "y": 4}]}]}
    assert all(type(v) is int for v in (sent["seed"], sent["strokes"][0]["points"][0]["x"]))


BASE: dict[str, Any] = {"prompt": "p", "image_urls": ["i"]}
RULE_CASES = [
    ({"image_urls": ["i"]}, "give exactly one of prompt or shots; none was given"),
    ({"prompt": "p"}, "give at least one of image_urls or elements; none was given"),
    ({**BASE, "audio_url": "a", "str": "s"}, "audio_url and str cannot be given together; give at most one of audio_url or str"),
    ({**BASE, "strength": None}, "strength is required when steps is given"),
    ({**BASE, "camera": {"x": 1, "y": 2}}, "camera is only allowed when mode is 'quality' (it is None)"),
    ({**BASE, "audio_url": "a", "loop": True}, "audio_url is only allowed when loop is False (it is True)"),
    ({**BASE, "elements": [{"video_url": "a"}, {"video_url": "b"}]}, "at most 1 of the elements may match (video_url is given); 2 do"),
    ({**BASE, "elements": [{"image_url": "a"}]}, "elements.0: reference_urls is required when image_url is given"),
    ({**BASE, "elements": [{"image_url": "a", "reference_urls": ["r"], "voice_id": "v"}]}, "elements.0: voice_id is only allowed when video_url is given (it is None)"),
]


def test_every_rule_kind_is_enforced_by_the_model_and_the_schema() -> None:
    schema = Draft202012Validator(json.loads((SCHEMAS / "v1_5_turbo_uhd_4k_class_.input.json").read_text()))
    for payload, message in RULE_CASES:
        assert f"  {message}" in _errors(payload), payload
        assert not schema.is_valid(payload), f"the schema accepts what the model refuses: {payload}"


def test_every_broken_rule_is_reported_beside_the_field_errors() -> None:
    lines = _errors({"steps": 30, "strength": None, "audio_url": "a", "str": "s", "camera": {"x": -1, "y": 0}})
    assert lines == [
        f"5 validation errors for {EVERYTHING}",
        "  camera.x: -1 is out of range; allowed: 0 to 8192",
        "  steps: 30 is not one of 10, 20, 50",
        "  give exactly one of prompt or shots; none was given",
        "  give at least one of image_urls or elements; none was given",
        "  audio_url and str cannot be given together; give at most one of audio_url or str",
    ], "rules over invalid fields (steps, camera) are skipped; every other broken rule is listed"


def test_string_lengths_are_enforced_by_the_model_and_the_schema() -> None:
    payloads = [{**BASE, "prompt": ""}, {**BASE, "prompt": "x" * 2501}]
    assert [_errors(p)[1].split(": ", 2)[-1] for p in payloads] == ["String should have at least 1 character", "String should have at most 2500 characters"]
    fal_golden.validate(EVERYTHING, {**BASE, "prompt": "x" * 2500})
    validator = Draft202012Validator(json.loads((SCHEMAS / "v1_5_turbo_uhd_4k_class_.input.json").read_text()))
    assert [validator.is_valid(p) for p in [*payloads, {**BASE, "prompt": "x" * 2500}]] == [False, False, True]


def test_file_fields_carry_their_kind_and_limits_everywhere() -> None:
    model = fal_golden.ENDPOINTS[EVERYTHING].input_model
    voice = fal_golden.ENDPOINTS["fal-ai/golden/create-voice"].input_model
    image = {"kind": "image", "max_file_size": 10485760, "min_width": 300, "min_height": 300, "max_aspect_ratio": 2.5, "timeout": 20}
    clip = {"kind": "video", "formats": ["mp4", "mov"], "min_duration": 2, "max_duration": 30}
    assert [model.__files__, voice.__files__] == [
        {"image_urls": image, "clip_url": clip},
        {"voice_url": {"kind": "audio", "max_file_size": 5242880, "min_duration": 5, "max_duration": 30}},
    ]
    schema = json.loads((SCHEMAS / "v1_5_turbo_uhd_4k_class_.input.json").read_text())
    assert schema["properties"]["image_urls"]["x-fal-file"] == image
    assert schema["properties"]["clip_url"]["x-fal-file"] == clip
    docs = (PACKAGE / "docs/create-voice.md").read_text()
    assert "audio; at most 5 MB; duration 5 to 30 s" in docs
    models = (PACKAGE / "fal_golden/models/create_voice.py").read_text()
    assert '"""File: audio; at most 5 MB; duration 5 to 30 s."""' in models


def test_an_endpoint_fal_no_longer_lists_says_so_in_its_docs() -> None:
    page = (GOLDEN / "generated/docs/create-voice.md").read_text(encoding="utf-8")
    assert "**fal no longer lists this endpoint** in its model list: it may be retired." in page
    listed = (GOLDEN / "generated/docs/v1-5-turbo-4k-class.md").read_text(encoding="utf-8")
    assert "no longer lists" not in listed
