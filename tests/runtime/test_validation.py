"""The generated models accept every example fal publishes and reject each kind of mistake."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pydantic
import pytest

import fal_kling
from fal_kling import ENDPOINTS, KlingValidationError
from falgen.ir import Api, Endpoint
from falgen.project import Project

from ..conftest import ROOT, SAMPLES, SEEDS, seed_json_blocks

API: Api = Project.at(ROOT, use_cache=False).api()
I2V = "fal-ai/kling-video/v3/standard/image-to-video"
MOTION = "fal-ai/kling-video/v3/standard/motion-control"


def _mdx_examples() -> list[tuple[str, str, dict[str, Any]]]:
    return [block for page in sorted(SEEDS.glob("*.txt")) if "<Tab" in page.read_text() for block in seed_json_blocks(page)]


def _rendered_examples() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for page in sorted(SEEDS.glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        endpoint = re.search(r"Endpoint ID: (\S+)", text)
        if "<Tab" in text or endpoint is None:
            continue
        decoder = json.JSONDecoder()
        for heading in ("Input", "Output"):
            start = text.index("{", text.index(f"{heading} Example"))
            found.append((endpoint[1], heading.lower(), decoder.raw_decode(text, start)[0]))
    return found


def _llms_examples() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for page in sorted(SAMPLES.glob("*.llms.txt")):
        text = page.read_text(encoding="utf-8")
        endpoint = re.search(r"\*\*Model ID\*\*: `([^`]+)`", text)
        assert endpoint is not None
        for label, block in re.findall(r"\*\*(Required Parameters Example|Full Example|Example Response)\*\*:\s*```json\n(.*?)```", text, re.S):
            found.append((endpoint[1], "output" if label == "Example Response" else "input", json.loads(block)))
    return found


SEED_EXAMPLES = _mdx_examples() + _rendered_examples() + _llms_examples()


def test_seed_pages_were_found() -> None:
    endpoints = {endpoint for endpoint, _, _ in SEED_EXAMPLES}
    assert len(endpoints) == 8 and endpoints <= set(ENDPOINTS), "every seed endpoint should have a published example"
    assert len(SEED_EXAMPLES) >= 2 * len(endpoints)


@pytest.mark.parametrize(("endpoint_id", "which", "payload"), SEED_EXAMPLES, ids=lambda v: v if isinstance(v, str) else "")
def test_every_seed_example_validates(endpoint_id: str, which: str, payload: dict[str, Any]) -> None:
    info = ENDPOINTS[endpoint_id]
    model = info.input_model if which == "input" else info.output_model
    if endpoint_id.endswith("ai-avatar") and which == "output":
        pytest.skip("fal's published ai-avatar output example omits its required `duration`")
    model.model_validate(payload)


@pytest.mark.parametrize("endpoint", API.endpoints, ids=lambda e: e.id)
def test_spec_examples_validate(endpoint: Endpoint) -> None:
    info = ENDPOINTS[endpoint.id]
    info.input_model.model_validate(endpoint.example_input)
    if endpoint.example_output is not None:
        info.output_model.model_validate(endpoint.example_output)


def _minimal(endpoint: Endpoint) -> dict[str, Any]:
    """The spec example, which satisfies every rule; each invalid case changes one thing."""
    return {k: v for k, v in endpoint.example_input.items() if v is not None}


def _invalid_cases() -> list[tuple[str, dict[str, Any], str]]:
    cases = []
    for e in API.endpoints:
        for f in e.input.fields:
            if f.enum is not None:
                cases.append((e.id, {**_minimal(e), f.name: "not-a-value"}, f"{f.name}: 'not-a-value' is not one of"))
            if "maximum" in f.limits:
                cases.append((e.id, {**_minimal(e), f.name: f.limits["maximum"] + 1}, f"{f.name}: {f.limits['maximum'] + 1!r} is out of range"))
            if "minimum" in f.limits:
                cases.append((e.id, {**_minimal(e), f.name: f.limits["minimum"] - 1}, f"{f.name}: {f.limits['minimum'] - 1!r} is out of range"))
            if f.required:
                payload = _minimal(e)
                payload.pop(f.name, None)
                cases.append((e.id, payload, f"{f.name}: required field is missing"))
        cases.append((e.id, {**_minimal(e), "sead": 1}, "sead: unknown field"))
    return cases


@pytest.mark.parametrize(("endpoint_id", "payload", "message"), _invalid_cases())
def test_each_enum_range_and_required_field_is_enforced(endpoint_id: str, payload: dict[str, Any], message: str) -> None:
    with pytest.raises(KlingValidationError) as caught:
        fal_kling.validate(endpoint_id, payload)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"1 validation error for {endpoint_id}\n")


PROMPT = {"start_image_url": "https://x/a.png"}
SHOT = {"prompt": "a shot"}

RULE_CASES = [
    # (endpoint, payload, exact error line)
    (I2V, {**PROMPT, "prompt": "p", "duration": "16"}, "duration: '16' is not one of '3'…'15' (13 values)"),
    (I2V, {**PROMPT, "prompt": "p", "promt": "x"}, "promt: unknown field; did you mean 'prompt'?"),
    (I2V, {**PROMPT, "prompt": "p", "cfg_scale": "0.5"}, "cfg_scale: '0.5': Input should be a valid number"),
    (I2V, {**PROMPT, "prompt": "p", "shot_type": "intelligentt"}, "shot_type: 'intelligentt' is not one of 'customize', 'intelligent'; did you mean 'intelligent'?"),
    (I2V, dict(PROMPT), "give exactly one of prompt or multi_prompt; none was given"),
    (I2V, {**PROMPT, "prompt": "p", "multi_prompt": [SHOT]}, "give exactly one of prompt or multi_prompt, not several (given: prompt, multi_prompt)"),
    (I2V, {**PROMPT, "multi_prompt": [SHOT], "shot_type": None}, "shot_type is required when multi_prompt is given"),
    (I2V, {**PROMPT, "multi_prompt": [{"prompt": "a", "duration": "20"}]}, "multi_prompt.0.duration: '20' is not one of '1'…'15' (15 values)"),
    (I2V, {**PROMPT, "multi_prompt": [{"duration": "2"}]}, "multi_prompt.0.prompt: required field is missing"),
    (I2V, {**PROMPT, "prompt": "p", "elements": [{"video_url": "v1"}, {"video_url": "v2"}]}, "at most 1 of the elements may match (video_url is given); 2 do"),
    (I2V, {**PROMPT, "prompt": "p", "elements": [{"frontal_image_url": "f"}]}, "elements.0: reference_image_urls is required when frontal_image_url is given"),
    (I2V, {**PROMPT, "prompt": "p", "elements": [{"frontal_image_url": "f", "video_url": "v", "reference_image_urls": ["r"]}]}, "elements.0: give exactly one of frontal_image_url or video_url, not several"),
    (I2V, {**PROMPT, "prompt": "p", "elements": [{"frontal_image_url": "f", "reference_image_urls": ["1", "2", "3", "4"]}]}, "elements.0.reference_image_urls: 4 items given; at most 3 allowed"),
    (I2V, {**PROMPT, "prompt": "p", "elements": [{"frontal_image_url": "f", "reference_image_urls": ["r"], "voice_id": "v"}]}, "elements.0: voice_id is only allowed when video_url is given (it is None)"),
    (MOTION, {"image_url": "i", "video_url": "v", "character_orientation": "image", "elements": [{"frontal_image_url": "f"}]}, "elements is only allowed when character_orientation is 'video' (it is 'image')"),
    (MOTION, {"image_url": "i", "video_url": "v", "character_orientation": "video", "elements": [{}, {}]}, "elements: 2 items given; at most 1 allowed"),
    (I2V, {**PROMPT, "prompt": "p", "elements": ["https://x/e.png"]}, "elements.0: expected an object (KlingV3ComboElementInput), got 'https://x/e.png'"),
    ("fal-ai/kling-video/v1/standard/effects", {"effect_scene": "hugg"}, "effect_scene: 'hugg' is not one of 'hug'…'emoji' (198 values); did you mean 'hug'?"),
    ("fal-ai/kling-video/v1/standard/effects", {"effect_scene": "hug", "duration": 5}, "duration: 5 is not one of '5', '10'; did you mean '5'?"),
    ("fal-ai/kling-video/v1/standard/text-to-video", {"prompt": "p", "advanced_camera_control": {"movement_type": "spin", "movement_value": 1}}, "advanced_camera_control.movement_type: 'spin' is not one of"),
    ("fal-ai/kling-video/v1/standard/image-to-video", {"prompt": "p", "image_url": "i", "dynamic_masks": [{"mask_url": "m", "trajectories": [{"x": 1}]}]}, "dynamic_masks.0.trajectories.0.y: required field is missing"),
]


@pytest.mark.parametrize(("endpoint_id", "payload", "line"), RULE_CASES)
def test_rules_and_nested_types_are_enforced(endpoint_id: str, payload: dict[str, Any], line: str) -> None:
    with pytest.raises(KlingValidationError) as caught:
        fal_kling.validate(endpoint_id, payload)
    lines = str(caught.value).splitlines()
    assert lines[0].endswith(f" for {endpoint_id}")
    assert any(text.strip().startswith(line) for text in lines[1:]), str(caught.value)


def test_fields_a_rule_requires_are_sent_even_at_their_default() -> None:
    model = fal_kling.validate(I2V, {**PROMPT, "multi_prompt": [SHOT]})
    assert model.to_arguments() == {**PROMPT, "multi_prompt": [SHOT], "shot_type": "customize"}
    # Given in the payload, so sent, although it is fal's default; left out, so not sent.
    single = fal_kling.validate(I2V, {**PROMPT, "prompt": "p", "shot_type": "customize"})
    assert single.to_arguments() == {**PROMPT, "prompt": "p", "shot_type": "customize"}
    assert fal_kling.validate(I2V, {**PROMPT, "prompt": "p"}).to_arguments() == {**PROMPT, "prompt": "p"}


def test_valid_multi_prompt_request_passes() -> None:
    model = fal_kling.validate(I2V, {**PROMPT, "multi_prompt": [SHOT, {"prompt": "b", "duration": "3"}], "shot_type": "intelligent"})
    assert model.to_arguments() == {**PROMPT, "multi_prompt": [SHOT, {"prompt": "b", "duration": "3"}], "shot_type": "intelligent"}


def test_error_is_a_pydantic_validation_error_listing_every_problem() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        fal_kling.validate(I2V, {"prompt": 3, "duration": "99", "cfg_scale": 7})
    error = caught.value
    assert isinstance(error, KlingValidationError)
    assert error.title == I2V
    assert {e["loc"] for e in error.errors()} == {("prompt",), ("duration",), ("cfg_scale",), ("start_image_url",)}
    assert {e["type"] for e in error.errors()} == {"string_type", "literal_error", "less_than_equal", "missing"}
    assert str(error).startswith(f"4 validation errors for {I2V}")


def test_direct_construction_of_nested_models_reports_readably() -> None:
    from fal_kling.models import KlingV3MultiPromptElement

    with pytest.raises(KlingValidationError, match=r"1 validation error for KlingV3MultiPromptElement\n  duration: '0' is not one of"):
        KlingV3MultiPromptElement(prompt="x", duration="0")


def test_unknown_endpoint_suggests_the_closest() -> None:
    with pytest.raises(fal_kling.UnknownEndpointError, match="did you mean 'fal-ai/kling-video/v3/standard/image-to-video'"):
        fal_kling.validate("fal-ai/kling-video/v3/standard/image-to-vido", {})


def test_output_models_keep_fields_they_do_not_know() -> None:
    output = ENDPOINTS[I2V].output_model.model_validate({"video": {"url": "u", "width": 640}, "seed": 7})
    assert output.model_extra == {"seed": 7}


def test_registry_exposes_models_and_schemas() -> None:
    assert list(ENDPOINTS) == sorted(ENDPOINTS)
    for endpoint_id, info in ENDPOINTS.items():
        assert info.input_schema["x-fal-endpoint"] == endpoint_id
        assert info.input_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert info.output_schema["title"] == info.output_model.__name__


def test_cli_lists_every_endpoint_with_its_call_path(capsys: pytest.CaptureFixture[str]) -> None:
    from fal_kling._cli import main

    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(ENDPOINTS) == 70
    assert [line.split()[0] for line in lines] == list(ENDPOINTS)
    assert ["fal-ai/kling-video/o3/4k/text-to-video", "kling.o3.uhd_4k.text_to_video", "price", "unknown"] in [line.split() for line in lines]
    assert ["fal-ai/kling-video/v2.6/pro/text-to-video", "kling.v2_6.pro.text_to_video", "$0.07–$0.14", "per", "second"] in [line.split() for line in lines]
    assert len({line.index(" kling.") for line in lines}) == 1, "the call paths form one column"
    assert len({line.index("price unknown") if "unknown" in line else line.index(" $") + 1 for line in lines}) == 1, "so do the prices"


def test_an_unknown_endpoint_points_to_the_list() -> None:
    with pytest.raises(fal_kling.UnknownEndpointError) as caught:
        fal_kling.validate("openai/sora-2", {})
    assert str(caught.value) == "unknown endpoint 'openai/sora-2'; `python -m fal_kling list` shows the 70 known ids"
    with pytest.raises(fal_kling.UnknownEndpointError, match=r"did you mean 'fal-ai/kling-video/v3/pro/text-to-video'\?"):
        fal_kling.validate("fal-ai/kling-video/v3/pro/text2video", {})


def test_cli_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fal_kling._cli import main

    good = tmp_path / "good.json"
    good.write_text(json.dumps({"prompt": "p", "start_image_url": "u"}))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"prompt": "p", "multi_prompt": [SHOT], "start_image_url": "u", "duration": "2"}))
    assert main(["validate", I2V, str(good)]) == 0
    assert capsys.readouterr().out == "ok\n"
    assert main(["validate", I2V, str(bad)]) == 1
    out = capsys.readouterr().out
    assert "duration: '2' is not one of" in out
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert main(["validate", I2V, str(broken)]) == 2
    assert "is not JSON" in capsys.readouterr().err
    array = tmp_path / "array.json"
    array.write_text("[1, 2]")
    assert main(["validate", I2V, str(array)]) == 1
    assert "expected an object (V3StandardImageToVideoInput), got [1, 2]" in capsys.readouterr().out
    assert main(["validate", "fal-ai/nope", str(good)]) == 2
    assert main(["validate", I2V, str(tmp_path / "missing.json")]) == 2


# --- hostile payloads ------------------------------------------------------------------------

HUGE = 10**5000  # repr() of it raises ValueError: beyond Python's 4,300-digit conversion limit


@pytest.mark.parametrize(
    ("endpoint_id", "field"),
    [(e.id, f.name) for e in API.endpoints for f in e.input.fields],
)
def test_a_huge_integer_in_any_field_is_a_validation_error(endpoint_id: str, field: str) -> None:
    payload = {**_minimal(API.endpoint(endpoint_id)), field: HUGE}
    with pytest.raises(KlingValidationError) as caught:
        fal_kling.validate(endpoint_id, payload)
    [line] = str(caught.value).splitlines()[1:]
    assert line.startswith(f"  {field}: ") and "<an integer of about 5001 digits>" in line
    assert "<unprintable int object>" in repr(caught.value)


FLOATS = [(e.id, f.name) for e in API.endpoints for model in (e.input, *API.nested(e.input)) for f in model.fields if f.type.kind == "float" and model is e.input]


@pytest.mark.parametrize(("endpoint_id", "field"), FLOATS)
@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")], ids=["inf", "-inf", "nan"])
def test_non_finite_floats_are_validation_errors(endpoint_id: str, field: str, value: float) -> None:
    with pytest.raises(KlingValidationError) as caught:
        fal_kling.validate(endpoint_id, {**_minimal(API.endpoint(endpoint_id)), field: value})
    assert [e["type"] for e in caught.value.errors()] == ["finite_number"]


def test_non_finite_floats_in_nested_types_and_outputs_are_refused_too() -> None:
    with pytest.raises(KlingValidationError, match=r"advanced_camera_control\.movement_value: nan: Input should be a valid integer"):
        fal_kling.validate("fal-ai/kling-video/v1/standard/text-to-video", {"prompt": "p", "advanced_camera_control": {"movement_type": "pan", "movement_value": float("nan")}})
    with pytest.raises(KlingValidationError, match=r"duration: inf: Input should be a finite number"):
        ENDPOINTS["fal-ai/kling-video/v1/standard/ai-avatar"].output_model.model_validate({"video": {"url": "u"}, "duration": float("inf")})


def test_field_errors_and_every_broken_rule_are_reported_together() -> None:
    with pytest.raises(KlingValidationError) as caught:
        fal_kling.validate(I2V, {**PROMPT, "duration": "2", "prompt": "p", "multi_prompt": [SHOT], "shot_type": None, "elements": [{"video_url": "v"}, {"video_url": "w"}]})
    assert str(caught.value).splitlines() == [
        f"4 validation errors for {I2V}",
        "  duration: '2' is not one of '3'…'15' (13 values)",
        "  give exactly one of prompt or multi_prompt, not several (given: prompt, multi_prompt)",
        "  shot_type is required when multi_prompt is given",
        "  at most 1 of the elements may match (video_url is given); 2 do",
    ]
    assert [e["type"] for e in caught.value.errors()] == ["literal_error", "fal_rule", "fal_rule", "fal_rule"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 10_000 + "]" * 10_000, "JSON nested too deeply to read"),
        ('{"prompt": ' + "9" * 5000 + "}", "a number in it has more than 4300 digits"),
    ],
    ids=["deep", "long-number"],
)
def test_cli_validate_reports_unreadable_json_plainly(content: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fal_kling._cli import main

    payload = tmp_path / "payload.json"
    payload.write_text(content)
    assert main(["validate", I2V, str(payload)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"error: {payload}: {message}\n" and captured.out == ""
