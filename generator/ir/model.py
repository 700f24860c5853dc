"""Resolved API: names decided, types linked, rules checked. Renderers only read this."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from .naming import camel, enum_alias

Scalar = str | bool | int | float
Direction = Literal["input", "output"]
ScalarKind = Literal["string", "integer", "float", "boolean"]
SCALAR_KINDS: tuple[ScalarKind, ...] = ("string", "integer", "float", "boolean")


JSON_TYPES: dict[str, str] = {"string": "string", "integer": "integer", "float": "number", "boolean": "boolean"}
"""Each spec scalar type as JSON Schema names it."""


@dataclass(frozen=True)
class TypeRef:
    """A field's type: a scalar, a named nested model, or a list of either."""

    kind: Literal["string", "integer", "float", "boolean", "list", "model"]
    item: TypeRef | None = None
    model: str | None = None

    @property
    def label(self) -> str:
        """How docs and messages write the type: ``string``, ``list<File>``."""
        if self.kind == "list":
            assert self.item is not None
            return f"list<{self.item.label}>"
        if self.kind == "model":
            assert self.model is not None
            return self.model
        return self.kind

    @property
    def spec(self) -> str:
        """How specs write the type: ``string``, ``list[File]``."""
        return self.label.replace("<", "[").replace(">", "]")

    @property
    def models(self) -> tuple[str, ...]:
        """Nested model names this type refers to directly."""
        if self.kind == "list":
            assert self.item is not None
            return self.item.models
        return (self.model,) if self.model is not None else ()


@dataclass(frozen=True)
class FileInfo:
    """What a file field's URL must point to: its kind and fal's limits (``x-fal`` names)."""

    kind: str
    limits: dict[str, int | float]
    formats: tuple[str, ...] = ()
    """The file name extensions fal accepts; empty where fal does not say."""

    @property
    def stated(self) -> dict[str, object]:
        """Kind, formats and limits, as the JSON Schemas' ``x-fal-file`` and the models' ``__files__`` hold them."""
        return {"kind": self.kind, **({"formats": list(self.formats)} if self.formats else {}), **self.limits}

    @property
    def summary(self) -> str:
        """The limits in words: ``an image; at most 10 MB; 300×300 px or more; …``."""
        article = {"image": "an image", "video": "a video", "audio": "audio", "file": "a file"}[self.kind]
        parts = [article]
        if self.formats:
            parts.append(" or ".join(f".{extension}" for extension in self.formats))
        get = self.limits.get
        if "max_file_size" in self.limits:
            parts.append(f"at most {_bytes(int(self.limits['max_file_size']))}")
        for what, low, high, unit in (
            ("width", get("min_width"), get("max_width"), " px"),
            ("height", get("min_height"), get("max_height"), " px"),
            ("aspect ratio", get("min_aspect_ratio"), get("max_aspect_ratio"), ""),
            ("duration", get("min_duration"), get("max_duration"), " s"),
            ("frame rate", get("min_fps"), get("max_fps"), " fps"),
        ):
            if low is not None and high is not None:
                parts.append(f"{what} {_number(low)} to {_number(high)}{unit}")
            elif low is not None:
                parts.append(f"{what} at least {_number(low)}{unit}")
            elif high is not None:
                parts.append(f"{what} at most {_number(high)}{unit}")
        if "timeout" in self.limits:
            parts.append(f"fetched within {_number(self.limits['timeout'])} s")
        return "; ".join(parts)


def _number(value: int | float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _bytes(count: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= size:
            return f"{count / size:g} {unit}"
    return f"{count} bytes"


@dataclass(frozen=True)
class Field:
    name: str
    """The spec's name, which is what fal sends and receives."""
    python_name: str
    """The model attribute and call parameter; the spec's name unless that would break Python."""
    type: TypeRef
    description: str
    required: bool
    has_default: bool
    default: Any
    enum: tuple[Scalar, ...] | None
    limits: Mapping[str, int | float] = field(hash=False)
    """The constraints the field states, by spec key (:data:`spec.constraints.CONSTRAINTS`)."""
    file: FileInfo | None

    @property
    def enum_alias(self) -> str | None:
        """The name of the ``Literal`` alias for an enum field, as fal's pages name it (``DurationEnum``)."""
        return enum_alias(self.python_name) if self.enum is not None else None

    @property
    def renamed(self) -> bool:
        """Whether Python knows the field by another name than fal."""
        return self.python_name != self.name

    @property
    def can_be_absent(self) -> bool:
        """True when a payload may leave the field out (it is optional and has no default)."""
        return not self.required and not self.has_default


@dataclass(frozen=True)
class Condition:
    """A test on a sibling field: equals a value, or is present (given and not null)."""

    field: str
    equals: Scalar | None
    present: bool | None

    @property
    def json(self) -> dict[str, Any]:
        """The spec form: ``{"field": …, "equals": …}`` or ``{"field": …, "present": …}``."""
        if self.present is not None:
            return {"field": self.field, "present": self.present}
        return {"field": self.field, "equals": self.equals}

    @property
    def words(self) -> str:
        if self.present is not None:
            return f"{self.field} is given" if self.present else f"{self.field} is not given"
        return f"{self.field} is {json.dumps(self.equals)}"


@dataclass(frozen=True)
class Rule:
    """A cross-field rule; ``data`` is its spec form, which the runtime interprets."""

    kind: str
    fields: tuple[str, ...]
    description: str
    summary: str
    data: dict[str, Any] = field(compare=False)
    requires: tuple[str, ...] = ()
    when: Condition | None = None
    where: Condition | None = None
    max: int | None = None
    file: FileInfo | None = None
    """The narrower file limits of a ``limit_when`` rule (its kind: the field's)."""


@dataclass(frozen=True)
class Model:
    name: str
    description: str
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...]
    direction: Direction
    module: str

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)

    @property
    def optional_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.required)

    @property
    def referenced_types(self) -> tuple[str, ...]:
        """Nested types this model's own fields name, sorted."""
        return tuple(sorted({name for f in self.fields for name in f.type.models}))

    @property
    def enum_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.enum is not None)


