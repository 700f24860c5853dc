"""Every fact fal's OpenAPI documents state is in the JSON Schema fal-kling ships.

Each of the 42 documents in ``../shared/fal/openapi`` is read here on its own terms (not
through falgen's reader): the request body and result schemas, ``$ref``/``allOf``
wrappers, nullable ``anyOf`` unions.  Each field's presence and place in the order, required-ness, type,
enum, default, range, string length, list size and file limits (``x-fal``), through every
nested type, must be in the shipped schema, except a fact the spec records as decided for a newer source
(``preferred``: fal's TypeScript types of 2026-08 are newer than these documents).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import fal_kling

from ..conftest import SHARED, SPECS

DOCUMENTS = sorted((SHARED / "fal/openapi").glob("*.openapi.json"))
Json = Any
# OpenAPI keyword → JSON Schema keyword in the shipped schemas (the same in 3.0 and 2020-12).
FACTS = ("type", "enum", "default", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems")
SPEC_KEYS = {"enum": "enum", "default": "default", "minimum": "minimum", "maximum": "maximum", "minLength": "min_length",
             "maxLength": "max_length", "minItems": "min_items", "maxItems": "max_items", "type": "type"}


def _unwrapped(node: Json, resolve: Any) -> Json:
    """A property schema without its wrappers: ``$ref``, a one-item ``allOf``, ``anyOf`` with null."""
    while True:
        if "$ref" in node:
            node = {**resolve(node["$ref"]), **{k: v for k, v in node.items() if k != "$ref"}}
        elif "allOf" in node and len(node["allOf"]) == 1:
            node = {**_unwrapped(node["allOf"][0], resolve), **{k: v for k, v in node.items() if k != "allOf"}}
        elif "anyOf" in node and len([o for o in node["anyOf"] if o.get("type") != "null"]) == 1:
            [option] = [o for o in node["anyOf"] if o.get("type") != "null"]
            node = {**_unwrapped(option, resolve), **{k: v for k, v in node.items() if k != "anyOf"}}
        else:
            return node


def _object(schema: Json, resolve: Any) -> Json:
    return _unwrapped(schema, resolve)


def _facts(obj: Json, resolve: Any, path: str, seen: set[str]) -> Iterator[tuple[str, str, Json]]:
    """(path, fact, value) for every fact an object schema states, nested types included."""
    properties = obj.get("properties", {})
    # The order: OpenAPI states it with x-fal-order-properties; the shipped schema by its own.
    yield path, "fields", obj.get("x-fal-order-properties") or list(properties)
    yield path, "required", sorted(obj.get("required", []))
    for name, prop in properties.items():
        node = _unwrapped(prop, resolve)
        where = f"{path}.{name}"
        for fact in FACTS:
            if fact in node and not (fact == "type" and node[fact] == "object"):
                yield where, fact, node[fact]
        items_limits = _unwrapped(node["items"], resolve).get("x-fal", {}) if node.get("type") == "array" and "items" in node else {}
        for limit, value in {**items_limits, **node.get("x-fal", {}), **node.get("x-fal-file", {})}.items():
            if limit != "kind":
                yield where, f"x-fal {limit}", value
        items = _unwrapped(node["items"], resolve) if node.get("type") == "array" and "items" in node else None
        if items is not None:
            for fact in ("type", "enum", "minimum", "maximum", "minLength", "maxLength"):
                if fact in items and not (fact == "type" and items[fact] == "object"):
                    yield f"{where}[]", fact, items[fact]
        nested = items if items is not None else node
        if "properties" in nested:
            key = json.dumps(nested, sort_keys=True)
            if key not in seen:
                seen.add(key)
                yield from _facts(nested, resolve, f"{where}{'[]' if items is not None else ''}", seen)


def _openapi(document: Path) -> tuple[str, Json, Json, Any]:
    doc = json.loads(document.read_text(encoding="utf-8"))
    endpoint = doc["info"]["x-fal-metadata"]["endpointId"]
    schemas = doc["components"]["schemas"]

    def resolve(ref: str) -> Json:
        return schemas[ref.rsplit("/", 1)[1]]

    request = doc["paths"][f"/{endpoint}"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    result = doc["paths"][f"/{endpoint}/requests/{{request_id}}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return endpoint, _object(request, resolve), _object(result, resolve), resolve


def _shipped(schema: Json) -> Any:
    def resolve(ref: str) -> Json:
        return schema["$defs"][ref.rsplit("/", 1)[1]]

    return resolve


def _overruled(endpoint: str) -> set[tuple[str, str]]:
    """(path, fact) pairs the spec records as decided for a newer source than OpenAPI."""
    spec = yaml.safe_load(SPECS.joinpath(*endpoint.split("/")).with_suffix(".yaml").read_text(encoding="utf-8"))
    found = set()
    for path, kind in (spec.get("preferred") or {}).items():
        parts = path.split(".")
        facts = [k for k, v in SPEC_KEYS.items() if v == parts[-1]]
        if kind != "openapi" and len(parts) == 4 and parts[1] == "fields" and facts:
            found.add((f"{parts[0]}.{parts[2]}", facts[0]))
        elif kind != "openapi" and len(parts) == 5 and parts[3] == "file":
            found.add((f"{parts[0]}.{parts[2]}", f"x-fal {parts[4]}"))
        elif kind != "openapi" and len(parts) == 2 and parts[1] == "fields":
            found.add((parts[0], "fields"))
    return found


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name.removesuffix(".openapi.json"))
def test_every_fact_of_the_document_is_in_the_shipped_schema(document: Path) -> None:
    endpoint, request, result, resolve = _openapi(document)
    info = fal_kling.ENDPOINTS[endpoint]
    overruled = _overruled(endpoint)
    missing = []
    compared = 0
    for which, stated, shipped in (("input", request, info.input_schema), ("output", result, info.output_schema)):
        theirs = {(p, f): v for p, f, v in _facts(stated, resolve, which, set())}
        ours = {(p, f): v for p, f, v in _facts(shipped, _shipped(shipped), which, set())}
        for key, value in theirs.items():
            compared += 1
            if key in overruled:
                continue
            if key not in ours or json.dumps(ours[key]) != json.dumps(value):
                missing.append(f"{key[0]} {key[1]}: the document says {json.dumps(value)[:80]}, the schema {json.dumps(ours.get(key))[:80]}")
    assert compared > 10
    assert not missing, "\n".join(missing)


def test_every_document_is_one_of_the_catalogue() -> None:
    assert len(DOCUMENTS) == 42
    assert {_openapi(d)[0] for d in DOCUMENTS} <= set(fal_kling.ENDPOINTS)
