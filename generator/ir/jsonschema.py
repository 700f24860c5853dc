"""JSON Schema (draft 2020-12) for endpoint inputs and outputs.

Cross-field rules are stated as far as JSON Schema can (``oneOf``, ``if``/``then``,
``contains``/``maxContains``, a total as the ways of sharing it out) and also carried
verbatim in ``x-fal-rules`` for other tools.  A field is "given" when it holds a value
other than null, or is left out but has a default, matching the models, where ``None``
stands for a field left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..spec.constraints import BY_KEY
from .model import JSON_TYPES, Api, Condition, Endpoint, Field, Model, Rule, TypeRef

DRAFT = "https://json-schema.org/draft/2020-12/schema"
RULES_KEY = "x-fal-rules"
ENDPOINT_KEY = "x-fal-endpoint"

RefFor = Callable[[Model], str]
_NULL = {"type": "null"}
FILE_KEY = "x-fal-file"


def _type_schema(ref: TypeRef, api: Api, ref_for: RefFor) -> dict[str, Any]:
    if ref.kind == "list":
        assert ref.item is not None
        return {"type": "array", "items": _type_schema(ref.item, api, ref_for)}
    if ref.kind == "model":
        assert ref.model is not None
        return {"$ref": ref_for(api.types[ref.model])}
    return {"type": JSON_TYPES[ref.kind]}


def _field_schema(field: Field, api: Api, ref_for: RefFor) -> dict[str, Any]:
    schema = _type_schema(field.type, api, ref_for)
    if field.enum is not None:
        schema["enum"] = list(field.enum)
    for key, value in field.limits.items():
        schema[BY_KEY[key].json_schema] = value
    if not field.required:
        schema = {"anyOf": [schema, _NULL]}
    out: dict[str, Any] = {}
    if field.description:
        out["description"] = field.description
    out.update(schema)
    if field.has_default:
        out["default"] = field.default
    if field.file is not None:
        out[FILE_KEY] = field.file.stated
    return out


def _given(field: Field) -> dict[str, Any]:
    """A payload gives a field when it holds a value other than null, or, for a field with a
    default, when it leaves the field out: fal applies the default (the models agree)."""
    if field.has_default:
        return {"not": {"required": [field.name], "properties": {field.name: _NULL}}}
    return {"required": [field.name], "properties": {field.name: {"not": _NULL}}}


def _all(schemas: list[dict[str, Any]]) -> dict[str, Any]:
    return schemas[0] if len(schemas) == 1 else {"allOf": schemas}


def _holds(condition: Condition, model: Model) -> dict[str, Any]:
    field = model.field(condition.field)
    if condition.present is not None:
        return _given(field) if condition.present else {"not": _given(field)}
    matches: dict[str, Any] = {"properties": {condition.field: {"const": condition.equals}}}
    if field.default != condition.equals or not field.has_default:
        matches["required"] = [condition.field]
    return matches


def _rule_schema(rule: Rule, model: Model, api: Api) -> dict[str, Any]:
    given = {f.name: _given(f) for f in model.fields}
    if rule.kind == "exactly_one_of":
        return {"oneOf": [given[name] for name in rule.fields]}
    if rule.kind == "at_least_one_of":
        return {"anyOf": [given[name] for name in rule.fields]}
    if rule.kind == "mutually_exclusive":
        pairs = [(a, b) for i, a in enumerate(rule.fields) for b in rule.fields[i + 1 :]]
        return _all([{"not": {"allOf": [given[a], given[b]]}} for a, b in pairs])
    if rule.kind == "requires":
        return {"if": given[rule.fields[0]], "then": _all([given[name] for name in rule.requires])}
    if rule.kind == "only_when":
        assert rule.when is not None
        return {"if": given[rule.fields[0]], "then": _holds(rule.when, model)}
    if rule.kind == "max_total":
        assert rule.max is not None
        return _max_total(rule.fields, rule.max, model)
    if rule.kind == "limit_when":
        assert rule.when is not None and rule.file is not None
        return {"if": _holds(rule.when, model), "then": {"properties": {rule.fields[0]: {FILE_KEY: rule.file.stated}}}}
    assert rule.kind == "max_matching" and rule.where is not None and rule.max is not None
    item = model.field(rule.fields[0]).type.item
    assert item is not None and item.model is not None
    contains = _holds(rule.where, api.types[item.model])
    return {"properties": {rule.fields[0]: {"contains": contains, "minContains": 0, "maxContains": rule.max}}}


def _max_total(names: tuple[str, ...], most: int, model: Model) -> dict[str, Any]:
    """At most ``most`` across the fields, a list counting its items and any other field one.
    JSON Schema cannot add up lengths, but the total is within ``most`` exactly when the
    fields fit one of the ways of sharing ``most`` out among them: one branch per share."""
    caps = [None if model.field(name).type.kind == "list" else 1 for name in names]

    def shares(index: int, left: int) -> list[list[int]]:
        if index == len(names) - 1:
            return [[min(left, caps[index] or left)]]
        cap = caps[index]
        return [
            [own, *rest]
            for own in range(min(left, cap if cap is not None else left) + 1)
            for rest in shares(index + 1, left - own)
        ]

    def within(name: str, share: int, cap: int | None) -> dict[str, Any] | None:
        if cap is None:
            return {"anyOf": [{"not": {"type": "array"}}, {"maxItems": share}]}
        return None if share >= cap else {"not": _given(model.field(name))}

    branches = []
    for share in shares(0, most):
        held = {
            name: schema
            for name, n, cap in zip(names, share, caps, strict=True)
            if (schema := within(name, n, cap)) is not None
        }
        parts = [{"properties": {name: schema}} if "anyOf" in schema else schema for name, schema in held.items()]
        branches.append(_all(parts) if parts else {})
    unique = list({json.dumps(b, sort_keys=True): b for b in branches}.values())
    return {"anyOf": unique} if len(unique) > 1 else unique[0]


def model_schema(model: Model, api: Api, ref_for: RefFor, endpoint: Endpoint | None = None) -> dict[str, Any]:
    """The object schema of one model; nested models are referenced through ``ref_for``."""
    schema: dict[str, Any] = {"title": model.name}
    if model.description:
        schema["description"] = model.description
    schema["type"] = "object"
    schema["properties"] = {f.name: _field_schema(f, api, ref_for) for f in model.fields}
    required = [f.name for f in model.required_fields]
    if required:
        schema["required"] = required
    schema["additionalProperties"] = model.direction == "output"
    if model.rules:
        schema["allOf"] = [_rule_schema(rule, model, api) for rule in model.rules]
        schema[RULES_KEY] = [rule.data for rule in model.rules]
    if endpoint is not None:
        schema[ENDPOINT_KEY] = endpoint.id
    return schema


def endpoint_schema(endpoint: Endpoint, model: Model, api: Api) -> dict[str, Any]:
    """A self-contained schema for an endpoint's input or output, nested types in ``$defs``."""

    def ref_for(nested: Model) -> str:
        return f"#/$defs/{nested.name}"

    schema: dict[str, Any] = {"$schema": DRAFT}
    schema.update(model_schema(model, api, ref_for, endpoint))
    # The spec's example, as JSON Schema's annotation: fal_kling.testing answers with it.
    example = endpoint.example_input if model is endpoint.input else endpoint.example_output
    if example is not None:
        schema["examples"] = [example]
    # What fal charges, where a source states it: the package's estimates read it from here.
    if model is endpoint.input and endpoint.pricing is not None:
        schema["x-fal-pricing"] = endpoint.pricing.json
    nested = api.nested(model)
    if nested:
        schema["$defs"] = {m.name: model_schema(m, api, ref_for) for m in nested}
    return schema
