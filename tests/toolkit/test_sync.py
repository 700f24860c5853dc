"""`falgen sync`: fal's docs pages in, spec updates out.

The seed pages are the ground truth: syncing them over the committed specs must change
nothing, and re-creating a deleted spec from its page must give back the committed spec
except for the curated additions listed below.
"""

from __future__ import annotations

import http.server
import os
import re
import socket
import threading
import textwrap
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from falgen.cli import main
from falgen.sync import changes
from falgen.sync.facts import EndpointFacts, page_facts
from falgen.sync.formats import read_page
from falgen.sync.source import MAX_PAGE_BYTES
from falgen.sync.spec_yaml import render

from ..conftest import ROOT, SAMPLES, SEEDS, SHARED, SPECS, catalogue_sources, run_sync, tree

V3_STANDARD = SEEDS / "000_986c42b229b0df53.txt"
V3_STANDARD_I2V_TEXT = SEEDS / "001_02f7dc2ad987527e.txt"
V3_PRO_T2V_TEXT = SEEDS / "002_7f3310b9b05174e4.txt"
V1_STANDARD = SEEDS / "003_94d3f44664e3247c.txt"
FRAGMENT = SEEDS / "004_710e8a990357039a.txt"
V1_T2V_LLMS = SAMPLES / "kling-video-v1-standard-text-to-video.llms.txt"
PAGES = [V3_STANDARD, V3_STANDARD_I2V_TEXT, V3_PRO_T2V_TEXT, V1_STANDARD, V1_T2V_LLMS]

# What the committed specs hold beyond fal's sources (besides examples marked curated): a
# round trip through `make sync` must lose exactly this.
CURATED: dict[str, list[str]] = {
    "fal-ai/kling-video/v3/pro/text-to-video.yaml": ['+ input.rules[1]: {"kind": "requires", "field": "multi_prompt", "requires": ["shot_type…'],
    "fal-ai/kling-video/v3/standard/image-to-video.yaml": ['+ input.rules[2]: {"kind": "max_matching", "field": "elements", "where": {"field": "vid…'],
    "fal-ai/kling-video/v3/standard/text-to-video.yaml": ['+ input.rules[1]: {"kind": "requires", "field": "multi_prompt", "requires": ["shot_type…'],
    "types/CameraControl.yaml": ['+ description: "An advanced camera movement."'],
    "types/DynamicMask.yaml": ['+ description: "A motion-brush mask with the trajectory its area should follow."'],
    # A curated fact is recorded as stated by no source (`stated_by: …: []`).
    "types/File.yaml": ['+ description: "A file hosted by fal, as returned in endpoint outputs."', '+ stated_by: {"fields.url.file.kind": []}', '+ fields.url.file: {"kind": "file"}'],
    "types/KlingV3ComboElementInput.yaml": [
        '+ description: "An element (character or object) to include in the video: either an …',
        '+ rules: [{"kind": "exactly_one_of", "fields": ["frontal_image_url", "video_ur…',
        '+ stated_by: {"fields.reference_image_urls.max_items": [], "fields.reference_image…',
        "+ fields.reference_image_urls.min_items: 1",
        "+ fields.reference_image_urls.max_items: 3",
    ],
    "types/KlingV3ImageElementInput.yaml": [
        '+ description: "A facial element for identity binding, given as a frontal image and …',
        '+ stated_by: {"fields.reference_image_urls.max_items": []}',
        "+ fields.reference_image_urls.max_items: 3",
    ],
    "types/KlingV3MultiPromptElement.yaml": ['+ description: "One shot of a multi-shot video."'],
    "types/Trajectory.yaml": ['+ description: "A point of a motion-brush trajectory, in pixels of the input image."'],
}
# fal publishes this endpoint's output example without its required `duration`: its own
# sources cannot make a valid spec, so the committed one (with a curated example) stays.
UNSYNCABLE = ("fal-ai/kling-video/v1/standard/ai-avatar", V1_STANDARD, "output example: 'duration' is a required property")


def _spec_path(specs: Path, endpoint: str) -> Path:
    return specs.joinpath(*endpoint.split("/")).with_suffix(".yaml")


def _facts(page: Path) -> dict[str, EndpointFacts]:
    facts = page_facts(read_page(str(page), page.read_text(encoding="utf-8")))
    return {e.endpoint: e for e in facts.endpoints}


def _without_endpoint(facts: EndpointFacts) -> dict[str, Any]:
    return {"input": facts.input, "output": facts.output}


# --- idempotence -------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_syncing_a_seed_page_over_the_committed_specs_changes_nothing(
    page: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(spec_copy)
    assert run_sync(spec_copy, page) == 0
    out = capsys.readouterr().out
    assert tree(spec_copy) == before
    assert out.rstrip().endswith("nothing to change")
    endpoints = [line for line in out.splitlines() if line.startswith("fal-ai/")]
    assert endpoints and all(line.endswith(": up to date") for line in endpoints)


