"""Compare the specs with fal's own TypeScript endpoint types.

fal generates ``src/types/endpoints.d.ts`` in the ``@fal-ai/client`` npm package from its
OpenAPI documents; it is the only published definition of the nested types the docs
pages name.  This reads the parts of it the specs cover and reports every difference in
field names, required-ness, type kind and enum values.  A spec enum on a field fal types
as a plain string is reported as a narrowing, not a difference: the docs pages'
``Limitations`` lists restrict such fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import FalgenError
from .files import MIB, UnreadableFile, read_text
from .ir import Api, Field, Model

_BLOCK = re.compile(r"^export type (\w+) = \{\n(.*?)^\};", re.S | re.M)
_ALIAS = re.compile(r"^export type (\w+) = (\w+);$", re.M)
_FIELD = re.compile(r"^    (\w+)(\??): (.+);$", re.M)
MAX_SOURCE_BYTES = 32 * MIB
_KINDS = {"string": "string", "integer": "number", "float": "number", "boolean": "boolean"}


@dataclass(frozen=True)
class TsField:
    name: str
    required: bool
    type: str

    @property
    def literals(self) -> tuple[str, ...] | None:
        parts = [part.strip() for part in self.type.split("|")]
        if parts and all(re.fullmatch(r'"[^"]*"', part) for part in parts):
            return tuple(part[1:-1] for part in parts)
        return None

    @property
    def kind(self) -> str:
        if self.literals is not None:
            return "string"
        array = re.fullmatch(r"Array<(.+)>", self.type)
        if array:
            return "list<" + TsField(self.name, self.required, array[1]).kind + ">"
        first = self.type.split("|")[0].strip()
        return first if first in ("string", "number", "boolean") else first


def read_types(text: str) -> dict[str, dict[str, TsField]]:
    """Object types by name, aliases resolved; fields in declaration order."""
    types = {name: {f[0]: TsField(f[0], not f[1], f[2]) for f in _FIELD.findall(body)} for name, body in _BLOCK.findall(text)}
    aliases = dict(_ALIAS.findall(text))
    for name, target in aliases.items():
        while target in aliases:
            target = aliases[target]
        if target in types:
            types[name] = types[target]
    return types


def ts_name(endpoint_id: str) -> str:
    """fal's type name for an endpoint: ``fal-ai/kling-video/v3/pro/text-to-video`` → ``KlingVideoV3ProTextToVideo``."""
    parts = re.split(r"[/.-]", endpoint_id.removeprefix("fal-ai/"))
    return "".join(part[:1].upper() + part[1:] for part in parts if part)


def _spec_kind(field: Field) -> str:
    ref = field.type
    if ref.kind == "list":
        assert ref.item is not None
        inner = ref.item.model if ref.item.kind == "model" else _KINDS[ref.item.kind]
        return f"list<{inner}>"
    return ref.model if ref.kind == "model" and ref.model else _KINDS[ref.kind]


def _compare(label: str, model: Model, ts: dict[str, TsField]) -> tuple[list[str], list[str]]:
    differences: list[str] = []
    narrowings: list[str] = []
    for name in ts.keys() - {f.name for f in model.fields}:
        differences.append(f"{label}.{name}: in fal's types, not in the spec")
    for field in model.fields:
        theirs = ts.get(field.name)
        if theirs is None:
            differences.append(f"{label}.{field.name}: in the spec, not in fal's types")
            continue
        if field.required != theirs.required:
            differences.append(f"{label}.{field.name}: spec says required={field.required}, fal's types say {theirs.required}")
        kind = _spec_kind(field)
        if kind != theirs.kind:
            differences.append(f"{label}.{field.name}: spec type {kind}, fal's type {theirs.type}")
        literals = theirs.literals
        ours = tuple(str(v) for v in field.enum) if field.enum is not None else None
        if literals is not None and ours != literals:
            differences.append(f"{label}.{field.name}: enum differs from fal's {len(literals)} values")
        elif literals is None and ours is not None:
            narrowings.append(f"{label}.{field.name}: the spec restricts fal's {theirs.type} to {list(ours)}")
    return differences, narrowings


def crosscheck(api: Api, dts: Path) -> tuple[list[str], list[str]]:
    """(differences, narrowings) between the specs and ``endpoints.d.ts``."""
    try:
        types = read_types(read_text(dts, MAX_SOURCE_BYTES))
    except UnreadableFile as error:
        raise FalgenError(f"{dts}: {error}") from None
    if not types:
        raise FalgenError(f"{dts}: no TypeScript object types found; expected @fal-ai/client's src/types/endpoints.d.ts")
    differences: list[str] = []
    narrowings: list[str] = []
    checks: list[tuple[str, Model, str]] = []
    for endpoint in api.endpoints:
        base = ts_name(endpoint.id)
        checks += [(f"{endpoint.id} input", endpoint.input, base + "Input"), (f"{endpoint.id} output", endpoint.output, base + "Output")]
    checks += [(name, model, name) for name, model in api.types.items()]
    for label, model, name in checks:
        if name not in types:
            differences.append(f"{label}: fal's types have no {name}")
            continue
        found, narrowed = _compare(label, model, types[name])
        differences += found
        narrowings += narrowed
    return sorted(differences), sorted(narrowings)
