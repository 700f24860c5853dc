"""Limits fal states only in prose become spec facts, and reach the models, the JSON
Schemas, the docs, the diff and sync: list sizes ("1-6 shots"), file limits in words
("Only .mp4/.mov formats, 3-15s duration, 720-3840px resolution, max 200MB."), a limit
that depends on another field ("10s max for 'image', 30s max for 'video'") and a total
over several fields ("Maximum 4 total (elements + reference images)")."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

import fal_kling
from fal_kling import Kling, KlingValidationError
from fal_kling.testing import FakeFal
from falgen.diff import SpecSet, diff_specs
from falgen.spec.model import EndpointSpec
from falgen.sync.facts import page_facts
from falgen.sync.formats import read_page

from ..conftest import ROOT, SPECS, run_sync, tree

PAGES = ROOT / "tests/fixtures/pages"
EDIT_4K = "fal-ai/kling-video/o3/4k/video-to-video/edit"
EDIT_4K_PAGE = PAGES / "kling-video-o3-4k-video-to-video-edit.llms.txt"
TURBO_PAGE = PAGES / "kling-video-v3-turbo-pro-text-to-video.llms.txt"
MOTION = "fal-ai/kling-video/v3/standard/motion-control"


def _facts(page: Path, endpoint: str) -> Any:
    facts = page_facts(read_page(str(page), page.read_text(encoding="utf-8")))
    return next(e for e in facts.endpoints if e.endpoint == endpoint)


def _spec(endpoint: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPECS.joinpath(*endpoint.split("/")).with_suffix(".yaml").read_text(encoding="utf-8"))
    return loaded


def _schema(endpoint: str) -> dict[str, Any]:
    schema: dict[str, Any] = fal_kling.ENDPOINTS[endpoint].input_schema
    return schema


# --- sync reads them -------------------------------------------------------------------------


def test_a_list_size_in_prose_bounds_the_list() -> None:
    facts = _facts(TURBO_PAGE, "fal-ai/kling-video/v3/turbo/pro/text-to-video")
    shots = facts.input.fields["multi_prompt"]
    assert "(1-6 shots)" in shots["description"]
    assert (shots["min_items"], shots["max_items"]) == (1, 6)


def test_file_limits_in_prose_become_the_files_limits() -> None:
    video = _facts(EDIT_4K_PAGE, EDIT_4K).input.fields["video_url"]
    assert video["file"] == {
        "kind": "video", "formats": ["mp4", "mov"], "max_duration": 15, "max_file_size": 200 * 2**20,
        "max_height": 3840, "max_width": 3840, "min_duration": 3, "min_height": 720, "min_width": 720,
    }
    # The sentence stays in the description users read.
    assert video["description"].endswith("Only .mp4/.mov formats, 3-15s duration, 720-3840px resolution, max 200MB.")


def test_a_size_past_two_gigabytes_is_a_file_limit_and_an_absurd_one_is_refused(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = EDIT_4K_PAGE.read_text(encoding="utf-8")
    large = tmp_path / "large.llms.txt"
    large.write_text(text.replace("max 200MB.", "max 4GB."), encoding="utf-8")
    assert _facts(large, EDIT_4K).input.fields["video_url"]["file"]["max_file_size"] == 4 * 2**30
    assert run_sync(spec_copy, large) == 0
    absurd = tmp_path / "absurd.llms.txt"
    absurd.write_text(text.replace("max 200MB.", "max 99999999999GB."), encoding="utf-8")
    before = tree(spec_copy)
    assert run_sync(spec_copy, absurd) == 2
    assert "input.fields.video_url.file.max_file_size: Input should be less than or equal to 1099511627776" in capsys.readouterr().err
    assert tree(spec_copy) == before


def test_a_total_over_two_lists_becomes_a_rule_where_the_video_is_required() -> None:
    rules = _facts(EDIT_4K_PAGE, EDIT_4K).input.rules
    assert rules == (
        {"kind": "max_total", "fields": ["elements", "image_urls"], "max": 4, "description": "Maximum 4 total (elements + reference images) when using video."},
    )


def test_a_total_that_holds_only_when_a_video_is_used_stays_prose_where_the_video_is_optional(tmp_path: Path) -> None:
    """O3 reference-to-video takes a video only inside its elements: "when using video" is
    a condition falgen cannot state, so the sentence is left as prose, with a note."""
    page = PAGES / "kling-video-o3-standard-reference-to-video.mdx"
    facts = page_facts(read_page(str(page), page.read_text(encoding="utf-8")))
    assert not [r for e in facts.endpoints for r in e.input.rules if r["kind"] == "max_total"]
    assert any("holds 'when using video', and this endpoint's video is optional; left as prose" in note for note in facts.notes)


def test_the_committed_specs_hold_the_limits_and_a_resync_changes_nothing(spec_copy: Path) -> None:
    assert _spec(EDIT_4K)["input"]["rules"][0]["kind"] == "max_total"
    assert [r["file"] for r in _spec(MOTION)["input"]["rules"] if r["kind"] == "limit_when"] == [{"max_duration": 10}, {"max_duration": 30}]
    assert _spec("fal-ai/kling-video/v3/turbo/pro/text-to-video")["input"]["fields"]["multi_prompt"]["max_items"] == 6
    before = tree(spec_copy)
    assert run_sync(spec_copy, EDIT_4K_PAGE, TURBO_PAGE) == 0
    assert tree(spec_copy) == before


# --- the models enforce what a client can check -----------------------------------------------


def _edit(**extra: Any) -> dict[str, Any]:
    return {"prompt": "p", "video_url": "https://example.com/v.mp4", **extra}


def test_the_model_and_the_schema_refuse_too_many_elements_and_images_together(fake_fal: FakeFal) -> None:
    element = {"frontal_image_url": "https://example.com/f.png", "reference_image_urls": ["https://example.com/r.png"]}
    images = [f"https://example.com/{n}.png" for n in range(3)]
    over = _edit(elements=[element, element], image_urls=images)
    within = _edit(elements=[element], image_urls=images)
    validator = Draft202012Validator(_schema(EDIT_4K))
    model = fal_kling.ENDPOINTS[EDIT_4K].input_model
    assert validator.is_valid(within) and model.model_validate(within) is not None
    assert not validator.is_valid(over)
    with pytest.raises(Exception, match=r"at most 4 in all across elements and image_urls; 5 given \(elements: 2, image_urls: 3\)"):
        model.model_validate(over)
    with pytest.raises(KlingValidationError, match="at most 4 in all"):
        Kling().o3.uhd_4k.video_to_video.edit(**over)
    assert fake_fal.submissions == []


@pytest.mark.parametrize(("elements", "images", "valid"), [(n, m, n + m <= 4) for n in range(0, 4) for m in range(0, 6)])
def test_the_schemas_total_is_exact_at_every_split(elements: int, images: int, valid: bool) -> None:
    element = {"frontal_image_url": "https://example.com/f.png"}
    payload = _edit(**({"elements": [element] * elements} if elements else {}), **({"image_urls": ["https://example.com/i.png"] * images} if images else {}))
    assert Draft202012Validator(_schema(EDIT_4K)).is_valid(payload) is valid
    model = fal_kling.ENDPOINTS[EDIT_4K].input_model
    try:
        model.model_validate(payload)
        accepted = True
    except Exception:
        accepted = False
    assert accepted is valid


def test_a_limit_that_depends_on_another_field_is_documented_and_in_the_schema() -> None:
    schema = _schema(MOTION)
    conditional = [part for part in schema.get("allOf", []) if "if" in part and "x-fal-file" in json.dumps(part["then"])]
    assert {json.dumps(part["if"], sort_keys=True): part["then"]["properties"]["video_url"]["x-fal-file"] for part in conditional} == {
        json.dumps({"properties": {"character_orientation": {"const": "image"}}, "required": ["character_orientation"]}, sort_keys=True): {"kind": "video", "max_duration": 10},
        json.dumps({"properties": {"character_orientation": {"const": "video"}}, "required": ["character_orientation"]}, sort_keys=True): {"kind": "video", "max_duration": 30},
    }
    docs = (ROOT / "generated/docs/v3-standard-motion-control.md").read_text(encoding="utf-8")
    assert "When character\\_orientation is \"image\", video\\_url takes a video; duration at most 10 s." in docs


def test_formats_reach_the_schema_and_the_docs() -> None:
    field = _schema(EDIT_4K)["properties"]["video_url"]
    assert field["x-fal-file"]["formats"] == ["mp4", "mov"]
    docs = (ROOT / "generated/docs/o3-4k-video-to-video-edit.md").read_text(encoding="utf-8")
    assert "a video; .mp4 or .mov; at most 200 MB; width 720 to 3840 px; height 720 to 3840 px; duration 3 to 15 s" in docs


# --- the diff weighs them --------------------------------------------------------------------


def _diff(endpoint: str, edit: Any) -> list[tuple[str, str, str]]:
    before = _spec(endpoint)
    after = copy.deepcopy(before)
    edit(after)
    changes = diff_specs(SpecSet({endpoint: EndpointSpec.model_validate(before)}), SpecSet({endpoint: EndpointSpec.model_validate(after)}))
    return [(c.path, c.change, c.severity) for c in changes]


def _limit(data: dict[str, Any], equals: str) -> dict[str, Any]:
    rule: dict[str, Any] = next(r for r in data["input"]["rules"] if r["kind"] == "limit_when" and r["when"]["equals"] == equals)
    return rule


@pytest.mark.parametrize(
    ("endpoint", "edit", "expected"),
    [
        (EDIT_4K, lambda d: d["input"]["rules"][0].update(max=3), ("input.rules.max_total(elements,image_urls)", "rule-changed", "breaking")),
        (EDIT_4K, lambda d: d["input"]["rules"][0].update(max=5), ("input.rules.max_total(elements,image_urls)", "rule-changed", "non-breaking")),
        (EDIT_4K, lambda d: d["input"]["fields"]["video_url"]["file"].update(formats=["mp4"]), ("input.video_url.file.formats", "file-limits-narrowed", "breaking")),
        (EDIT_4K, lambda d: d["input"]["fields"]["video_url"]["file"].update(formats=["mp4", "mov", "webm"]), ("input.video_url.file.formats", "file-limits-widened", "non-breaking")),
        (MOTION, lambda d: _limit(d, "image")["file"].update(max_duration=15), ("input.rules.limit_when(video_url,character_orientation)", "rule-changed", "non-breaking")),
        (MOTION, lambda d: _limit(d, "image")["file"].update(max_duration=5), ("input.rules.limit_when(video_url,character_orientation)", "rule-changed", "breaking")),
        (MOTION, lambda d: _limit(d, "video")["file"].update(formats=["mp4"]), ("input.rules.limit_when(video_url,character_orientation)", "rule-changed", "breaking")),
    ],
    ids=["total-lowered", "total-raised", "format-dropped", "format-added", "conditional-widened", "conditional-narrowed", "conditional-format"],
)
def test_the_diff_weighs_totals_formats_and_conditional_limits(endpoint: str, edit: Any, expected: tuple[str, str, str]) -> None:
    assert _diff(endpoint, edit) == [expected]
