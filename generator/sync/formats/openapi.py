"""fal's OpenAPI 3.0 documents: one endpoint's (``fal-ai__kling-video__….openapi.json``), or
the model catalogue's ``{"models": [{"endpoint_id": …, "openapi": {…}}, …]}``.

An endpoint's input is the schema its POST request body references; its output, the schema
of a completed request's response (``GET …/requests/{request_id}``).  Properties come as
fal writes them: ``$ref``, an ``allOf`` of one reference (to give it a description), an
``anyOf`` of a schema and ``null`` (an optional field), arrays with ``items``; ``x-fal``
holds the limits on a file a URL points to, ``x-fal-order-properties`` the field order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..page import EndpointFilter, PageError, RawEndpoint, RawField, RawPage, RawType, check_picked
from ...spec.constraints import BY_KEY, CONSTRAINTS

Schema = dict[str, Any]
FILE_LIMITS = (
    "max_file_size",
    "min_width",
    "max_width",
    "min_height",
    "max_height",
    "min_aspect_ratio",
    "max_aspect_ratio",
    "min_duration",
    "max_duration",
    "min_fps",
    "max_fps",
    "timeout",
)
_SCALARS = {"string": "string", "integer": "integer", "number": "float", "boolean": "boolean"}


def is_json(content: str) -> bool:
    """JSON is read as OpenAPI, whose reader says what it finds instead when it is not."""
    return content.lstrip()[:1] in ("{", "[")


def read(source: str, content: str, wanted: EndpointFilter) -> RawPage:
    """The endpoints ``wanted`` picks from a document or catalogue."""
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, RecursionError) as error:
        raise PageError(source, f"is not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise PageError(
            source,
            f"is a JSON {type(document).__name__}, not an OpenAPI document or fal's model catalogue (both are JSON"
            " objects)",
        )
    if "models" in document:
        documents = list(_catalogue(source, document))
    elif "openapi" in document:
        documents = [(_endpoint_id(source, document), document)]
    else:
        raise PageError(
            source,
            f"is JSON with keys {', '.join(sorted(document)[:6])}: neither an OpenAPI document (no 'openapi' key) nor"
            " fal's model catalogue (no 'models' list)",
        )
    picked = [(endpoint_id, doc) for endpoint_id, doc in documents if wanted(endpoint_id)]
    check_picked(source, [endpoint_id for endpoint_id, _ in picked])
    endpoints = tuple(_Document(source, endpoint_id, doc).read() for endpoint_id, doc in picked)
    return RawPage(source=source, format="openapi", endpoints=endpoints)


def _catalogue(source: str, document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    models = document["models"]
    if not isinstance(models, list):
        raise PageError(source, "'models' is not a list: not fal's model catalogue")
    for index, entry in enumerate(models):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("endpoint_id"), str)
            or not isinstance(entry.get("openapi"), dict)
        ):
            raise PageError(source, f"models[{index}] has no 'endpoint_id' and 'openapi' document")
        yield entry["endpoint_id"], entry["openapi"]


def _endpoint_id(source: str, document: dict[str, Any]) -> str:
    metadata = document.get("info", {}).get("x-fal-metadata", {})
    found = metadata.get("endpointId") if isinstance(metadata, dict) else None
    if isinstance(found, str):
        return found
    posts = [
        str(path).strip("/")
        for path, item in document.get("paths", {}).items()
        if isinstance(item, dict) and "post" in item and "/requests/" not in str(path)
    ]
    if len(posts) == 1:
        return posts[0]
    raise PageError(
        source,
        "an OpenAPI document, but not fal's: no info.x-fal-metadata.endpointId and no single POST path to take the"
        " endpoint id from",
    )


class _Document:
    def __init__(self, source: str, endpoint_id: str, document: dict[str, Any]) -> None:
        self.source = source
        self.endpoint = endpoint_id
        self.document = document
        schemas = document.get("components", {}).get("schemas")
        if not isinstance(schemas, dict):
            raise self.error("an OpenAPI document without components.schemas")
        self.schemas: dict[str, Schema] = schemas
        self.types: dict[str, RawType] = {}

    def error(self, message: str) -> PageError:
        return PageError(self.source, f"{self.endpoint}: {message}")

    def read(self) -> RawEndpoint:
        paths = self.document.get("paths", {})
        request = paths.get(f"/{self.endpoint}", {}).get("post", {})
        input_ref = (
            request.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
        )
        result = paths.get(f"/{self.endpoint}/requests/{{request_id}}", {}).get("get", {})
        output_ref = (
            result.get("responses", {})
            .get("200", {})
            .get("content", {})
            .get("application/json", {})
            .get("schema", {})
            .get("$ref")
        )
        if not isinstance(input_ref, str) or not isinstance(output_ref, str):
            raise self.error(
                f"no request body and result schemas under paths /{self.endpoint} and"
                f" /{self.endpoint}/requests/{{request_id}}"
            )
        inputs, input_doc, example_input = self.model(input_ref)
        outputs, output_doc, example_output = self.model(output_ref)
        return RawEndpoint(
            endpoint=self.endpoint,
            title=None,
            title_is_stated=False,
            inputs=inputs,
            outputs=outputs,
            example_input=example_input,
            example_output=example_output,
            input_description=input_doc,
            output_description=output_doc,
            types=dict(sorted(self.types.items())),
        )

    def named(self, ref: str) -> tuple[str, Schema]:
        name = ref.rsplit("/", 1)[-1]
        schema = self.schemas.get(name)
        if not ref.startswith("#/components/schemas/") or not isinstance(schema, dict):
            raise self.error(f"reference {ref!r} names no schema in components.schemas")
        return name, schema

    def model(self, ref: str) -> tuple[tuple[RawField, ...], str, dict[str, Any] | None]:
        """A model's fields in fal's order, its description, and an example built from its fields'."""
        _, schema = self.named(ref)
        properties = schema.get("properties")
        if schema.get("type") != "object" or not isinstance(properties, dict):
            raise self.error(f"schema {ref!r} is not an object with properties")
        order = list(schema.get("x-fal-order-properties") or properties)
        required = list(schema.get("required", []))
        for what, names in (("x-fal-order-properties", order), ("required", required)):
            unknown = [name for name in names if name not in properties]
            if unknown:
                raise self.error(
                    f"schema {ref!r}: {what} names {', '.join(map(repr, unknown))}, which its properties do not define"
                )
        order += [name for name in properties if name not in order]
        fields = tuple(self.field(name, properties[name], name in required) for name in order)
        example = {f.name: f.examples[0] for f in fields if f.examples}
        complete = all(f.name in example for f in fields if f.required)
        return fields, str(schema.get("description", "")), example if complete and example else None

    def field(self, name: str, schema: Schema, required: bool) -> RawField:
        schema, nullable = _unwrapped(schema)
        kind, item = self.type(name, schema)
        items_schema, _ = _unwrapped(schema.get("items", {})) if kind.startswith("list<") else ({}, False)
        limits = schema.get("x-fal") or items_schema.get("x-fal")
        default = json.dumps(schema["default"]) if "default" in schema else None
        if kind.startswith("list<") and "enum" in item:
            raise self.error(
                f"field {name}: a list whose items are restricted to values ({item['enum']!r}) is not something a spec"
                " can hold yet"
            )
        enum = schema.get("enum")
        if enum is not None and not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in enum):
            raise self.error(f"field {name}: enum {enum!r} holds values that are not strings or numbers")
        return RawField(
            name=name,
            type=kind,
            required=required and not nullable,
            description=str(schema.get("description", "")),
            default=default,
            default_is_json=default is not None,
            values=tuple(str(v) for v in enum) if enum is not None else None,
            range=_pair(schema, BY_KEY["minimum"].json_schema, BY_KEY["maximum"].json_schema, str),
            limits={
                c.key: int(schema[c.json_schema])
                for c in CONSTRAINTS
                if c.applies_to != "number" and isinstance(schema.get(c.json_schema), (int, float))
            },
            file=isinstance(limits, dict),
            file_limits={k: v for k, v in limits.items() if k in FILE_LIMITS} if isinstance(limits, dict) else None,
            examples=tuple(schema.get("examples", ())),
        )

    def type(self, name: str, schema: Schema) -> tuple[str, Schema]:
        """The field's type as pages write it (``string``, ``list<File>``) and its item schema."""
        if "$ref" in schema:
            type_name, target = self.named(schema["$ref"])
            self.define(type_name, target)
            return type_name, target
        kind = schema.get("type")
        if kind == "array":
            item, _ = _unwrapped(schema.get("items", {}))
            inner, _ = self.type(name, item)
            return f"list<{inner}>", item
        if kind in _SCALARS:
            return _SCALARS[kind], schema
        raise self.error(
            f"field {name}: type {json.dumps(schema)[:120]} is not one falgen can hold (a scalar, an array or a"
            " reference)"
        )

    def define(self, name: str, schema: Schema) -> None:
        if name in self.types:
            return
        self.types[name] = RawType(name, "", ())  # claimed first: a type may refer to itself
        fields, description, _ = self.model(f"#/components/schemas/{name}")
        self.types[name] = RawType(name, description, fields)


def _unwrapped(schema: Schema) -> tuple[Schema, bool]:
    """A property's own schema, out of fal's wrappers; and whether it also admits null."""
    nullable = False
    while True:
        members = schema.get("anyOf") or schema.get("oneOf")
        if isinstance(members, list):
            rest = [m for m in members if m != {"type": "null"}]
            if len(rest) == 1:
                nullable = nullable or len(rest) < len(members)
                schema = {**{k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}, **rest[0]}
                continue
        wrapped = schema.get("allOf")
        if isinstance(wrapped, list) and len(wrapped) == 1:
            schema = {**{k: v for k, v in schema.items() if k != "allOf"}, **wrapped[0]}
            continue
        return schema, nullable


def _pair(schema: Schema, low: str, high: str, convert: type) -> Any:
    values = (schema.get(low), schema.get(high))
    if values == (None, None):
        return None
    return tuple(convert(v) if v is not None else None for v in values)
