"""Compare the specs with fal's own TypeScript endpoint types.

fal-js's ``src/types/endpoints.ts`` (and the ``endpoints.d.ts`` the ``@fal-ai/client`` npm
package ships) is generated from fal's OpenAPI documents.  It is read here exactly as
``falgen sync`` reads it, and every fact it states about an endpoint the specs cover is
compared with the spec: field names, required-ness, types, enum values, defaults and file
fields, through every nested type the fields use.  Like sync, it reads nothing into what
the types leave unsaid: they never write a default of ``false`` or ``0``.

TypeScript's ``number`` matches an integer or a float field (fal's OpenAPI documents tell
them apart).  One fact is a deliberate narrowing, listed but not counted as a difference:
an enum on a field fal types as a plain string (a docs page's ``Limitations`` list
restricts it).  Nor is an endpoint the types do not have: fal's published types lag
behind its live sources (``falgen update`` reads those), so such an endpoint is listed
as one the types do not cover.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FalgenError
from .files import MIB, UnreadableFile, read_text
from .ir import Api, Field, Model
from .sync.combine import shown_values
from .sync.facts import EndpointFacts, ModelFacts, page_facts
from .sync.formats import typescript
from .sync.page import PageError

MAX_SOURCE_BYTES = 32 * MIB


@dataclass
class Report:
    """What the comparison found: differences (exit 1), narrowings (by design) and the
    endpoints the types do not cover."""

    differences: list[str] = field(default_factory=list)
    narrowings: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    compared: set[tuple[str, str]] = field(default_factory=set)
    """(fal's type, spec type) pairs already compared, so each shared type is reported once."""


def crosscheck(api: Api, source: Path) -> Report:
    """How the specs differ from fal's types file at ``source``."""
    try:
        text = read_text(source, MAX_SOURCE_BYTES)
    except UnreadableFile as error:
        raise FalgenError(f"{source}: {error}") from None
    ids = {endpoint.id for endpoint in api.endpoints}
    try:
        module = typescript.read_module(str(source), text)
        facts = (
            {
                e.endpoint: e
                for e in page_facts(typescript.read(str(source), text, lambda endpoint: endpoint in ids)).endpoints
            }
            if ids & module.endpoints.keys()
            else {}
        )
    except PageError as error:
        raise FalgenError(str(error)) from None
    report = Report()
    for endpoint in api.endpoints:
        theirs = facts.get(endpoint.id)
        if theirs is None:
            report.uncovered.append(endpoint.id)
            continue
        _compare(report, theirs, f"{endpoint.id} input", endpoint.input, theirs.input, api)
        _compare(report, theirs, f"{endpoint.id} output", endpoint.output, theirs.output, api)
    report.differences.sort()
    report.narrowings.sort()
    return report


def _compare(report: Report, source: EndpointFacts, label: str, model: Model, theirs: ModelFacts, api: Api) -> None:
    for name in theirs.fields.keys() - {f.name for f in model.fields}:
        report.differences.append(f"{label}.{name}: in fal's types, not in the spec")
    for ours in model.fields:
        stated = theirs.fields.get(ours.name)
        if stated is None:
            report.differences.append(f"{label}.{ours.name}: in the spec, not in fal's types")
            continue
        _compare_field(report, f"{label}.{ours.name}", ours, stated, "type" in theirs.loose.get(ours.name, frozenset()))
        _compare_nested(report, source, ours, stated, api)


def _compare_field(report: Report, where: str, ours: Field, stated: dict[str, Any], loose_number: bool) -> None:
    required = bool(stated.get("required"))
    if ours.required != required:
        report.differences.append(f"{where}: spec says required={ours.required}, fal's types say {required}")
    our_type, their_type = ours.type.spec, str(stated["type"])
    if ours.type.models:  # the nested type's name may differ; its fields are compared on their own
        our_type = our_type.replace(ours.type.models[0], _model_name(their_type))
    if loose_number:  # TypeScript's `number` is either
        our_type = our_type.replace("integer", "float")
    if our_type != their_type:
        report.differences.append(f"{where}: spec type {ours.type.spec}, fal's type {their_type}")
    if "enum" in stated:
        if ours.enum is None:
            report.differences.append(f"{where}: the spec has no enum, fal's types {_values(stated['enum'])}")
        elif list(ours.enum) != stated["enum"]:
            spec_values, their_values = shown_values([list(ours.enum), stated["enum"]])
            report.differences.append(f"{where}: spec enum {spec_values}, fal's types {their_values}")
    elif ours.enum is not None:
        report.narrowings.append(f"{where}: the spec restricts fal's {their_type} to {_values(ours.enum)}")
    if "default" in stated and (
        not ours.has_default or ours.default != stated["default"] or type(ours.default) is not type(stated["default"])
    ):
        found = json.dumps(ours.default) if ours.has_default else "none"
        report.differences.append(f"{where}: spec default {found}, fal's types {json.dumps(stated['default'])}")
    if "file" in stated and (ours.file is None or ours.file.kind != stated["file"]["kind"]):
        found = ours.file.kind if ours.file is not None else "not a file"
        report.differences.append(f"{where}: spec file kind {found}, fal's types {stated['file']['kind']}")


def _compare_nested(report: Report, source: EndpointFacts, ours: Field, stated: dict[str, Any], api: Api) -> None:
    """The nested type a field uses, compared once per pair of names (the spec may have
    given fal's type another name: sync renames one name with two shapes)."""
    their_name = _model_name(str(stated["type"]))
    our_names = ours.type.models
    if not our_names or their_name not in source.types:
        return
    pair = (their_name, our_names[0])
    if pair in report.compared:
        return
    report.compared.add(pair)
    _compare(report, source, f"types/{our_names[0]}", api.types[our_names[0]], source.types[their_name], api)


def _model_name(spec_type: str) -> str:
    return spec_type.removeprefix("list[").removesuffix("]")


def _values(values: Any) -> str:
    return "none" if values is None else f"[{', '.join(json.dumps(v) for v in values)}]"
