"""The models and the shipped JSON Schemas are two renderings of one spec: on every payload
they give the same verdict.

Payloads come from every shipped input and output schema (the real package's and the
golden record's, which uses every rule kind), by hypothesis-jsonschema, from each
schema's structural part (the rules left out, so that payloads both keep and break
them; objects closed, since unknown keys are added below), and from the spec's own
example; then they are mutated: keys dropped, nulled, replaced by values of other JSON
types or numbers out of range, unknown keys added, keys grafted from another payload
(giving two fields that exclude each other), lists grown past their limits or emptied,
at any depth; and each field a rule reads left out, nulled, kept or borrowed, so that
defaults meet the rules that count them.  Each payload is judged by the model and by jsonschema; the verdicts must
agree, and across a schema's run both verdicts must occur, or the run proved nothing.

CI runs a fixed, derandomized sample (a budget of payloads per run, shared by the
schemas); HYPOTHESIS_PROFILE=explore searches 2,000 per schema.
"""

from __future__ import annotations

import copy
import itertools
import json
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

import fal_golden
import fal_kling
from falgen.api import load_api

from ..conftest import GOLDEN, ROOT


Json = Any


@dataclass
class Target:
    label: str
    model: type[pydantic.BaseModel]
    schema: dict[str, Any]
    example: Json
    verdicts: set[bool] = field(default_factory=set)

    def __str__(self) -> str:
        return self.label


def _every_target() -> Iterator[Target]:
    for package, specs in ((fal_kling, ROOT / "specs"), (fal_golden, GOLDEN / "specs")):
        examples = {e.id: e for e in load_api(specs).endpoints}
        for endpoint_id, info in package.ENDPOINTS.items():
            endpoint = examples[endpoint_id]
            yield Target(f"{endpoint_id} input", info.input_model, info.input_schema, endpoint.example_input)
            yield Target(f"{endpoint_id} output", info.output_model, info.output_schema, endpoint.example_output or {})


def _shape(node: Json) -> Json:
    """What decides verdicts: the schema without its names and prose."""
    if isinstance(node, dict):
        return {key: _shape(value) for key, value in node.items() if key not in ("title", "description", "examples", "x-fal-endpoint")}
    if isinstance(node, list):
        return [_shape(value) for value in node]
    return node


def _targets() -> Iterator[Target]:
    """One target per schema shape: the catalogue's tiers (standard, pro, 4K) share most of
    theirs, and each model is rendered from the same spec facts its schema is."""
    seen: set[str] = set()
    for target in _every_target():
        shape = json.dumps(_shape(target.schema), sort_keys=True)
        if shape not in seen:
            seen.add(shape)
            yield target


TARGETS = list(_targets())

