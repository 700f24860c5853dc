"""`falgen sync` on fal's machine-readable sources (its TypeScript types and OpenAPI
documents), on several sources at once, and on bad input of each kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import fal_kling
from falgen.sync.facts import EndpointFacts, page_facts
from falgen.sync.formats import read_page
from falgen.sync.formats.typescript import read_module

from ..conftest import SHARED, SPECS, catalogue_sources, run_sync, tree

TYPES = SHARED / "fal/endpoints.ts"
OPENAPI = SHARED / "fal/openapi"
MOTION_2_6 = OPENAPI / "fal-ai__kling-video__v2.6__pro__motion-control.openapi.json"
MASTER_T2V = OPENAPI / "fal-ai__kling-video__v2.1__master__text-to-video.openapi.json"
MASTER_T2V_PAGE = SHARED / "fal/pages/kling-video-v2.1-master-text-to-video.llms.txt"
I2V = "fal-ai/kling-video/v3/standard/image-to-video"


def _ts_facts(*endpoints: str) -> dict[str, EndpointFacts]:
    page = read_page(str(TYPES), TYPES.read_text(encoding="utf-8"), None, lambda endpoint: endpoint in endpoints)
    return {e.endpoint: e for e in page_facts(page).endpoints}


def _spec(specs: Path, endpoint: str) -> Any:
    return yaml.safe_load(specs.joinpath(*endpoint.split("/")).with_suffix(".yaml").read_text(encoding="utf-8"))


def _refused(specs: Path, capsys: pytest.CaptureFixture[str], *args: str | Path) -> list[str]:
    """Run a sync that must be refused; its error lines (nothing may have been written)."""
    before = tree(specs)
    assert run_sync(specs, *args) == 2
    assert tree(specs) == before
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err.splitlines()


# --- fal's TypeScript types ------------------------------------------------------------------


NEWER_THAN_THE_TYPES = {"fal-ai/kling-video/o3/4k/video-to-video/edit"}
"""Served by fal (its llms.txt page, tests/fixtures/pages/) but younger than fal-js's types of 2026-08."""


def test_the_types_map_every_kling_endpoint_the_package_has_but_the_one_fal_added_since() -> None:
    module = read_module(str(TYPES), TYPES.read_text(encoding="utf-8"))
    kling = {endpoint for endpoint in module.endpoints if endpoint.startswith("fal-ai/kling-video/")}
    assert len(module.endpoints) > 1000
    assert kling == set(fal_kling.ENDPOINTS) - NEWER_THAN_THE_TYPES and len(kling) == 69


@pytest.mark.parametrize("endpoint", ["fal-ai/kling-video/v1/pro/text-to-video", "fal-ai/kling-video/v1/pro/image-to-video"])
def test_kling_1_0_pro_stays_out_of_the_catalogue_because_fal_no_longer_describes_it(endpoint: str) -> None:
    """fal's old model pages still mention Kling 1.0 pro, but neither fal's types (2026-08)
    nor its model catalogue's OpenAPI documents (2026-01) describe it: no source states its
    fields, so no spec is written by hand.  ``falgen update`` adds it if fal lists it again."""
    module = read_module(str(TYPES), TYPES.read_text(encoding="utf-8"))
    assert endpoint not in module.endpoints
    assert not (SHARED / "fal/openapi" / (endpoint.replace("/", "__") + ".openapi.json")).exists()
    assert endpoint not in fal_kling.ENDPOINTS


def test_an_endpoints_facts_are_read_from_its_types() -> None:
    facts = _ts_facts(I2V)[I2V]
    fields = facts.input.fields
    assert fields["start_image_url"] == {"type": "string", "required": True, "file": {"kind": "image"}, "description": "URL of the image to be used for the video"}
    assert fields["duration"]["enum"] == [str(n) for n in range(3, 16)] and fields["duration"]["default"] == "5"
    assert fields["elements"]["type"] == "list[KlingV3ComboElementInput]"
    # TypeScript's `number` does not say integer or float; the types list fields by name.
    assert fields["cfg_scale"]["type"] == "float" and facts.input.loose == {"cfg_scale": frozenset({"type"})}
    assert not facts.input.order_is_stated
    assert sorted(facts.types) == ["File", "KlingV3ComboElementInput", "KlingV3MultiPromptElement"]
    assert facts.types["KlingV3MultiPromptElement"].fields["prompt"] == {"type": "string", "required": True, "description": "The prompt for this shot."}


