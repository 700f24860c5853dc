"""Every example shown in the generated docs runs and validates against the models."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fal_kling import ENDPOINTS
from fal_kling.testing import FakeFal

from ..conftest import GENERATED

PAGES = sorted(p for p in (GENERATED / "docs").glob("*.md") if p.name != "index.md")


def _blocks(page: Path, language: str) -> list[str]:
    return re.findall(rf"^(`{{3,}}){language}\n(.*?)^\1$", page.read_text(encoding="utf-8"), re.S | re.M)


def _endpoint_id(page: Path) -> str:
    match = re.search(r"Endpoint id: `([^`]+)`", page.read_text(encoding="utf-8"))
    assert match, page
    return match[1]


def test_every_endpoint_has_a_page_linked_from_the_index() -> None:
    index = (GENERATED / "docs/index.md").read_text(encoding="utf-8")
    assert {_endpoint_id(p) for p in PAGES} == set(ENDPOINTS)
    for page in PAGES:
        assert f"]({page.name})" in index


def _versions(markdown: str, heading: str) -> dict[str, list[str]]:
    """Each version heading of the index or README, with the call paths listed under it."""
    found: dict[str, list[str]] = {}
    for title, body in re.findall(rf"^{heading} ([^\n]+)\n(.*?)(?=^{heading} |\Z)", markdown, re.S | re.M):
        found[title] = re.findall(r"`kling\.([\w.]+)", body)
    return found


def test_the_index_and_the_readme_list_every_call_path_by_version() -> None:
    calls = {info.call for info in ENDPOINTS.values()}
    for markdown, heading in (((GENERATED / "docs/index.md").read_text(encoding="utf-8"), "##"), ((GENERATED / "README.md").read_text(encoding="utf-8"), "###")):
        versions = _versions(markdown, heading)
        assert list(versions)[:10] == ["V1", "V1.5", "V1.6", "V2", "V2.1", "V2.5 Turbo", "V2.6", "V3", "O1", "O3"]
        assert list(versions)[-1] == "Other endpoints"
        listed = [call for found in versions.values() for call in found]
        assert sorted(listed) == sorted(calls) and len(listed) == len(calls) == 70
        assert "v3.pro.text_to_video" in versions["V3"] and "o3.uhd_4k.text_to_video" in versions["O3"]
        assert versions["V2.5 Turbo"] == ["v2_5_turbo.pro.image_to_video", "v2_5_turbo.pro.text_to_video", "v2_5_turbo.standard.image_to_video"]
        assert versions["Other endpoints"] == ["create_voice", "video_to_audio"]


@pytest.fixture
def fal() -> Iterator[FakeFal]:
    """The stand-in, answering at the first status poll: the examples need no queue walk."""
    with FakeFal(queue_polls=0, progress_polls=0) as fake:
        yield fake


def test_the_readme_example_is_a_valid_call(fal: FakeFal) -> None:
    (_, code), *_guide = _blocks(GENERATED / "README.md", "python")
    info = ENDPOINTS["fal-ai/kling-video/v3/pro/text-to-video"]
    exec(compile(code, "README.md", "exec"), {"print": lambda *args: None})
    [sent] = fal.submissions
    assert sent.endpoint_id == info.endpoint_id and sent.request_id is not None
    info.input_model.model_validate(sent.payload)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_json_examples_validate(page: Path) -> None:
    info = ENDPOINTS[_endpoint_id(page)]
    blocks = [json.loads(body) for _, body in _blocks(page, "json")]
    assert blocks, f"{page.name} shows no JSON example"
    info.input_model.model_validate(blocks[0])
    for output in blocks[1:]:
        info.output_model.model_validate(output)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_python_example_runs_against_the_client(page: Path, fal: FakeFal) -> None:
    [(_, code)] = _blocks(page, "python")
    info = ENDPOINTS[_endpoint_id(page)]
    fal.set_output(info.endpoint_id, json.loads(_blocks(page, "json")[-1][1]))
    namespace: dict[str, Any] = {"print": lambda *args: None}
    exec(compile(code, str(page), "exec"), namespace)
    [submission] = fal.submissions
    sent = submission.payload
    assert submission.endpoint_id == info.endpoint_id and submission.request_id is not None
    assert info.input_model.model_validate(sent).to_arguments() == sent
    assert isinstance(namespace["result"], info.output_model)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_parameter_table_lists_every_field(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for name in ENDPOINTS[_endpoint_id(page)].input_model.model_fields:
        assert f"| `{name}` |" in text


def test_pages_state_rules_in_words_and_list_output_fields() -> None:
    from falgen.project import Project
    from falgen.render.environment import markdown_text

    from ..conftest import ROOT

    api = Project.at(ROOT, use_cache=False).api()
    for e in api.endpoints:
        text = (GENERATED / "docs" / e.docs_file).read_text(encoding="utf-8")
        output = text[text.index("## Output") :]
        for f in e.output.fields:
            assert f"| `{f.name}` |" in output
        for model in (e.input, *api.nested(e.input)):
            for rule in model.rules:
                assert f"- {markdown_text(rule.summary)}" in text, (e.id, rule.summary)