def test_syncing_every_seed_page_at_once_changes_nothing(spec_copy: Path) -> None:
    before = tree(spec_copy)
    assert run_sync(spec_copy, *PAGES) == 0
    assert tree(spec_copy) == before


# --- format independence -----------------------------------------------------------------


def test_mdx_tab_and_its_rendered_text_yield_the_same_facts() -> None:
    endpoint = "fal-ai/kling-video/v3/standard/image-to-video"
    mdx, text = _facts(V3_STANDARD)[endpoint], _facts(V3_STANDARD_I2V_TEXT)[endpoint]
    assert text.input == mdx.input
    assert text.output == mdx.output
    assert (text.example_input, text.example_output) == (mdx.example_input, mdx.example_output)
    assert text.title == mdx.title == "Kling Video V3 Standard — Image To Video"
    # The rendered page has no heading of its own: its title is derived, not stated.
    assert mdx.title_is_stated and not text.title_is_stated
    # It has no summary either, so it states none; the MDX page's describes its first tab.
    assert text.summary is None and mdx.summary is not None and mdx.summary_is_specific


def test_pro_rendered_page_states_what_the_standard_mdx_tab_states() -> None:
    """fal renders V3 Pro text-to-video from the same schema as V3 Standard's tab."""
    pro = _facts(V3_PRO_T2V_TEXT)["fal-ai/kling-video/v3/pro/text-to-video"]
    standard = _facts(V3_STANDARD)["fal-ai/kling-video/v3/standard/text-to-video"]
    assert _without_endpoint(pro) == _without_endpoint(standard)
    assert pro.title == "Kling Video V3 Pro — Text To Video"


def test_llms_page_states_what_the_mdx_tab_states() -> None:
    endpoint = "fal-ai/kling-video/v1/standard/text-to-video"
    llms, mdx = _facts(V1_T2V_LLMS)[endpoint], _facts(V1_STANDARD)[endpoint]
    assert _without_endpoint(llms) == _without_endpoint(mdx)
    assert llms.example_input == mdx.example_input and llms.example_output == mdx.example_output
    assert llms.summary == "Generate video clips from your prompts using Kling 1.0" and llms.summary_is_specific


# --- round trip ----------------------------------------------------------------------------


def _without_curated_examples(spec: dict[str, Any]) -> dict[str, Any]:
    examples = spec.get("examples", {})
    for which in examples.get("curated", []):
        del examples[which]
    return spec


def test_the_deleted_catalogue_comes_back_from_fals_sources_except_curated_additions(spec_copy: Path) -> None:
    committed = {str(p.relative_to(SPECS)): yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(SPECS.rglob("*.yaml"))}
    kept = _spec_path(spec_copy, UNSYNCABLE[0])
    for path in spec_copy.rglob("*.yaml"):
        if path != kept:
            path.unlink()
    assert run_sync(spec_copy, "--only", "fal-ai/kling-video/*", "--prefer", "typescript", *catalogue_sources()) == 0
    resynced = {str(p.relative_to(spec_copy)): yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(spec_copy.rglob("*.yaml"))}
    assert resynced.keys() == committed.keys()
    lost = {
        path: changes(_without_curated_examples(resynced[path]), _without_curated_examples(committed[path]))
        for path in committed
    }
    assert {path: found for path, found in lost.items() if found} == CURATED


