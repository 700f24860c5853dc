"""Every example shown in the generated docs runs and validates against the models."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from fal_kling import ENDPOINTS

from .conftest import GENERATED
from .test_client import FakeQueue, queue  # noqa: F401  (fixture)

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


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_json_examples_validate(page: Path) -> None:
    info = ENDPOINTS[_endpoint_id(page)]
    blocks = [json.loads(body) for _, body in _blocks(page, "json")]
    assert blocks, f"{page.name} shows no JSON example"
    info.input_model.model_validate(blocks[0])
    for output in blocks[1:]:
        info.output_model.model_validate(output)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_python_example_runs_against_the_client(page: Path, queue: FakeQueue) -> None:  # noqa: F811
    [(_, code)] = _blocks(page, "python")
    queue.output = json.loads(_blocks(page, "json")[-1][1])
    namespace: dict[str, Any] = {"print": lambda *args: None}
    exec(compile(code, str(page), "exec"), namespace)
    sent = json.loads(queue.submitted.content)
    info = ENDPOINTS[_endpoint_id(page)]
    assert str(queue.submitted.url).endswith(info.endpoint_id)
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

    from .conftest import ROOT

    api = Project.at(ROOT, use_cache=False).api()
    for e in api.endpoints:
        text = (GENERATED / "docs" / e.docs_file).read_text(encoding="utf-8")
        output = text[text.index("## Output") :]
        for f in e.output.fields:
            assert f"| `{f.name}` |" in output
        for model in (e.input, *api.nested(e.input)):
            for rule in model.rules:
                assert f"- {markdown_text(rule.summary)}" in text, (e.id, rule.summary)