def test_fals_limit_line_becomes_file_limits_and_leaves_the_prose() -> None:
    """"Max file size: 200.0MB, Min width: 720px, …, Timeout: 30.0s" closes the JSDoc; the
    prose before it ("Only .mp4/.mov formats supported, 3-10 seconds duration, …") adds the
    formats, and where both state a limit the limit line's exact figure wins (10.05 s)."""
    endpoint = "fal-ai/kling-video/o1/standard/video-to-video/reference"
    field = _ts_facts(endpoint)[endpoint].input.fields["video_url"]
    assert field["file"] == {
        "kind": "video", "formats": ["mp4", "mov"], "max_duration": 10.05, "max_file_size": 200 * 2**20, "max_fps": 60, "max_height": 2160, "max_width": 2160,
        "min_duration": 3, "min_fps": 24, "min_height": 720, "min_width": 720, "timeout": 30,
    }
    assert field["description"] == "Reference video URL. Only .mp4/.mov formats supported, 3-10 seconds duration, 720-2160px resolution, max 200MB."


def test_an_input_typed_as_another_apps_type_is_read_through_the_alias() -> None:
    """`KlingVideoLipsyncAudioToVideoInput = lipsyncInput`: fal-js shares same-shaped types."""
    fields = _ts_facts("fal-ai/kling-video/lipsync/audio-to-video")["fal-ai/kling-video/lipsync/audio-to-video"].input.fields
    assert fields == {
        "audio_url": {"type": "string", "required": True, "file": {"kind": "audio"}},
        "video_url": {"type": "string", "required": True, "file": {"kind": "video"}},
    }


SOURCE_LAYOUT = """\
export type Shot = {
  /**
   * The prompt. Default value: `"a cat"`
   */
  prompt?: string;
  size?:
    | "small"
    | "large";
  image_url: string | Blob | File;
};
export type ShotOutput = {
  video: File;
};
export type File = {
  url: string;
};
export type EndpointTypeMap = {
  "fal-ai/kling-video/v9/shot": {
    input: Shot;
    output: ShotOutput;
  };
};
"""
DTS_LAYOUT = """\
export type Shot = {
    /**
     * The prompt. Default value: `"a cat"`
     */
    prompt?: string;
    size?: "small" | "large";
    image_url: string | Blob | File;
};
export type ShotOutput = {
    video: File;
};
export type File = {
    url: string;
};
export type EndpointTypeMap = {
    "fal-ai/kling-video/v9/shot": {
        input: Shot;
        output: ShotOutput;
    };
};
"""


def test_the_source_layout_and_the_npm_layout_read_the_same() -> None:
    read = [page_facts(read_page(name, text)).endpoints[0] for name, text in (("endpoints.ts", SOURCE_LAYOUT), ("endpoints.d.ts", DTS_LAYOUT))]
    assert read[0].input == read[1].input and read[0].output == read[1].output and read[0].types == read[1].types
    assert read[0].input.fields == {
        "prompt": {"type": "string", "default": "a cat", "description": "The prompt."},
        "size": {"type": "string", "enum": ["small", "large"]},
        "image_url": {"type": "string", "required": True, "file": {"kind": "image"}},
    }
    # fal's own `File` object (an output) is a nested type, not an upload.
    assert read[0].output.fields == {"video": {"type": "File", "required": True}}


