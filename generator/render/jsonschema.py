"""JSON Schema (draft 2020-12) for endpoint inputs and outputs.

Cross-field rules are stated as far as JSON Schema can (``oneOf``, ``if``/``then``,
``contains``/``maxContains``) and also carried verbatim in ``x-fal-rules``, which is
where the model renderer and other tools read them from.  "Given" means present and
not null, matching the models, where ``None`` stands for a field left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..ir import Api, Condition, Endpoint, Field, Model, Rule, TypeRef

DRAFT = "https://json-schema.org/draft/2020-12/schema"
RULES_KEY = "x-fal-rules"
ENDPOINT_KEY = "x-fal-endpoint"

RefFor = Callable[[Model], str]
_NULL = {"type": "null"}
_SCALAR_TYPES = {"string": "string", "integer": "integer", "float": "number", "boolean": "boolean"}


def _type_schema(ref: TypeRef, api: Api, ref_for: RefFor) -> dict[str, Any]:
    if ref.kind == "list":
        assert ref.item is not None
        return {"type": "array", "items": _type_schema(ref.item, api, ref_for)}
    if ref.kind == "model":
        assert ref.model is not None
        return {"$ref": ref_for(api.types[ref.model])}
    return {"type": _SCALAR_TYPES[ref.kind]}


def _field_schema(field: Field, api: Api, ref_for: RefFor, assertions: bool) -> dict[str, Any]:
    schema = _type_schema(field.type, api, ref_for)
    if field.enum is not None:
        schema["enum"] = list(field.enum)
    for key, value in (
        ("minimum", field.minimum),
        ("maximum", field.maximum),
        ("minItems", field.min_items),
        ("maxItems", field.max_items),
    ):
        if value is not None:
            schema[key] = value
    if assertions and not field.required:
        schema = {"anyOf": [schema, _NULL]}
    out: dict[str, Any] = {}
    if field.description:
        out["description"] = field.description
    out.update(schema)
    if field.has_default:
        out["default"] = field.default
    return out


def _given(name: str) -> dict[str, Any]:
    return {"required": [name], "properties": {name: {"not": _NULL}}}


def _holds(condition: Condition, model: Model) -> dict[str, Any]:
    if condition.present is not None:
        return _given(condition.field) if condition.present else {"not": _given(condition.field)}
    field = model.field(condition.field)
    matches: dict[str, Any] = {"properties": {condition.field: {"const": condition.equals}}}
    if field.default != condition.equals or not field.has_default:
        matches["required"] = [condition.field]
    return matches


def _rule_schema(rule: Rule, model: Model, api: Api) -> dict[str, Any]:
    if rule.kind == "exactly_one_of":
        return {"oneOf": [_given(name) for name in rule.fields]}
    if rule.kind == "at_least_one_of":
        return {"anyOf": [_given(name) for name in rule.fields]}
    if rule.kind == "mutually_exclusive":
        pairs = [(a, b) for i, a in enumerate(rule.fields) for b in rule.fields[i + 1 :]]
        return {"allOf": [{"not": {"allOf": [_given(a), _given(b)]}} for a, b in pairs]}
    if rule.kind == "requires":
        then: dict[str, Any] = {"properties": {name: {"not": _NULL} for name in rule.requires}}
        needed = [name for name in rule.requires if not model.field(name).has_default]
        if needed:
            then["required"] = needed
        return {"if": _given(rule.fields[0]), "then": then}
    if rule.kind == "only_when":
        assert rule.when is not None
        return {"if": _given(rule.fields[0]), "then": _holds(rule.when, model)}
    assert rule.kind == "max_matching" and rule.where is not None and rule.max is not None
    item = model.field(rule.fields[0]).type.item
    assert item is not None and item.model is not None
    contains = _holds(rule.where, api.types[item.model])
    return {"properties": {rule.fields[0]: {"contains": contains, "minContains": 0, "maxContains": rule.max}}}


def model_schema(
    model: Model, api: Api, ref_for: RefFor, endpoint: Endpoint | None = None, *, assertions: bool = True
) -> dict[str, Any]:
    """The object schema of one model; nested models are referenced through ``ref_for``.

    Without ``assertions`` it is the structural view the model generator reads: no null
    branches and no rule combinators, which it would otherwise turn into extra classes;
    the rules still travel in ``x-fal-rules``.
    """
    schema: dict[str, Any] = {"title": model.name}
    if model.description:
        schema["description"] = model.description
    schema["type"] = "object"
    schema["properties"] = {f.name: _field_schema(f, api, ref_for, assertions) for f in model.fields}
    required = [f.name for f in model.required_fields]
    if required:
        schema["required"] = required
    if assertions:
        schema["additionalProperties"] = model.direction == "output"
    if model.rules:
        if assertions:
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
    nested = api.nested(model)
    if nested:
        schema["$defs"] = {m.name: model_schema(m, api, ref_for) for m in nested}
    return schema


def def_name(model: Model) -> str:
    """The combined schema's key for a model; the dotted prefix becomes its module."""
    return f"{model.module}.{model.name}"


def combined_schema(api: Api) -> dict[str, Any]:
    """Every model, structural view, in one document keyed ``module.Class``: one
    generator run splits it into one module per endpoint plus the shared ``types``."""

    def ref_for(nested: Model) -> str:
        return f"#/$defs/{def_name(nested)}"

    defs = {def_name(m): model_schema(m, api, ref_for, assertions=False) for m in api.types.values()}
    for endpoint in api.endpoints:
        for model in (endpoint.input, endpoint.output):
            defs[def_name(model)] = model_schema(model, api, ref_for, endpoint, assertions=False)
    return {"$schema": DRAFT, "$defs": defs}
