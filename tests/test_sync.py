"""`falgen sync`: fal's docs pages in, spec updates out.

The seed pages are the ground truth: syncing them over the committed specs must change
nothing, and re-creating a deleted spec from its page must give back the committed spec
except for the curated additions listed below.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import socket
import threading
import time
from collections.abc import Iterator
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

from .conftest import SAMPLES, SEEDS, SPECS

V3_STANDARD = SEEDS / "000_986c42b229b0df53.txt"
V3_STANDARD_I2V_TEXT = SEEDS / "001_02f7dc2ad987527e.txt"
V3_PRO_T2V_TEXT = SEEDS / "002_7f3310b9b05174e4.txt"
V1_STANDARD = SEEDS / "003_94d3f44664e3247c.txt"
FRAGMENT = SEEDS / "004_710e8a990357039a.txt"
V1_T2V_LLMS = SAMPLES / "kling-video-v1-standard-text-to-video.llms.txt"
PAGES = [V3_STANDARD, V3_STANDARD_I2V_TEXT, V3_PRO_T2V_TEXT, V1_STANDARD, V1_T2V_LLMS]

# What the committed specs hold beyond their pages; a round trip must lose exactly this.
CURATED: dict[str, list[str]] = {
    "fal-ai/kling-video/v3/standard/image-to-video": [
        '+ input.rules[2]: {"kind": "max_matching", "field": "elements", "where": {"field": "vid…',
    ],
    "fal-ai/kling-video/v3/standard/text-to-video": [
        '+ input.rules[1]: {"kind": "requires", "field": "multi_prompt", "requires": ["shot_type…',
    ],
    "fal-ai/kling-video/v3/pro/text-to-video": [
        '+ input.rules[1]: {"kind": "requires", "field": "multi_prompt", "requires": ["shot_type…',
    ],
}
# Pages whose own example breaks their own schema: alone, they cannot make a valid spec.
UNSYNCABLE = {"fal-ai/kling-video/v1/standard/ai-avatar": "output example: 'duration' is a required property"}
# The pages each endpoint's spec is built from (V1 text-to-video's summary is its llms.txt one).
SOURCES: dict[str, list[Path]] = {
    "fal-ai/kling-video/v3/standard/image-to-video": [V3_STANDARD],
    "fal-ai/kling-video/v3/standard/text-to-video": [V3_STANDARD],
    "fal-ai/kling-video/v3/standard/motion-control": [V3_STANDARD],
    "fal-ai/kling-video/v3/pro/text-to-video": [V3_PRO_T2V_TEXT],
    "fal-ai/kling-video/v1/standard/image-to-video": [V1_STANDARD],
    "fal-ai/kling-video/v1/standard/text-to-video": [V1_STANDARD, V1_T2V_LLMS],
    "fal-ai/kling-video/v1/standard/ai-avatar": [V1_STANDARD],
    "fal-ai/kling-video/v1/standard/effects": [V1_STANDARD],
}


def _sync(specs: Path, *args: str | Path) -> int:
    return main(["--specs", str(specs), "sync", *map(str, args)])


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


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
    before = _tree(spec_copy)
    assert _sync(spec_copy, page) == 0
    out = capsys.readouterr().out
    assert _tree(spec_copy) == before
    assert out.rstrip().endswith("nothing to change")
    endpoints = [line for line in out.splitlines() if line.startswith("fal-ai/")]
    assert endpoints and all(line.endswith(": up to date") for line in endpoints)


def test_syncing_every_seed_page_at_once_changes_nothing(spec_copy: Path) -> None:
    before = _tree(spec_copy)
    assert _sync(spec_copy, *PAGES) == 0
    assert _tree(spec_copy) == before


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
    # It has no summary either, so it states none (the MDX one is page-wide).
    assert text.summary is None and mdx.summary is not None and not mdx.summary_is_specific


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


@pytest.mark.parametrize("endpoint", sorted(set(SOURCES) - set(UNSYNCABLE)))
def test_a_deleted_spec_comes_back_from_its_page_except_curated_additions(endpoint: str, spec_copy: Path) -> None:
    path = _spec_path(spec_copy, endpoint)
    committed = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.unlink()
    assert _sync(spec_copy, *SOURCES[endpoint]) == 0
    resynced = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert changes(resynced, committed) == CURATED.get(endpoint, [])


@pytest.mark.parametrize("endpoint", sorted(UNSYNCABLE))
def test_a_page_whose_example_breaks_its_schema_cannot_recreate_a_spec(endpoint: str, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _spec_path(spec_copy, endpoint)
    path.unlink()
    before = _tree(spec_copy)
    assert _sync(spec_copy, *SOURCES[endpoint]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and UNSYNCABLE[endpoint] in err
    assert _tree(spec_copy) == before


def test_a_new_endpoint_on_a_page_creates_its_spec_file(spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(V3_PRO_T2V_TEXT.read_text().replace("v3/pro/text-to-video", "v3/pro/text-to-video-turbo"))
    assert _sync(spec_copy, page) == 0
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
    assert _sync(spec_copy, page) == 0
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
    before = _tree(spec_copy)
    assert _sync(spec_copy, page, "--dry-run") == 0
    out = capsys.readouterr().out
    assert _tree(spec_copy) == before
    assert "fal-ai/kling-video/v3/standard/image-to-video: would change" in out
    assert "  ~ input.fields.cfg_scale.maximum: 1 → 2" in out
    assert out.rstrip().endswith("2 spec files would be written (dry run)")


def test_a_field_the_page_drops_from_its_example_is_kept_only_while_the_field_exists(spec_copy: Path) -> None:
    """ai-avatar's curated output example value survives a sync of its page."""
    assert _sync(spec_copy, V1_STANDARD) == 0
    spec = yaml.safe_load(_spec_path(spec_copy, "fal-ai/kling-video/v1/standard/ai-avatar").read_text())
    assert spec["examples"]["output"]["duration"] == 5.0