@dataclass(frozen=True)
class Price:
    """A price per unit that applies while every condition on the input holds."""

    when: tuple[Condition, ...]
    usd: str
    """US dollars per unit, as decimal text (``"0.168"``): exact, never a float."""

    @property
    def words(self) -> str:
        return " and ".join(c.words for c in self.when)


@dataclass(frozen=True)
class Pricing:
    """What fal charges for a call: a price per unit, chosen by the input, times a quantity."""

    unit: str
    """``second`` (of output video), ``image``, ``video`` or ``request``."""
    usd: str
    """The base price per unit, when no entry of ``prices`` applies."""
    quantity: str | None
    """The input field that counts the units; None for a video or a request, or where the
    quantity is known only after the run (then ``note`` says on what it depends)."""
    prices: tuple[Price, ...]
    currency: str
    source: str
    stated: str | None
    note: str

    @property
    def json(self) -> dict[str, Any]:
        """As ``x-fal-pricing`` in the input JSON Schema, which the package's estimates read."""
        out: dict[str, Any] = {"unit": self.unit, "usd": self.usd, "currency": self.currency}
        if self.quantity is not None:
            out["quantity"] = self.quantity
        if self.prices:
            out["prices"] = [
                {"when": [c.json for c in p.when], "usd": p.usd} for p in self.prices
            ]
        out["source"] = self.source
        if self.stated is not None:
            out["stated"] = self.stated
        if self.note:
            out["note"] = self.note
        return out

    @property
    def rows(self) -> tuple[tuple[str, str], ...]:
        """(when, price) for the docs' price table, the base price last."""
        per = f"per {self.unit}"
        rows = [(p.words, f"${p.usd} {per}") for p in self.prices]
        rows.append(("otherwise" if self.prices else "every call", f"${self.usd} {per}"))
        return tuple(rows)


@dataclass(frozen=True)
class Endpoint:
    id: str
    title: str
    summary: str
    listed: bool
    """Whether fal's model list still lists the endpoint."""
    path: tuple[str, ...]
    """Attribute path on the client, e.g. ``("v3", "standard", "image_to_video")``."""
    module: str
    """Module name, e.g. ``v3_standard_image_to_video``."""
    slug: str
    """Docs page name, e.g. ``v3-standard-image-to-video``: the id below the family, in words."""
    input: Model
    output: Model
    example_input: dict[str, Any]
    example_output: dict[str, Any] | None
    curated_examples: tuple[str, ...]
    """Which examples (``input``, ``output``) were written for fal-kling, not taken from fal."""
    source: Path
    """The spec file, relative to the specs directory."""
    pricing: Pricing | None = None
    """What fal charges for a call, where a source states it."""

    @property
    def docs_file(self) -> str:
        return self.slug + ".md"

    @property
    def class_name(self) -> str:
        """The client callable's class, e.g. ``V3StandardImageToVideo``."""
        return camel(self.module)

    @property
    def attribute(self) -> str:
        """The client attribute that holds it, e.g. ``image_to_video``."""
        return self.path[-1]

    @property
    def call(self) -> str:
        """How a user reaches it from a client, e.g. ``v3.standard.image_to_video``."""
        return ".".join(self.path)