def test_syncing_the_types_alone_over_the_catalogue_changes_nothing(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """They list fields by name, never write a default of false or 0, and say `number` for
    an integer: none of that undoes what the other sources stated."""
    before = tree(spec_copy)
    assert run_sync(spec_copy, TYPES) == 0
    assert tree(spec_copy) == before
    assert capsys.readouterr().out.rstrip().endswith("nothing to change")


# --- fal's OpenAPI documents -----------------------------------------------------------------


def test_an_openapi_documents_order_and_limits_are_read() -> None:
    facts = page_facts(read_page(str(MOTION_2_6), MOTION_2_6.read_text(encoding="utf-8"))).endpoints[0]
    document = json.loads(MOTION_2_6.read_text(encoding="utf-8"))
    assert list(facts.input.fields) == document["components"]["schemas"]["KlingVideoV26ProMotionControlInput"]["x-fal-order-properties"]
    assert facts.input.fields["prompt"]["max_length"] == 2500
    assert facts.input.fields["image_url"]["file"]["kind"] == "image"
    assert facts.output.fields == {"video": {"type": "File", "required": True, "description": "The generated video"}}
    assert facts.example_input is not None and set(facts.example_input) >= {"image_url", "video_url", "character_orientation"}


def test_fals_catalogue_form_reads_as_its_documents_do(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    documents = sorted(OPENAPI.glob("*.json"))[:5]
    catalogue = tmp_path / "models.json"
    models = [{"endpoint_id": json.loads(d.read_text())["info"]["x-fal-metadata"]["endpointId"], "openapi": json.loads(d.read_text())} for d in documents]
    catalogue.write_text(json.dumps({"models": models}))
    one_by_one = [page_facts(read_page(str(d), d.read_text(encoding="utf-8"))).endpoints[0] for d in documents]
    together = page_facts(read_page(str(catalogue), catalogue.read_text(encoding="utf-8"))).endpoints
    assert [(e.endpoint, e.input, e.output, e.types) for e in together] == [(e.endpoint, e.input, e.output, e.types) for e in one_by_one]
    before = tree(spec_copy)
    assert run_sync(spec_copy, catalogue) == 0
    assert tree(spec_copy) == before


def _document(tmp_path: Path, name: str, edit: Any) -> Path:
    document = json.loads(MOTION_2_6.read_text(encoding="utf-8"))
    edit(document)
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def _input_schema(document: Any) -> Any:
    return document["components"]["schemas"]["KlingVideoV26ProMotionControlInput"]


BAD_DOCUMENTS = {
    "not fal's": (
        lambda d: (d["info"].pop("x-fal-metadata"), d["paths"].update({"/pets": {"post": {}}})),
        "an OpenAPI document, but not fal's: no info.x-fal-metadata.endpointId and no single POST path to take the endpoint id from",
    ),
    "contradicts itself": (
        lambda d: _input_schema(d)["properties"]["character_orientation"].update({"default": "sideways"}),
        "fal-ai/kling-video/v2.6/pro/motion-control input field character_orientation: default \"sideways\" is not one of its own possible values (\"image\", \"video\")",
    ),
    "requires what it does not define": (
        lambda d: _input_schema(d)["required"].append("seed"),
        "fal-ai/kling-video/v2.6/pro/motion-control: schema '#/components/schemas/KlingVideoV26ProMotionControlInput': required names 'seed', which its properties do not define",
    ),
    "refers to no schema": (
        lambda d: _input_schema(d)["properties"]["prompt"].update({"$ref": "#/components/schemas/Prompt"}),
        "fal-ai/kling-video/v2.6/pro/motion-control: reference '#/components/schemas/Prompt' names no schema in components.schemas",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_a_bad_openapi_document_is_refused_saying_what_it_is(case: str, tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit, message = BAD_DOCUMENTS[case]
    document = _document(tmp_path, "doc.json", edit)
    assert _refused(spec_copy, capsys, document) == [f"{document}: {message}", "no spec was changed"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"swagger": "2.0", "info": {}}', "is JSON with keys info, swagger: neither an OpenAPI document (no 'openapi' key) nor fal's model catalogue (no 'models' list)"),
        ("[1, 2]", "is a JSON list, not an OpenAPI document or fal's model catalogue (both are JSON objects)"),
        ('{"models": [{"id": 1}]}', "models[0] has no 'endpoint_id' and 'openapi' document"),
        ("export type A = { x: string };\n", "is TypeScript, but has no EndpointTypeMap: expected fal-js's src/types/endpoints.ts or @fal-ai/client's endpoints.d.ts"),
    ],
    ids=["swagger", "json-list", "catalogue-entry", "ts-without-map"],
)
def test_json_and_typescript_that_are_not_fals_sources_are_refused(content: str, message: str, tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "source"
    source.write_text(content)
    assert _refused(spec_copy, capsys, source) == [f"{source}: {message}", "no spec was changed"]


def test_only_picks_endpoints_and_says_when_it_picks_none(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _refused(spec_copy, capsys, "--only", "fal-ai/kling-video/v9/*", TYPES) == [
        "--only fal-ai/kling-video/v9/*: no endpoint of the sources given matches; nothing was written"
    ]
    [refusal, _] = _refused(spec_copy, capsys, "--only", "fal-ai/*", TYPES)
    assert refusal.startswith(f"{TYPES}: holds the endpoints of ") and refusal.endswith("falgen keeps one app's endpoints: pick them with --only, e.g. --only 'fal-ai/ace-step/*'")
    assert run_sync(spec_copy, "--dry-run", "--only", "fal-ai/kling-video/v3/standard/*", TYPES) == 0
    out = capsys.readouterr().out
    assert [line.split(":")[0] for line in out.splitlines() if line.startswith("fal-ai/")] == [
        "fal-ai/kling-video/v3/standard/image-to-video", "fal-ai/kling-video/v3/standard/motion-control", "fal-ai/kling-video/v3/standard/text-to-video",
    ]


def test_a_source_for_another_app_is_named(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = _document(tmp_path, "minimax.json", lambda d: d["info"]["x-fal-metadata"].update({"endpointId": "fal-ai/minimax/video-01"}))
    text = other.read_text().replace("/fal-ai/kling-video/v2.6/pro/motion-control", "/fal-ai/minimax/video-01")
    other.write_text(text)
    assert _refused(spec_copy, capsys, other) == [
        "no endpoint of the sources given belongs to fal-ai/kling-video, the specs' app; pick endpoints with --only GLOB; nothing was written"
    ]
    assert _refused(spec_copy, capsys, "--only", "fal-ai/*", other, MOTION_2_6) == [
        f"the endpoints would span 2 apps: fal-ai/kling-video (from {MOTION_2_6}), fal-ai/minimax (from {other}); "
        "falgen keeps one app's endpoints, so pick them with --only; nothing was written"
    ]


# --- several sources, one truth ----------------------------------------------------------------


def _edited_page(tmp_path: Path) -> Path:
    page = tmp_path / "master-t2v.llms.txt"
    page.write_text(MASTER_T2V_PAGE.read_text(encoding="utf-8").replace("Default value: `0.5`", "Default value: `0.7`").replace("- Default: `0.5`", "- Default: `0.7`"))
    return page


def test_sources_that_disagree_write_nothing_and_every_disagreement_is_listed(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _edited_page(tmp_path)
    expected = [
        "the sources disagree on 1 fact:",
        f"  fal-ai/kling-video/v2.1/master/text-to-video: input.fields.cfg_scale.default: {page} (page) says 0.7; {MASTER_T2V} and {TYPES} (openapi, typescript) say 0.5",
        "nothing was written; say which source wins with --prefer KIND (page, openapi, typescript) or --prefer SOURCE",
    ]
    assert _refused(spec_copy, capsys, page, MASTER_T2V, TYPES) == expected
    # The order the sources are given in changes nothing.
    assert _refused(spec_copy, capsys, TYPES, MASTER_T2V, page) == expected


def test_prefer_settles_a_disagreement_and_is_remembered(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _edited_page(tmp_path)
    assert run_sync(spec_copy, "--prefer", "page", MASTER_T2V, page) == 0
    spec = _spec(spec_copy, "fal-ai/kling-video/v2.1/master/text-to-video")
    assert spec["input"]["fields"]["cfg_scale"]["default"] == 0.7
    assert spec["preferred"]["input.fields.cfg_scale.default"] == "page"
    capsys.readouterr()
    # The outvoted source alone no longer reverts it; it is told.
    before = tree(spec_copy)
    assert run_sync(spec_copy, MASTER_T2V) == 0
    assert tree(spec_copy) == before
    assert (
        f"note: fal-ai/kling-video/v2.1/master/text-to-video: input.fields.cfg_scale.default: kept as recorded from page; {MASTER_T2V} says otherwise"
        in capsys.readouterr().out
    )


def test_a_source_named_by_prefer_wins_over_one_of_the_same_kind(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two pages for one endpoint follow the same rule: no silent last-page-wins."""
    page = _edited_page(tmp_path)
    assert _refused(spec_copy, capsys, MASTER_T2V_PAGE, page)[0] == "the sources disagree on 1 fact:"
    assert run_sync(spec_copy, "--prefer", str(MASTER_T2V_PAGE), MASTER_T2V_PAGE, page) == 0
    assert _spec(spec_copy, "fal-ai/kling-video/v2.1/master/text-to-video")["input"]["fields"]["cfg_scale"]["default"] == 0.5


def test_prefer_must_name_a_kind_or_a_given_source(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _refused(spec_copy, capsys, "--prefer", "docs", MASTER_T2V) == [
        "--prefer docs: name a kind of source (page, openapi, typescript) or one of the sources given"
    ]


def test_a_page_silent_on_a_fact_it_speaks_for_disagrees(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A page lists a field's values when it has them; fal's types list them too."""
    page = tmp_path / "page.llms.txt"
    text = MASTER_T2V_PAGE.read_text(encoding="utf-8")
    page.write_text(text.replace('  - Options: `"16:9"`, `"9:16"`, `"1:1"`\n', "").replace("(`AspectRatioEnum`, _optional_)", "(`string`, _optional_)"))
    lines = _refused(spec_copy, capsys, page, TYPES)
    assert lines[1] == (
        f"  fal-ai/kling-video/v2.1/master/text-to-video: input.fields.aspect_ratio.enum: {page} (page) says nothing; "
        f'{TYPES} (typescript) says ["16:9", "9:16", "1:1"]'
    )


def test_one_type_name_with_two_shapes_gets_two_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()

    def moved(endpoint: str, extra: dict[str, Any]) -> Any:
        def edit(document: Any) -> None:
            text = json.dumps(document).replace("fal-ai/kling-video/v2.6/pro/motion-control", endpoint)
            document.clear()
            document.update(json.loads(text))
            document["components"]["schemas"]["File"]["properties"].update(extra)
        return edit

    first = _document(tmp_path, "a.json", moved("fal-ai/kling-video/v9/a", {}))
    second = _document(tmp_path, "b.json", moved("fal-ai/kling-video/v9/b", {"width": {"type": "integer"}}))
    assert run_sync(specs, "--only", "fal-ai/kling-video/*", second, first) == 0
    assert "note: type File has 2 shapes; the one used by fal-ai/kling-video/v9/b is named File2" in capsys.readouterr().out
    assert "width" not in _spec(specs, "types/File")["fields"] and "width" in _spec(specs, "types/File2")["fields"]
    assert _spec(specs, "fal-ai/kling-video/v9/b")["output"]["fields"]["video"]["type"] == "File2"


# --- the catalogue ---------------------------------------------------------------------------


@pytest.mark.parametrize("source", catalogue_sources(), ids=lambda p: p.name)
def test_syncing_any_one_source_of_the_catalogue_changes_nothing(source: Path, spec_copy: Path) -> None:
    before = tree(spec_copy)
    assert run_sync(spec_copy, source) == 0
    assert tree(spec_copy) == before


def test_syncing_every_source_of_the_catalogue_changes_nothing(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(spec_copy)
    assert run_sync(spec_copy, "--only", "fal-ai/kling-video/*", "--prefer", "typescript", *catalogue_sources()) == 0
    assert tree(spec_copy) == before
    out = capsys.readouterr().out
    # Prose sync cannot turn into a rule is listed for a maintainer to curate.
    assert "'Each shot has its own prompt and duration; the total duration must not exceed 15s.' reads like a rule over" in out


def test_every_endpoint_has_a_valid_input_and_output_example() -> None:
    for endpoint, info in fal_kling.ENDPOINTS.items():
        spec = _spec(SPECS, endpoint)
        info.input_model.model_validate(spec["examples"]["input"])
        info.output_model.model_validate(spec["examples"]["output"])


def test_a_spec_copy_without_a_type_gets_it_back_from_the_source_that_defines_it(spec_copy: Path) -> None:
    (spec_copy / "types/KlingV3MultiPromptElement.yaml").unlink()
    assert run_sync(spec_copy, "--prefer", "typescript", TYPES, *sorted(OPENAPI.glob("*.json"))) == 0
    restored = _spec(spec_copy, "types/KlingV3MultiPromptElement")
    committed = yaml.safe_load((SPECS / "types/KlingV3MultiPromptElement.yaml").read_text(encoding="utf-8"))
    assert restored == {key: value for key, value in committed.items() if key != "description"}  # the type's description is curated