def test_a_page_whose_example_breaks_its_schema_cannot_recreate_a_spec(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, page, message = UNSYNCABLE
    path = _spec_path(spec_copy, endpoint)
    path.unlink()
    before = tree(spec_copy)
    assert run_sync(spec_copy, page) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and message in err
    assert tree(spec_copy) == before


def test_a_new_endpoint_on_a_page_creates_its_spec_file(spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(V3_PRO_T2V_TEXT.read_text().replace("v3/pro/text-to-video", "v3/pro/text-to-video-turbo"))
    assert run_sync(spec_copy, page) == 0
    created = spec_copy / "fal-ai/kling-video/v3/pro/text-to-video-turbo.yaml"
    assert f"created {created}" in capsys.readouterr().out
    spec = yaml.safe_load(created.read_text())
    assert spec["endpoint"] == "fal-ai/kling-video/v3/pro/text-to-video-turbo"
    assert spec["title"] == "Kling Video V3 Pro — Text To Video Turbo"
    assert list(spec["input"]["fields"])[:3] == ["prompt", "duration", "multi_prompt"]
    assert main(["--specs", str(spec_copy), "lint"]) == 0


# --- merging over curation -------------------------------------------------------------------


def _edited_v3_page(tmp_path: Path) -> Path:
    text = V3_STANDARD.read_text()
    text = text.replace("`13`, `14`, `15`", "`13`, `14`, `15`, `20`", 1)
    text = text.replace(
        '<ParamField body="end_image_url" type="string">\n      URL of the image to be used for the end of the video\n    </ParamField>',
        '<ParamField body="seed" type="integer" default="42">\n      Random seed. Default value: `42`\n\n      Range: `0` to `2147483647`\n    </ParamField>',
        1,
    )
    text = text.replace("Range: `0` to `1`", "Range: `0` to `2`").replace("`cfg_scale` range: 0 to 1", "`cfg_scale` range: 0 to 2")
    page = tmp_path / "v3-standard.mdx"
    page.write_text(text)
    return page


def test_sync_updates_what_the_page_states_and_keeps_curation(spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _edited_v3_page(tmp_path)
    motion_control = _spec_path(spec_copy, "fal-ai/kling-video/v3/standard/motion-control").read_bytes()
    assert run_sync(spec_copy, page) == 0
    out = capsys.readouterr().out
    path = _spec_path(spec_copy, "fal-ai/kling-video/v3/standard/image-to-video")
    text = path.read_text()
    spec = yaml.safe_load(text)
    fields = spec["input"]["fields"]
    assert fields["duration"]["enum"][-1] == "20"
    assert fields["seed"] == {"type": "integer", "default": 42, "minimum": 0, "maximum": 2147483647, "description": "Random seed."}
    assert "end_image_url" not in fields
    assert fields["cfg_scale"]["maximum"] == 2
    # Curation the page does not state survives: the hand-added rule and the comment.
    assert [r["kind"] for r in spec["input"]["rules"]] == ["exactly_one_of", "requires", "max_matching"]
    assert "# The tab types this as a plain string; the page's Limitations list restricts it." in text
    assert _spec_path(spec_copy, "fal-ai/kling-video/v3/standard/motion-control").read_bytes() == motion_control
    assert "fal-ai/kling-video/v3/standard/image-to-video: changed" in out
    assert '  ~ input.fields.duration.enum: added "20"' in out
    assert "  - input.fields.end_image_url" in out
    assert "  ~ input.fields.cfg_scale.maximum: 1 → 2" in out
    assert "fal-ai/kling-video/v3/standard/motion-control: up to date" in out
    # Lines the page did not touch are byte-identical.
    committed = _spec_path(SPECS, "fal-ai/kling-video/v3/standard/image-to-video").read_text().splitlines()
    kept = set(text.splitlines())
    assert [line for line in committed if line not in kept] == [
        '      enum: ["3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"]',
        "    end_image_url:",
        "      description: URL of the image to be used for the end of the video",
        "      maximum: 1",
    ]


def test_dry_run_reports_the_same_changes_and_writes_nothing(spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _edited_v3_page(tmp_path)
    before = tree(spec_copy)
    assert run_sync(spec_copy, page, "--dry-run") == 0
    out = capsys.readouterr().out
    assert tree(spec_copy) == before
    assert "fal-ai/kling-video/v3/standard/image-to-video: would change" in out
    assert "  ~ input.fields.cfg_scale.maximum: 1 → 2" in out
    assert out.rstrip().endswith("2 spec files would be written (dry run)")


def test_a_field_the_page_drops_from_its_example_is_kept_only_while_the_field_exists(spec_copy: Path) -> None:
    """ai-avatar's curated output example value survives a sync of its page."""
    assert run_sync(spec_copy, V1_STANDARD) == 0
    spec = yaml.safe_load(_spec_path(spec_copy, "fal-ai/kling-video/v1/standard/ai-avatar").read_text())
    assert spec["examples"]["output"]["duration"] == 5.0


def test_limitations_apply_only_to_endpoints_with_the_field(capsys: pytest.CaptureFixture[str], spec_copy: Path) -> None:
    assert run_sync(spec_copy, V3_PRO_T2V_TEXT) == 0
    out = capsys.readouterr().out
    assert "limitation on character_orientation not applicable: no endpoint on this page has that field" in out
    pro = _facts(V3_PRO_T2V_TEXT)["fal-ai/kling-video/v3/pro/text-to-video"]
    assert "character_orientation" not in pro.input.fields
    standard = _facts(V3_STANDARD)
    # The i2v tab types shot_type as a plain string; the Limitations list gives its values.
    assert standard["fal-ai/kling-video/v3/standard/image-to-video"].input.fields["shot_type"]["enum"] == ["customize", "intelligent"]
    assert standard["fal-ai/kling-video/v3/standard/motion-control"].input.fields["character_orientation"]["enum"] == ["image", "video"]


# --- rule phrasings ---------------------------------------------------------------------------


def test_the_seed_phrasings_become_rules_and_field_limits() -> None:
    standard = _facts(V3_STANDARD)
    i2v = standard["fal-ai/kling-video/v3/standard/image-to-video"].input
    assert list(i2v.rules) == [
        {"kind": "exactly_one_of", "fields": ["prompt", "multi_prompt"], "description": "Either prompt or multi_prompt must be provided, but not both."},
        {"kind": "requires", "field": "multi_prompt", "requires": ["shot_type"], "description": "shot_type is required when multi_prompt is provided."},
    ]
    motion = standard["fal-ai/kling-video/v3/standard/motion-control"].input
    assert motion.fields["elements"]["max_items"] == 1
    # "Duration limit depends on character_orientation: 10s max for 'image', 30s max for 'video'."
    assert list(motion.rules) == [
        {
            "kind": "limit_when",
            "field": "video_url",
            "when": {"field": "character_orientation", "equals": "image"},
            "file": {"max_duration": 10},
            "description": "video_url may be at most 10 s long when character_orientation is 'image'.",
        },
        {
            "kind": "limit_when",
            "field": "video_url",
            "when": {"field": "character_orientation", "equals": "video"},
            "file": {"max_duration": 30},
            "description": "video_url may be at most 30 s long when character_orientation is 'video'.",
        },
        {
            "kind": "only_when",
            "field": "elements",
            "when": {"field": "character_orientation", "equals": "video"},
            "description": "Element binding is only supported when character_orientation is 'video'.",
        },
    ]
    assert i2v.fields["cfg_scale"]["minimum"] == 0 and i2v.fields["cfg_scale"]["maximum"] == 1
    # Prose stays prose: the rule sentences remain in the descriptions users read.
    assert "Required when multi_prompt is provided." in i2v.fields["shot_type"]["description"]
    assert "Default value" not in i2v.fields["duration"]["description"]


def _mdx_page(tmp_path: Path, fields: str, *, limitations: str = "") -> Path:
    page = tmp_path / "page.mdx"
    page.write_text(
        "# Kling Video V9 Test API\n\n> API reference for Kling Video V9 Test. A test page.\n\n"
        '<Tabs>\n  <Tab title="Text To Video">\n'
        "    **Endpoint ID:** `fal-ai/kling-video/v9/test/text-to-video`\n\n"
        f"    ### Input Schema\n\n{fields}\n\n"
        '    ### Output Schema\n\n    <ParamField body="video" type="File" required>\n      The video\n    </ParamField>\n\n'
        '    ### Input Example\n\n    ```json\n    {"prompt": "a cat"}\n    ```\n\n'
        '    ### Output Example\n\n    ```json\n    {"video": {"url": "https://example.com/v.mp4"}}\n    ```\n'
        "  </Tab>\n</Tabs>\n"
        + (f"\n## Limitations\n\n{limitations}\n" if limitations else "")
    )
    return page


def test_other_phrasings_and_unknown_names(tmp_path: Path) -> None:
    page = _mdx_page(
        tmp_path,
        '    <ParamField body="prompt" type="string">\n      Either prompt or image_url must be provided.\n    </ParamField>\n'
        '    <ParamField body="image_url" type="string">\n      prompt and image_url cannot be used together.\n    </ParamField>\n'
        '    <ParamField body="tail" type="string">\n      Required when head is provided.\n    </ParamField>\n',
    )
    facts = page_facts(read_page(str(page), page.read_text()))
    rules = facts.endpoints[0].input.rules
    assert [(r["kind"], r["fields"]) for r in rules] == [("at_least_one_of", ["prompt", "image_url"]), ("mutually_exclusive", ["prompt", "image_url"])]
    assert any("'Required when head is provided.' names head, which is not a field here; left as prose" in n for n in facts.notes)


# --- bad input --------------------------------------------------------------------------------


def _bad_pages(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    html = tmp_path / "error.html"
    html.write_text("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>\n")
    binary = tmp_path / "page.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    wrong_default = tmp_path / "wrong-default.txt"
    wrong_default.write_text(V3_PRO_T2V_TEXT.read_text().replace('default:"16:9"', 'default:"4:3"').replace('Default value: "16:9"', 'Default value: "4:3"'))
    return {
        "fragment": (FRAGMENT, "no endpoint id found; this looks like a fragment"),
        "empty": (empty, "is empty"),
        "html": (html, "is an HTML page titled '502 Bad Gateway', not a fal docs page"),
        "binary": (binary, "is a binary file, not a text page"),
        "default": (wrong_default, 'fal-ai/kling-video/v3/pro/text-to-video input field aspect_ratio: default "4:3" is not one of its own possible values ("16:9", "9:16", "1:1")'),
        "missing": (tmp_path / "nope.txt", "no such file"),
    }


@pytest.mark.parametrize("case", ["fragment", "empty", "html", "binary", "default", "missing"])
def test_a_bad_page_is_rejected_by_name_and_no_spec_is_touched(
    case: str, spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page, message = _bad_pages(tmp_path)[case]
    before = tree(spec_copy)
    # A good page alongside changes nothing either: sync is all or nothing.
    assert run_sync(spec_copy, _edited_v3_page(tmp_path), page) == 2
    captured = capsys.readouterr()
    assert f"{page}: {message}" in captured.err
    assert "no spec was changed" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert tree(spec_copy) == before


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('range: 0 to 1', 'range: 1 to 0'), "field cfg_scale: the page states two different ranges (here and in Limitations): 0 to 1 and 1 to 0"),
        (('`0` to `1`', '`1` to `0`'), "field cfg_scale: the page states two different ranges (here and in Limitations): 1 to 0 and 0 to 1"),
        (('`aspect_ratio` restricted to: `16:9`, `9:16`, `1:1`', '`aspect_ratio` restricted to: `16:9`'), "field aspect_ratio: the page states two different lists of possible values (here and in Limitations): 16:9, 9:16, 1:1 and 16:9"),
        (('body="keep_original_sound" type="boolean"', 'body="keep_original_sound" type="SoundEnum"'), "field keep_original_sound: type SoundEnum is an enum, but the page lists no possible values for it"),
        (('type="float" default="0.5"', 'type="dict[str, Any]" default="0.5"'), "type 'dict[str, Any]' is not one this tool understands"),
        (('"cfg_scale": 0.5\n    }', '"cfg_scale": 0.5,\n    }'), "the Input Example is not valid JSON"),
        (('default="5">', 'default="7">'), 'the page states two different defaults: "5" and "7"'),
    ],
    ids=["limitation-range", "field-range", "limitation-values", "enum-without-values", "unknown-type", "bad-json", "two-defaults"],
)
def test_a_page_that_contradicts_itself_is_rejected(
    edit: tuple[str, str], message: str, spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = V3_STANDARD.read_text()
    assert edit[0] in text
    page = tmp_path / "page.mdx"
    page.write_text(text.replace(edit[0], edit[1]))
    before = tree(spec_copy)
    assert run_sync(spec_copy, page) == 2
    err = capsys.readouterr().err
    assert str(page) in err and message in err
    assert tree(spec_copy) == before


def test_a_page_naming_a_type_no_source_defines_is_refused_whole(spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.mdx"
    page.write_text(V3_STANDARD.read_text().replace("list<KlingV3MultiPromptElement>", "list<KlingV4PromptElement>"))
    before = tree(spec_copy)
    assert run_sync(spec_copy, page) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{page}: names type KlingV4PromptElement, which {spec_copy / 'types'} does not define and no source given defines",
        "add the type, or pass a source that defines it too (fal's endpoints.ts or an OpenAPI document); nothing was written",
    ]
    assert tree(spec_copy) == before


def test_a_page_whose_result_would_not_be_a_valid_spec_writes_nothing(spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.mdx"
    page.write_text(V3_STANDARD.read_text().replace('default="0.5">', 'default="5">', 1).replace("Default value: `0.5`", "Default value: `5`", 1))
    before = tree(spec_copy)
    assert run_sync(spec_copy, page) == 2
    err = capsys.readouterr().err
    assert "the synced specs would not be valid, so nothing was written" in err
    assert f"{spec_copy}/fal-ai/kling-video/v3/standard/image-to-video.yaml:" in err
    assert "default 5 is above the maximum 1" in err
    assert tree(spec_copy) == before


def test_format_can_be_forced(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_sync(spec_copy, V3_PRO_T2V_TEXT, "--format", "text", "--dry-run") == 0
    assert "fal-ai/kling-video/v3/pro/text-to-video: up to date" in capsys.readouterr().out
    assert run_sync(spec_copy, V3_PRO_T2V_TEXT, "--format", "llms") == 2
    assert "no '**Model ID**:' line found" in capsys.readouterr().err


def test_unknown_format_is_a_usage_error(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_sync(spec_copy, V3_PRO_T2V_TEXT, "--format", "html")
    assert exit_info.value.code == 2
    assert "invalid choice: 'html'" in capsys.readouterr().err


def test_syncing_into_a_missing_specs_directory_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_sync(tmp_path / "nowhere", V3_PRO_T2V_TEXT) == 2
    assert "specs directory not found" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()


def test_an_empty_range_is_rejected(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _mdx_page(tmp_path, '    <ParamField body="prompt" type="string">\n      Prompt.\n    </ParamField>\n    <ParamField body="steps" type="integer">\n      Steps.\n\n      Range: `10` to `1`\n    </ParamField>\n')
    assert run_sync(spec_copy, page) == 2
    assert "fal-ai/kling-video/v9/test/text-to-video input field steps: range 10 to 1 is empty" in capsys.readouterr().err


# --- pages over HTTP --------------------------------------------------------------------------


class _Pages(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        if self.path == "/slow":
            time.sleep(1.5)
        status, kind, body = self.routes.get(self.path, (404, "text/html", b"<html><title>404 Not Found</title></html>"))
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first: the timeout test wants exactly that

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def docs_server() -> Iterator[str]:
    """A local stand-in for fal's docs site; tests never reach the internet."""
    _Pages.routes = {
        "/v3-pro-t2v": (200, "text/plain; charset=utf-8", V3_PRO_T2V_TEXT.read_bytes()),
        "/v3-standard.mdx": (200, "text/markdown", V3_STANDARD.read_bytes()),
        "/busy": (200, "text/html", b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head></html>"),
        "/slow": (200, "text/plain", V3_PRO_T2V_TEXT.read_bytes()),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_pages_can_be_fetched_by_url(docs_server: str, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(spec_copy)
    assert run_sync(spec_copy, f"{docs_server}/v3-pro-t2v", f"{docs_server}/v3-standard.mdx") == 0
    out = capsys.readouterr().out
    assert "fal-ai/kling-video/v3/pro/text-to-video: up to date" in out
    assert "fal-ai/kling-video/v3/standard/motion-control: up to date" in out
    assert f"note: {docs_server}/v3-pro-t2v: limitation on character_orientation not applicable" in out
    assert tree(spec_copy) == before


@pytest.mark.parametrize(
    ("route", "args", "message"),
    [
        ("/gone", (), "the server answered HTTP 404 Not Found"),
        ("/busy", (), "is an HTML page titled '503 Service Unavailable', not a fal docs page"),
        ("/slow", ("--timeout", "0.3"), "no answer within 0.3 s (use --timeout to wait longer)"),
    ],
    ids=["404", "html-error-page", "timeout"],
)
def test_a_url_that_does_not_give_a_page_is_a_clear_error(
    route: str, args: tuple[str, ...], message: str, docs_server: str, spec_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(spec_copy)
    assert main(["--specs", str(spec_copy), "sync", *args, f"{docs_server}{route}"]) == 2
    err = capsys.readouterr().err
    assert f"{docs_server}{route}: {message}" in err
    assert "Traceback" not in err
    assert tree(spec_copy) == before


def test_an_unreachable_host_is_a_clear_error(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert run_sync(spec_copy, f"http://127.0.0.1:{port}/page") == 2
    assert f"http://127.0.0.1:{port}/page: cannot be fetched: [Errno 111] Connection refused" in capsys.readouterr().err


def test_an_endpoint_id_that_is_not_a_path_of_names_is_rejected(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(V3_PRO_T2V_TEXT.read_text().replace("Endpoint ID: fal-ai/kling-video/v3/pro/text-to-video", "Endpoint ID: ../../outside"))
    before = tree(spec_copy)
    assert run_sync(spec_copy, page) == 2
    assert "'../../outside' is not a fal endpoint id" in capsys.readouterr().err
    assert tree(spec_copy) == before and not (spec_copy.parent / "outside.yaml").exists()


def test_an_edited_enum_keeps_its_untouched_values_as_written() -> None:
    before = textwrap.dedent(
        """\
        fields:
          mode:
            type: string
            enum: ['std', "pro", master]
          shot:
            type: string
            enum:
              - "a"
              - 'b'
              - c
        """
    )
    after = textwrap.dedent(
        """\
        fields:
          mode:
            type: string
            enum: ['std', "pro", master, turbo]
          shot:
            type: string
            enum:
              - "a"
              - c
              - "16:9"
        """
    )
    data = yaml.safe_load(before)
    data["fields"]["mode"]["enum"].append("turbo")
    data["fields"]["shot"]["enum"] = ["a", "c", "16:9"]
    assert render(before, data) == after


@pytest.mark.parametrize("spec", sorted(SPECS.rglob("*.yaml")), ids=lambda p: str(p.relative_to(SPECS)))
def test_in_place_editing_keeps_every_committed_spec_byte_for_byte(spec: Path) -> None:
    """Sync edits through ruamel.yaml; an edit must move only the lines it changes."""
    text = spec.read_text(encoding="utf-8")
    assert render(text, yaml.safe_load(text)) == text


@pytest.mark.parametrize(
    "value",
    ["16:9", "5", "0.5", "yes", "off", "null", "~", "1e3", "- dash", "key: value", "# hash", "'quoted'", "@Element1", ".", "",
     "Reference video URL. Duration limit depends on character_orientation: 10s max for 'image', 30s max for 'video'."],
)
def test_new_strings_read_back_as_the_same_strings(value: str) -> None:
    """The spec loader is PyYAML (YAML 1.1): "16:9" written plain would come back as 969."""
    text = render(None, {"description": value, "enum": [value, "x"]})
    assert yaml.safe_load(text) == {"description": value, "enum": [value, "x"]}
    # Long prose is folded to fit; a list item (an enum value, a URL) is never split.
    assert all(len(line) <= 88 for line in render(None, {"description": value}).splitlines())


def test_specs_can_be_named_after_the_command(spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _edited_v3_page(tmp_path)
    assert main(["sync", str(page), "--specs", str(spec_copy), "--dry-run"]) == 0
    assert f"would change {spec_copy}/fal-ai/kling-video/v3/standard/image-to-video.yaml" in capsys.readouterr().out


# --- real pages, read right ------------------------------------------------------------------

FIXTURES = ROOT / "tests/fixtures/pages"
TRUNCATED = SHARED / "fal/pages/truncated-kling-video-v1-standard-image-to-video.llms.txt"


def test_llms_sub_bullets_restate_the_type_and_are_not_prose() -> None:
    facts = _facts(FIXTURES / "kling-video-v3-turbo-pro-text-to-video.llms.txt")["fal-ai/kling-video/v3/turbo/pro/text-to-video"]
    assert facts.input.fields["multi_prompt"]["description"] == (
        "Multi-shot storyboard (1-6 shots). Each shot has its own prompt and duration; the total duration must not exceed 15s. "
        "Mutually exclusive with `prompt`."
    )
    assert facts.input.rules == ({"kind": "mutually_exclusive", "fields": ["multi_prompt", "prompt"], "description": "multi_prompt and prompt are mutually exclusive."},)


def test_a_truncated_page_is_refused_not_read_as_deletions(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """fal's servers sometimes cut a page off: this one ends in the middle of its inputs."""
    before = tree(spec_copy)
    assert run_sync(spec_copy, TRUNCATED) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{TRUNCATED}: fal-ai/kling-video/v1/standard/image-to-video: no output fields (no Output Schema section, or an empty one): "
        "the page looks cut off, so nothing was read from it",
        "no spec was changed",
    ]
    assert tree(spec_copy) == before


@pytest.mark.parametrize(
    ("page", "cut_after", "message"),
    [
        (V1_T2V_LLMS, "**Example Response**:\n\n```json\n{", "ends inside a ``` code block"),
        (V3_STANDARD, "### Output Example\n\n    ```json theme={null}\n    {", "ends inside a ``` code block"),
        (V3_STANDARD, "### Output Example\n\n    ```json theme={null}\n", None),
    ],
    ids=["llms-in-an-example", "mdx-in-an-example", "mdx-in-a-tab"],
)
def test_a_page_cut_off_anywhere_is_refused(page: Path, cut_after: str, message: str | None, tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = page.read_text(encoding="utf-8")
    assert cut_after in text
    end = text.index(cut_after) + len(cut_after)
    if message is None:  # cut after the tab's example, before the tab is closed
        end = text.index("  </Tab>", end)
        message = "opens a <Tab> it does not close"
    cut = tmp_path / page.name
    cut.write_text(text[:end])
    before = tree(spec_copy)
    assert run_sync(spec_copy, cut) == 2
    assert capsys.readouterr().err.splitlines() == [f"{cut}: {message}: the page looks cut off, so nothing was read from it", "no spec was changed"]
    assert tree(spec_copy) == before


def test_a_multi_tab_pages_summary_describes_its_first_tab_only() -> None:
    facts = _facts(FIXTURES / "kling-video-v3-pro.mdx")
    first, *others = facts.values()
    assert first.endpoint == "fal-ai/kling-video/v3/pro/text-to-video"
    assert first.summary is not None and first.summary.startswith("Kling 3.0 Pro: Top-tier text-to-video") and first.summary_is_specific
    assert [e.summary for e in others] == [None, None]


@pytest.mark.parametrize(
    ("page", "endpoint", "title", "rules"),
    [
        # "## API Reference" layout: no tabs, a heading that names the endpoint.
        (FIXTURES / "kling-video-o3-standard-text-to-video.mdx", "fal-ai/kling-video/o3/standard/text-to-video", "Kling Video O3 Standard — Text To Video",
         ({"kind": "at_least_one_of", "fields": ["prompt", "multi_prompt"], "description": "prompt is required unless multi_prompt is provided."},)),
        # No tabs, a heading that names only the family.
        (SHARED / "fal/pages/kling-video-v2.6-standard-motion-control.mdx", "fal-ai/kling-video/v2.6/standard/motion-control",
         "Kling Video V2.6 Standard — Motion Control",
         tuple({"kind": "limit_when", "field": "video_url", "when": {"field": "character_orientation", "equals": value}, "file": {"max_duration": seconds},
                "description": f"video_url may be at most {seconds} s long when character_orientation is '{value}'."} for value, seconds in (("image", 10), ("video", 30)))),
        # The newest llms.txt layout.
        (FIXTURES / "kling-video-v3-turbo-standard-image-to-video.llms.txt", "fal-ai/kling-video/v3/turbo/standard/image-to-video",
         "Kling Video V3 Turbo Standard — Image To Video",
         ({"kind": "mutually_exclusive", "fields": ["multi_prompt", "prompt"], "description": "multi_prompt and prompt are mutually exclusive."},)),
    ],
    ids=["o3-api-reference", "v2.6-tabless", "v3-turbo-llms"],
)
def test_newer_page_layouts_are_read(page: Path, endpoint: str, title: str, rules: tuple[dict[str, Any], ...], spec_copy: Path) -> None:
    facts = _facts(page)[endpoint]
    spec = yaml.safe_load(_spec_path(SPECS, endpoint).read_text(encoding="utf-8"))
    assert facts.input.rules == rules
    assert list(facts.input.fields) == [name for name in spec["input"]["fields"] if name in facts.input.fields]
    assert facts.output.fields.keys() == spec["output"]["fields"].keys()
    assert facts.example_input is not None and facts.example_output is not None
    assert spec["title"] == title
    before = tree(spec_copy)
    assert run_sync(spec_copy, page) == 0
    assert tree(spec_copy) == before


def _plainly_written(text: str) -> str:
    """An llms.txt page in the plainer layout of fal's v2.6 pro motion-control page
    (``## Output Schema``, ``- **video** (File, required):``), which the stored corpora do
    not hold: the same page, its parameter bullets without backticks or emphasis."""
    plain = re.sub(r"^- \*\*`(\w+)`\*\* \(`([^`]+)`, _(required|optional)_\)", r"- **\1** (\2, \3)", text, flags=re.MULTILINE)
    return plain.replace("### Input Schema", "## Input Schema").replace("### Output Schema", "## Output Schema")


@pytest.mark.parametrize("page", [SHARED / "fal/pages/kling-video-v2.1-master-image-to-video.llms.txt", FIXTURES / "kling-video-o3-4k-video-to-video-edit.llms.txt"], ids=lambda p: p.name)
def test_the_plainer_llms_layout_is_read_as_the_usual_one(page: Path, tmp_path: Path, spec_copy: Path) -> None:
    plain = tmp_path / page.name
    plain.write_text(_plainly_written(page.read_text(encoding="utf-8")), encoding="utf-8")
    assert "## Output Schema" in plain.read_text() and "(File, required)" in plain.read_text()
    assert _facts(plain) == {endpoint: replace(facts, source=str(plain)) for endpoint, facts in _facts(page).items()}
    before = tree(spec_copy)
    assert run_sync(spec_copy, plain) == 0
    assert tree(spec_copy) == before


# --- what sync will not read ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("http://[::1",), "http://[::1: is not a valid URL (Invalid IPv6 URL)"),
        (("--timeout", "-1", "page"), "argument --timeout: '-1' is not a positive, finite number of seconds"),
        (("--timeout", "nan", "page"), "argument --timeout: 'nan' is not a positive, finite number of seconds"),
        (("--timeout", "inf", "page"), "argument --timeout: 'inf' is not a positive, finite number of seconds"),
        (("/dev/zero",), "/dev/zero: is not a regular file (a FIFO, device or socket?); only regular files are read"),
        ((str(SEEDS),), f"{SEEDS}: is a directory, not a file"),
    ],
    ids=["malformed-url", "negative-timeout", "nan-timeout", "infinite-timeout", "device", "directory"],
)
def test_sync_refuses_what_it_cannot_read(args: tuple[str, ...], message: str, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(spec_copy)
    try:
        code = main(["--specs", str(spec_copy), "sync", *args])
    except SystemExit as exit:  # argparse's usage errors
        code = int(str(exit.code))
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert tree(spec_copy) == before


def test_a_fifo_page_is_refused_not_waited_on(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "page.txt"
    os.mkfifo(fifo)
    assert run_sync(spec_copy, fifo) == 2
    assert f"{fifo}: is not a regular file (a FIFO, device or socket?); only regular files are read" in capsys.readouterr().err


def test_pages_are_read_up_to_the_size_limit(tmp_path: Path, spec_copy: Path, docs_server: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_PAGE_BYTES + 1)  # sparse: 32 MiB of nothing, costing no disk
    assert run_sync(spec_copy, huge) == 2
    assert f"{huge}: is larger than 32 MiB, the most falgen reads from one file" in capsys.readouterr().err
    monkeypatch.setattr("falgen.sync.source.MAX_PAGE_BYTES", 1000)  # the served page is 1,000+ bytes
    assert run_sync(spec_copy, f"{docs_server}/v3-pro-t2v") == 2
    assert f"{docs_server}/v3-pro-t2v: is larger than 1000 bytes, the most falgen reads from one page" in capsys.readouterr().err