@dataclass(frozen=True)
class Group:
    """A client attribute that groups endpoints, e.g. ``kling.v3.standard``."""

    path: tuple[str, ...]
    groups: tuple[Group, ...]
    endpoints: tuple[Endpoint, ...]

    @property
    def class_name(self) -> str:
        return camel("_".join(self.path)) + "Group"

    @property
    def id_prefix(self) -> str:
        """What the ids of the endpoints below begin with, e.g. ``fal-ai/kling-video/v2.1/pro``."""
        group = self
        while not group.endpoints:
            group = group.groups[0]
        segments = group.endpoints[0].id.split("/")
        return "/".join(segments[: len(segments) - len(group.endpoints[0].path) + len(self.path)])

    @property
    def attribute(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class Version:
    """The endpoints of one model version (``v2.5-turbo``, ``o3``), as the README and the
    docs index list them; endpoints directly below the family form the last, untitled one."""

    segment: str
    """The id segment below the family, e.g. ``v2.5-turbo``; empty for the last group."""
    endpoints: tuple[Endpoint, ...]

    @property
    def title(self) -> str:
        """``V2.5 Turbo``, ``O3``, ``Ai Avatar``; ``Other endpoints`` for the last group."""
        if not self.segment:
            return "Other endpoints"
        return " ".join(word[:1].upper() + word[1:] for word in self.segment.split("-"))

    @property
    def sort_key(self) -> tuple[int, tuple[int, ...], str]:
        """Model versions first (``v`` before ``o``, by number), then others by name, then the rest."""
        version = re.fullmatch(r"([vo])(\d+(?:\.\d+)*)(.*)", self.segment)
        if version:
            return ("vo".index(version[1]), tuple(int(n) for n in version[2].split(".")), version[3])
        return (2, (), self.segment) if self.segment else (3, (), "")


@dataclass(frozen=True)
class Api:
    family: str
    """The endpoint id prefix every endpoint shares, e.g. ``fal-ai/kling-video``."""
    endpoints: tuple[Endpoint, ...]
    types: dict[str, Model]

    def endpoint(self, endpoint_id: str) -> Endpoint:
        for endpoint in self.endpoints:
            if endpoint.id == endpoint_id:
                return endpoint
        raise KeyError(endpoint_id)

    @property
    def models(self) -> tuple[Model, ...]:
        """Every model: the shared types, then each endpoint's input and output."""
        return (*self.types.values(), *(m for e in self.endpoints for m in (e.input, e.output)))

    def nested(self, model: Model) -> tuple[Model, ...]:
        """Every type ``model`` uses, directly or through other types, sorted by name."""
        found: dict[str, Model] = {}
        pending = list(model.referenced_types)
        while pending:
            name = pending.pop()
            if name not in found:
                found[name] = self.types[name]
                pending.extend(found[name].referenced_types)
        return tuple(found[name] for name in sorted(found))

    def scope(self, endpoint: Endpoint) -> Api:
        """The part of the API one endpoint's own outputs depend on: the endpoint and the
        types it uses.  Whatever is rendered from a scope changes only when its ``repr`` does."""
        used = {m.name: m for m in (*self.nested(endpoint.input), *self.nested(endpoint.output))}
        return Api(self.family, (endpoint,), dict(sorted(used.items())))

    @cached_property
    def scope_hashes(self) -> dict[str, str]:
        """Each endpoint's :meth:`scope`, hashed, by endpoint id."""
        return {e.id: hashlib.sha256(repr(self.scope(e)).encode()).hexdigest() for e in self.endpoints}

    def group(self, path: tuple[str, ...]) -> Group:
        """The group at ``path``; ``()`` is the client itself."""
        return self._groups[path]

    @cached_property
    def _groups(self) -> dict[tuple[str, ...], Group]:
        """Every group by path, built bottom-up in one pass over the endpoints."""
        endpoints: dict[tuple[str, ...], list[Endpoint]] = {(): []}
        children: dict[tuple[str, ...], set[tuple[str, ...]]] = {(): set()}
        for e in self.endpoints:
            for depth in range(len(e.path) - 1):
                parent, child = e.path[:depth], e.path[: depth + 1]
                children.setdefault(parent, set()).add(child)
                children.setdefault(child, set())
                endpoints.setdefault(child, [])
            endpoints[e.path[:-1]].append(e)
        built: dict[tuple[str, ...], Group] = {}
        for path in sorted(children, key=len, reverse=True):
            built[path] = Group(path, tuple(built[c] for c in sorted(children[path])), tuple(endpoints[path]))
        return built

    @cached_property
    def versions(self) -> tuple[Version, ...]:
        """The endpoints by model version, oldest first."""
        by_segment: dict[str, list[Endpoint]] = {}
        for e in self.endpoints:
            below = e.id.removeprefix(self.family + "/").split("/")
            by_segment.setdefault(below[0] if len(below) > 1 else "", []).append(e)
        return tuple(
            sorted((Version(segment, tuple(found)) for segment, found in by_segment.items()), key=lambda v: v.sort_key)
        )

    @cached_property
    def showcase(self) -> Endpoint:
        """The endpoint the README's first example calls: the newest ``v`` version's
        plainest text-to-video endpoint (fewest segments, none a tier like ``4k``), or the
        first endpoint when there is none."""
        newest = [v for v in self.versions if v.sort_key[0] == 0][-1:] or list(self.versions)
        found = [e for e in newest[0].endpoints if e.id.endswith("/text-to-video")] or list(newest[0].endpoints)
        return min(found, key=lambda e: (len(e.path), any(p[:1].isdigit() for p in e.id.split("/")), e.id))

    @cached_property
    def groups(self) -> tuple[Group, ...]:
        """Every group below the client, children before their parents (definition order)."""
        out: list[Group] = []

        def walk(group: Group) -> None:
            for child in group.groups:
                walk(child)
                out.append(child)

        walk(self.group(()))
        return tuple(out)