def test_limitations_apply_only_to_endpoints_with_the_field(capsys: pytest.CaptureFixture[str], spec_copy: Path) -> None:
    assert _sync(spec_copy, V3_PRO_T2V_TEXT) == 0
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
    assert list(motion.rules) == [
        {
            "kind": "only_when",
            "field": "elements",
            "when": {"field": "character_orientation", "equals": "video"},
            "description": "Element binding is only supported when character_orientation is 'video'.",
        }
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
    before = _tree(spec_copy)
    # A good page alongside changes nothing either: sync is all or nothing.
    assert _sync(spec_copy, _edited_v3_page(tmp_path), page) == 2
    captured = capsys.readouterr()
    assert f"{page}: {message}" in captured.err
    assert "no spec was changed" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert _tree(spec_copy) == before


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
    before = _tree(spec_copy)
    assert _sync(spec_copy, page) == 2
    err = capsys.readouterr().err
    assert str(page) in err and message in err
    assert _tree(spec_copy) == before


def test_a_page_whose_result_would_not_be_a_valid_spec_writes_nothing(spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.mdx"
    page.write_text(V3_STANDARD.read_text().replace("list<KlingV3MultiPromptElement>", "list<KlingV4PromptElement>"))
    before = _tree(spec_copy)
    assert _sync(spec_copy, page) == 2
    err = capsys.readouterr().err
    assert "the synced specs would not be valid, so nothing was written" in err
    assert f"{spec_copy}/fal-ai/kling-video/v3/standard/image-to-video.yaml:" in err
    assert "KlingV4PromptElement" in err
    assert _tree(spec_copy) == before


def test_format_can_be_forced(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _sync(spec_copy, V3_PRO_T2V_TEXT, "--format", "text", "--dry-run") == 0
    assert "fal-ai/kling-video/v3/pro/text-to-video: up to date" in capsys.readouterr().out
    assert _sync(spec_copy, V3_PRO_T2V_TEXT, "--format", "llms") == 2
    assert "no '**Model ID**:' line found" in capsys.readouterr().err


def test_unknown_format_is_a_usage_error(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _sync(spec_copy, V3_PRO_T2V_TEXT, "--format", "html")
    assert exit_info.value.code == 2
    assert "invalid choice: 'html'" in capsys.readouterr().err


def test_syncing_into_a_missing_specs_directory_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _sync(tmp_path / "nowhere", V3_PRO_T2V_TEXT) == 2
    assert "specs directory not found" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()


def test_an_empty_range_is_rejected(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _mdx_page(tmp_path, '    <ParamField body="prompt" type="string">\n      Prompt.\n    </ParamField>\n    <ParamField body="steps" type="integer">\n      Steps.\n\n      Range: `10` to `1`\n    </ParamField>\n')
    assert _sync(spec_copy, page) == 2
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
    before = _tree(spec_copy)
    assert _sync(spec_copy, f"{docs_server}/v3-pro-t2v", f"{docs_server}/v3-standard.mdx") == 0
    out = capsys.readouterr().out
    assert "fal-ai/kling-video/v3/pro/text-to-video: up to date" in out
    assert "fal-ai/kling-video/v3/standard/motion-control: up to date" in out
    assert f"note: {docs_server}/v3-pro-t2v: limitation on character_orientation not applicable" in out
    assert _tree(spec_copy) == before


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
    before = _tree(spec_copy)
    assert main(["--specs", str(spec_copy), "sync", *args, f"{docs_server}{route}"]) == 2
    err = capsys.readouterr().err
    assert f"{docs_server}{route}: {message}" in err
    assert "Traceback" not in err
    assert _tree(spec_copy) == before


def test_an_unreachable_host_is_a_clear_error(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert _sync(spec_copy, f"http://127.0.0.1:{port}/page") == 2
    assert f"http://127.0.0.1:{port}/page: cannot be fetched: [Errno 111] Connection refused" in capsys.readouterr().err


def test_an_endpoint_id_that_is_not_a_path_of_names_is_rejected(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(V3_PRO_T2V_TEXT.read_text().replace("Endpoint ID: fal-ai/kling-video/v3/pro/text-to-video", "Endpoint ID: ../../outside"))
    before = _tree(spec_copy)
    assert _sync(spec_copy, page) == 2
    assert "'../../outside' is not a fal endpoint id" in capsys.readouterr().err
    assert _tree(spec_copy) == before and not (spec_copy.parent / "outside.yaml").exists()


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
    before = _tree(spec_copy)
    try:
        code = main(["--specs", str(spec_copy), "sync", *args])
    except SystemExit as exit:  # argparse's usage errors
        code = int(str(exit.code))
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert _tree(spec_copy) == before


def test_a_fifo_page_is_refused_not_waited_on(tmp_path: Path, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "page.txt"
    os.mkfifo(fifo)
    assert _sync(spec_copy, fifo) == 2
    assert f"{fifo}: is not a regular file (a FIFO, device or socket?); only regular files are read" in capsys.readouterr().err


def test_pages_are_read_up_to_the_size_limit(tmp_path: Path, spec_copy: Path, docs_server: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_PAGE_BYTES + 1)  # sparse: 32 MiB of nothing, costing no disk
    assert _sync(spec_copy, huge) == 2
    assert f"{huge}: is larger than 32 MiB, the most falgen reads from one file" in capsys.readouterr().err
    monkeypatch.setattr("falgen.sync.source.MAX_PAGE_BYTES", 1000)  # the served page is 1,000+ bytes
    assert _sync(spec_copy, f"{docs_server}/v3-pro-t2v") == 2
    assert f"{docs_server}/v3-pro-t2v: is larger than 1000 bytes, the most falgen reads from one page" in capsys.readouterr().err