# CI's sample is a budget per run, shared by the distinct schemas (at least 20 payloads
# each), so that the run stays under a minute as the catalogue grows.
CI_PAYLOADS = 1200
settings.register_profile(
    "ci", max_examples=max(20, CI_PAYLOADS // len(TARGETS)), deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile("explore", max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _structural(node: Json) -> Json:
    """The schema without its rule assertions (``allOf``) and with its objects closed."""
    if isinstance(node, dict):
        shape = {key: _structural(value) for key, value in node.items() if key != "allOf"}
        if "additionalProperties" in shape:
            shape["additionalProperties"] = False
        return shape
    if isinstance(node, list):
        return [_structural(value) for value in node]
    return node


OTHER_VALUES: list[Json] = [None, True, False, 0, -1, 7, 1.5, 3.0, -0.25, "", "x", "not-a-value", "16", [], {}, [None], {"x": 1}]


def _other_value(draw: st.DrawFn) -> Json:
    """One of :data:`OTHER_VALUES`, as a copy: a later mutation may change what it is given."""
    return copy.deepcopy(draw(st.sampled_from(OTHER_VALUES)))


def _places(value: Json, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Json]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def _at(value: Json, path: tuple[str | int, ...]) -> Json:
    for part in path:
        value = value[part]
    return value


@st.composite
def _mutated(draw: st.DrawFn, payloads: st.SearchStrategy[Json]) -> Json:
    payload = json.loads(json.dumps(draw(payloads)))  # a copy to mutate
    donor = json.loads(json.dumps(draw(payloads)))  # grafts must not reach the shared example
    for _ in range(draw(st.integers(1, 3))):
        path, node = draw(st.sampled_from(list(_places(payload))))
        if isinstance(node, dict):
            kind = draw(st.sampled_from(["drop", "null", "replace", "add", "graft", "nested-number"]))
            keys = sorted(node)
            if kind == "add" or not keys:
                node[draw(st.text(min_size=1, max_size=8))] = _other_value(draw)
            elif kind == "graft":
                try:
                    source = _at(donor, path)
                except (KeyError, IndexError, TypeError):
                    source = None
                if isinstance(source, dict) and source:
                    key = draw(st.sampled_from(sorted(source)))
                    node[key] = source[key]
            else:
                key = draw(st.sampled_from(keys))
                if kind == "drop":
                    del node[key]
                elif kind == "null":
                    node[key] = None
                elif kind == "replace":
                    node[key] = _other_value(draw)
                else:
                    node[key] = draw(st.integers(-(10**6), 10**6) | st.floats(-1e6, 1e6, allow_nan=False))
        elif isinstance(node, list):
            kind = draw(st.sampled_from(["grow", "empty"]))
            if kind == "empty" or not node:
                node.clear()
            else:
                node.extend(node * draw(st.integers(1, 4)))
    return payload


def _model_at(schema: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any] | None:
    """The object schema that describes the payload's object at ``path``, if any."""

    def resolved(node: Any) -> Any:
        while isinstance(node, dict):
            if "$ref" in node:
                node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
            elif "anyOf" in node:  # an optional field: its non-null branch
                node = next(branch for branch in node["anyOf"] if branch != {"type": "null"})
            else:
                return node
        return node

    node = resolved(schema)
    for part in path:
        node = resolved(node.get("properties", {}).get(part) if isinstance(part, str) else node.get("items"))
        if not isinstance(node, dict):
            return None
    return node if node.get("type") == "object" else None


def _rule_fields(rule: dict[str, Any]) -> list[str]:
    return [*rule.get("fields", ()), *([rule["field"]] if "field" in rule else ()), *rule.get("requires", ()), *([rule["when"]["field"]] if "when" in rule else ())]


@st.composite
def _rule_mutated(draw: st.DrawFn, payloads: st.SearchStrategy[Json], schema: dict[str, Any]) -> Json:
    """A payload whose fields under one rule are each set absent, null, kept or borrowed:
    the corners where "given" (with defaults) and the rule's test decide the verdict."""
    payload = json.loads(json.dumps(draw(payloads)))
    donor = json.loads(json.dumps(draw(payloads)))  # grafts must not reach the shared example
    ruled = [(path, node, model) for path, node in _places(payload) if isinstance(node, dict) and (model := _model_at(schema, path)) and model.get("x-fal-rules")]
    if not ruled:
        return payload
    path, node, model = draw(st.sampled_from(ruled))
    rule = draw(st.sampled_from(model["x-fal-rules"]))
    try:
        lender = _at(donor, path)
    except (KeyError, IndexError, TypeError):
        lender = {}
    for name in _rule_fields(rule):
        choice = draw(st.sampled_from(["absent", "null", "keep", "borrow"]))
        if choice == "absent":
            node.pop(name, None)
        elif choice == "null":
            node[name] = None
        elif choice == "borrow" and isinstance(lender, dict) and name in lender:
            node[name] = lender[name]
    return payload


def _payloads(target: Target) -> st.SearchStrategy[Json]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # hypothesis-jsonschema's notes on formats it does not generate
        generated = from_schema(_structural(target.schema))
    example = st.just(target.example)
    return st.one_of(example, generated, _mutated(generated), _mutated(example | generated), _rule_mutated(example | generated, target.schema))


def _model_accepts(model: type[pydantic.BaseModel], payload: Json) -> bool:
    try:
        model.model_validate(payload)
    except pydantic.ValidationError:
        return False
    return True


@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_model_and_schema_agree(target: Target) -> None:
    validator = Draft202012Validator(target.schema)

    @given(payload=_payloads(target))
    def agree(payload: Json) -> None:
        ours, theirs = _model_accepts(target.model, payload), validator.is_valid(payload)
        assert ours == theirs, f"model {'accepts' if ours else 'rejects'}, schema {'accepts' if theirs else 'rejects'}: {json.dumps(payload)}"
        target.verdicts.add(ours)

    agree()
    assert target.verdicts == {True, False}, f"every payload was {'accepted' if True in target.verdicts else 'rejected'}; the run proved little"


def _sample(model: dict[str, Any], name: str) -> Json:
    """Some valid value for field ``name`` of ``model``, when a corner needs it given."""
    node = model["properties"][name]
    if "anyOf" in node:
        node = next(branch for branch in node["anyOf"] if branch != {"type": "null"})
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind in ("integer", "number"):
        return node.get("minimum", 1)
    return {"string": "x", "boolean": True, "array": ["x"] * node.get("minItems", 1) if node.get("items", {}).get("type") == "string" else None}.get(kind)


STATES = ("absent", "null", "given")


@pytest.mark.parametrize("target", [t for t in TARGETS if "x-fal-rules" in json.dumps(t.schema)], ids=str)
def test_every_rule_corner_of_the_example_agrees(target: Target) -> None:
    """Every rule at every place in the example, with each field it reads left out, null,
    or given: where defaults count as given, and where they do not."""
    validator = Draft202012Validator(target.schema)
    corners = 0
    for path, node in list(_places(target.example)):
        model = _model_at(target.schema, path) if isinstance(node, dict) else None
        for rule in (model or {}).get("x-fal-rules", []):
            names = list(dict.fromkeys(_rule_fields(rule)))
            for states in itertools.product(STATES, repeat=len(names)):
                payload = json.loads(json.dumps(target.example))
                place = _at(payload, path)
                for name, state in zip(names, states):
                    if state == "absent":
                        place.pop(name, None)
                    elif state == "null":
                        place[name] = None
                    elif name not in place or place[name] is None:
                        place[name] = _sample(model, name) if model else None
                ours, theirs = _model_accepts(target.model, payload), validator.is_valid(payload)
                assert ours == theirs, f"model {'accepts' if ours else 'rejects'}, schema {'accepts' if theirs else 'rejects'}: {json.dumps(payload)}"
                corners += 1
    assert corners, "the example holds no object with rules"


TRICKY: list[Json] = [None, True, False, 0, 1, -1, 3.0, 2.5, -0.0, 1e300, 10**30, 2**64, "", "x", "3", [], [None], ["x"], {}, {"x": 1}]


def _tricky(model: dict[str, Any], name: str) -> list[Json]:
    """Values that probe one field: the shared list, plus its bounds, and its enum values
    written in other types (``20.0`` for ``20``, ``"5"`` for ``5``)."""
    node = model["properties"][name]
    if "anyOf" in node:
        node = next(branch for branch in node["anyOf"] if branch != {"type": "null"})
    values = list(TRICKY)
    for bound in (node.get("minimum"), node.get("maximum")):
        if bound is not None:
            values += [bound, bound - 1, bound + 1, float(bound), bound - 0.5, bound + 0.5]
    for value in node.get("enum", ()):
        values += [value, str(value), float(value) if isinstance(value, int) else value + "x" if isinstance(value, str) else value]
    for limit in (node.get("minItems"), node.get("maxItems")):
        if limit is not None:
            values += [["x"] * max(limit - 1, 0), ["x"] * (limit + 1)]
    return values


@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_every_field_of_the_example_agrees_on_tricky_values(target: Target) -> None:
    validator = Draft202012Validator(target.schema)
    probes = 0
    for path, node in list(_places(target.example)):
        model = _model_at(target.schema, path) if isinstance(node, dict) else None
        if model is None:
            continue
        for name in model.get("properties", {}):
            for value in _tricky(model, name):
                payload = json.loads(json.dumps(target.example))
                _at(payload, path)[name] = value
                ours, theirs = _model_accepts(target.model, payload), validator.is_valid(payload)
                assert ours == theirs, f"model {'accepts' if ours else 'rejects'}, schema {'accepts' if theirs else 'rejects'}: {json.dumps(payload)}"
                probes += 1
    assert probes
