"""The constraint table (``falgen.spec.constraints``) walked through every stage: each
keyword is a spec key, an IR limit, a pydantic keyword in the models, a JSON Schema
keyword, worded in the docs, weighed by the diff, and read back by sync from an OpenAPI
document.  A keyword added to the table and missed by a stage fails here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from falgen.api import load_api
from falgen.diff import SpecSet, diff_specs
from falgen.ir.jsonschema import endpoint_schema
from falgen.render.python import field_arguments
from falgen.spec.constraints import CONSTRAINTS, PAIRS, Constraint, words
from falgen.spec.model import EndpointSpec, FieldSpec
from falgen.sync.facts import SPEAKS_FOR, page_facts
from falgen.sync.formats import read_page

ENDPOINT = "fal-ai/kling-video/v9/limits"
TYPES = {"number": "float", "string": "string", "list": "list[string]"}
VALUES = {"lower": 2, "upper": 5}


def _spec(constraint: Constraint, value: int) -> dict[str, Any]:
    field = {"type": TYPES[constraint.applies_to], constraint.key: value}
    return {
        "endpoint": ENDPOINT,
        "title": "Limits",
        "input": {"fields": {"x": field}},
        "output": {"fields": {"y": {"type": "string", "required": True}}},
        "examples": {"input": {}, "output": {"y": "z"}},
    }


def _api(tmp_path: Path, spec: dict[str, Any]) -> Any:
    path = tmp_path.joinpath(*ENDPOINT.split("/")).with_suffix(".yaml")
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return load_api(tmp_path)


def test_the_spec_model_declares_exactly_the_tables_keys() -> None:
    numeric = {name for name, info in FieldSpec.model_fields.items() if name not in ("type", "description", "required", "default", "enum", "file")}
    assert numeric == {c.key for c in CONSTRAINTS}
    assert all(c.bound in ("lower", "upper") for c in CONSTRAINTS)
    assert {(low.applies_to, low.bound, high.bound) for low, high in PAIRS} == {(kind, "lower", "upper") for kind in TYPES}


@pytest.mark.parametrize("constraint", CONSTRAINTS, ids=lambda c: c.key)
def test_a_constraint_reaches_every_stage(constraint: Constraint, tmp_path: Path) -> None:
    value = VALUES[constraint.bound]
    api = _api(tmp_path, _spec(constraint, value))
    endpoint = api.endpoints[0]
    field = endpoint.input.fields[0]
    # IR
    assert dict(field.limits) == {constraint.key: value}
    # models
    assert f"{constraint.pydantic}={value}" in field_arguments(field)
    # JSON Schema
    schema = endpoint_schema(endpoint, endpoint.input, api)
    held = json.dumps(schema["properties"]["x"])
    assert f'"{constraint.json_schema}": {value}' in held
    # docs
    [phrase] = words(field.limits)
    assert str(value) in phrase and (constraint.noun is None or constraint.noun[1] in phrase)
    # diff: moving the bound the tightening way is breaking for an input, the other way not
    tighter, looser = (value + 1, value - 1) if constraint.tightens_upward else (value - 1, value + 1)
    for moved, severity in ((tighter, "breaking"), (looser, "non-breaking")):
        [change] = diff_specs(SpecSet({ENDPOINT: EndpointSpec.model_validate(_spec(constraint, value))}), SpecSet({ENDPOINT: EndpointSpec.model_validate(_spec(constraint, moved))}))
        assert (change.path, change.change, change.severity) == (f"input.x.{constraint.key}", f"{constraint.category}-{'narrowed' if severity == 'breaking' else 'widened'}", severity)
    # sync: an OpenAPI document stating the keyword gives the spec key back
    facts = _openapi_facts(constraint, value)
    assert facts[constraint.key] == value
    # and a source whose kind states it whenever it holds denies it by silence
    for kind in constraint.stated_whenever_it_holds_by:
        assert constraint.key in SPEAKS_FOR[kind]  # type: ignore[index]


def _openapi_facts(constraint: Constraint, value: int) -> dict[str, Any]:
    item = {"type": "string"}
    prop: dict[str, Any] = {"array": {"type": "array", "items": item}, "string": {"type": "string"}, "number": {"type": "number"}}[
        {"list": "array", "string": "string", "number": "number"}[constraint.applies_to]
    ]
    prop = {**prop, constraint.json_schema: value, "title": "X"}
    document = {
        "openapi": "3.0.4",
        "info": {"title": "t", "version": "1", "x-fal-metadata": {"endpointId": ENDPOINT}},
        "paths": {
            f"/{ENDPOINT}": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/In"}}}},
                                      "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}}}}}},
            f"/{ENDPOINT}/requests/{{request_id}}": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}}}}}},
        },
        "components": {"schemas": {
            "In": {"type": "object", "properties": {"x": prop}},
            "Out": {"type": "object", "properties": {"y": {"type": "string"}}, "required": ["y"]},
        }},
    }
    text = json.dumps(document)
    page = page_facts(read_page("doc.json", text))
    found: dict[str, Any] = page.endpoints[0].input.fields["x"]
    return found
