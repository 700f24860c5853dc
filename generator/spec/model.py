"""The spec meta-model: pydantic models of what a spec YAML file may contain.

Unknown keys are errors (``extra="forbid"``): a misspelled ``requird`` must not be
silently ignored, which is the very failure this project exists to prevent.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    model_validator,
)

Scalar = StrictStr | StrictBool | StrictInt | StrictFloat
ENDPOINT_ID = r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)+$"
Count = Annotated[NonNegativeInt, Field(le=2**31 - 1)]
"""A length or item count: no list or text fal takes comes near two billion."""
Measure = Annotated[StrictInt | StrictFloat, Field(ge=0)]
Bytes = Annotated[NonNegativeInt, Field(le=2**40)]
"""A file size: fal's video fields take files of gigabytes; none takes a terabyte."""
FileKind = Literal["image", "video", "audio", "file"]
SourceKind = Literal["page", "openapi", "typescript"]
"""The kinds of source ``falgen sync`` reads: docs pages, OpenAPI documents, TypeScript types."""


def app_of(endpoint: str) -> str:
    """The app an endpoint id belongs to, its first two segments: ``fal-ai/kling-video``.
    One package holds one app's endpoints."""
    return "/".join(endpoint.split("/")[:2])


class _SpecModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileLimits(_SpecModel):
    """The limits fal states for a file (its OpenAPI ``x-fal`` keys, or its prose)."""

    formats: Annotated[list[Annotated[StrictStr, Field(pattern=r"^[a-z0-9]+$")]], Field(min_length=1)] | None = None
    """File name extensions fal accepts (``mp4``, ``mov``), where it states them."""
    max_file_size: Bytes | None = None
    """Bytes."""
    min_width: Count | None = None
    max_width: Count | None = None
    min_height: Count | None = None
    max_height: Count | None = None
    """Pixels."""
    min_aspect_ratio: Measure | None = None
    max_aspect_ratio: Measure | None = None
    """Width over height."""
    min_duration: Measure | None = None
    max_duration: Measure | None = None
    """Seconds."""
    min_fps: Measure | None = None
    max_fps: Measure | None = None
    timeout: Measure | None = None
    """Seconds fal waits to fetch the file."""


class FileSpec(FileLimits):
    """A field that takes the URL of a file, which fal fetches: what kind of file, and the
    limits fal states for it.  They are documented and shipped in the JSON Schemas
    (``x-fal-file``); fal checks them, and a local file given for the field is held to its
    formats and size before it is uploaded."""

    kind: FileKind


class FieldSpec(_SpecModel):
    """One input or output field."""

    type: StrictStr
    description: StrictStr = ""
    required: StrictBool = False
    default: Any = None
    enum: Annotated[list[Scalar], Field(min_length=1)] | None = None
    minimum: StrictInt | StrictFloat | None = None
    maximum: StrictInt | StrictFloat | None = None
    min_length: Count | None = None
    max_length: Count | None = None
    """Characters, for a string field."""
    min_items: Count | None = None
    max_items: Count | None = None
    file: FileSpec | None = None

    @property
    def has_default(self) -> bool:
        return "default" in self.model_fields_set


class Condition(_SpecModel):
    """A test on a sibling field: it ``equals`` a value, or is ``present`` (given and not null)."""

    field: StrictStr
    equals: Scalar | None = None
    present: StrictBool | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = {"equals", "present"} & self.model_fields_set
        if len(tests) != 1:
            raise ValueError("a condition needs exactly one of 'equals' or 'present'")
        return self


class _Rule(_SpecModel):
    description: StrictStr = ""


class ExactlyOneOf(_Rule):
    """Exactly one of the fields is given."""

    kind: Literal["exactly_one_of"]
    fields: Annotated[list[StrictStr], Field(min_length=2)]


class AtLeastOneOf(_Rule):
    """At least one of the fields is given."""

    kind: Literal["at_least_one_of"]
    fields: Annotated[list[StrictStr], Field(min_length=2)]


class MutuallyExclusive(_Rule):
    """At most one of the fields is given."""

    kind: Literal["mutually_exclusive"]
    fields: Annotated[list[StrictStr], Field(min_length=2)]


class Requires(_Rule):
    """When ``field`` is given, every field in ``requires`` must be given too."""

    kind: Literal["requires"]
    field: StrictStr
    requires: Annotated[list[StrictStr], Field(min_length=1)]


class OnlyWhen(_Rule):
    """``field`` may only be given when the condition on a sibling holds."""

    kind: Literal["only_when"]
    field: StrictStr
    when: Condition


class MaxMatching(_Rule):
    """At most ``max`` items of the list ``field`` satisfy the condition ``where``."""

    kind: Literal["max_matching"]
    field: StrictStr
    where: Condition
    max: NonNegativeInt


class MaxTotal(_Rule):
    """At most ``max`` given together: a list field counts its items, any other given field one
    ("Maximum 7 total (elements + reference images)")."""

    kind: Literal["max_total"]
    fields: Annotated[list[StrictStr], Field(min_length=2)]
    max: NonNegativeInt


class LimitWhen(_Rule):
    """While the condition on a sibling holds, the file field ``field`` is held to narrower
    limits ("10s max for 'image', 30s max for 'video'").  fal checks them; they are
    documented and shipped in the JSON Schemas."""

    kind: Literal["limit_when"]
    field: StrictStr
    when: Condition
    file: FileLimits


RuleSpec = Annotated[
    ExactlyOneOf | AtLeastOneOf | MutuallyExclusive | Requires | OnlyWhen | MaxMatching | MaxTotal | LimitWhen,
    Field(discriminator="kind"),
]


class ModelSpec(_SpecModel):
    """An object: its fields, in the order users see them, and the rules across them."""

    description: StrictStr = ""
    fields: dict[StrictStr, FieldSpec]
    rules: list[RuleSpec] = []


class TypeSpec(ModelSpec):
    """A shared nested type, named by its file (``specs/types/NAME.yaml``)."""

    preferred: dict[StrictStr, SourceKind] = {}
    """As on an endpoint, with paths like ``fields.NAME.KEY``."""
    sources: list[SourceKind] | None = None
    stated_by: dict[StrictStr, list[SourceKind]] = {}
    """As on an endpoint."""


PriceUnit = Literal["second", "image", "video", "request"]
"""What fal bills by: a second of output video, an image, a video, a request."""

Price = Annotated[StrictInt | StrictFloat, Field(gt=0, le=10_000)]
"""US dollars per unit, as fal writes them (``0.112``): read as decimals, never rounded."""


class PriceWhen(_SpecModel):
    """A price that applies while every condition on the input holds ("$0.168 (audio on)")."""

    when: Annotated[list[Condition], Field(min_length=1)]
    price: Price


class PricingSpec(_SpecModel):
    """What fal charges for one call, as a source states it."""

    unit: PriceUnit
    price: Price
    """The base price per unit, when no ``prices`` entry applies."""
    quantity: StrictStr | None = None
    """The input field that counts the units billed (``duration`` in seconds, ``num_images``);
    none for a video or a request, or where the quantity is not known before the run."""
    prices: list[PriceWhen] = []
    """Prices that depend on the input, first that applies first."""
    currency: Literal["USD"] = "USD"
    source: StrictStr
    """Where fal states it: a page's URL, or fal's pricing API."""
    stated: Annotated[StrictStr, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    """The date the source stated it, where known (YYYY-MM-DD)."""
    note: StrictStr = ""
    """What an estimate cannot know before the run, in words ("billed per second of the
    input video"), or a price the arguments cannot select."""


class ExamplesSpec(_SpecModel):
    input: dict[StrictStr, Any]
    output: dict[StrictStr, Any] | None = None
    curated: list[Literal["input", "output"]] = []
    """The examples written for fal-kling rather than taken from a fal source."""


class EndpointSpec(_SpecModel):
    """One fal endpoint (``specs/<endpoint id>.yaml``)."""

    endpoint: Annotated[StrictStr, Field(pattern=ENDPOINT_ID)]
    title: StrictStr
    summary: StrictStr = ""
    listed: StrictBool = True
    """False once fal's model list no longer lists the endpoint (``falgen update`` writes
    it, and removes it when fal lists the endpoint again): the spec is kept, and its docs
    say so."""
    input: ModelSpec
    output: ModelSpec
    examples: ExamplesSpec
    pricing: PricingSpec | None = None
    preferred: dict[StrictStr, SourceKind] = {}
    """Facts whose value came from this kind of source where sources disagreed (``falgen
    sync --prefer``): ``input.fields.NAME.KEY``, ``….file.LIMIT``, ``input.fields`` (the
    order), ``input.description``, ``examples.input``; a later sync without that kind of
    source keeps the spec's value."""
    sources: list[SourceKind] | None = None
    """The kinds of source this spec's facts were read from (``falgen sync`` writes it)."""
    stated_by: dict[StrictStr, list[SourceKind]] = {}
    """The facts (``input.fields.NAME``, ``….KEY``, ``….file.LIMIT``) stated by other kinds
    than ``sources`` names; an empty list: by none, the maintainers wrote it.  A sync whose
    sources are all of other kinds than a fact's may not remove or change it without
    ``--prefer``."""


def spec_keys() -> frozenset[str]:
    """Every key the spec language knows, for "did you mean" hints."""
    models: list[type[BaseModel]] = [
        FieldSpec,
        FileSpec,
        Condition,
        ExactlyOneOf,
        AtLeastOneOf,
        MutuallyExclusive,
        Requires,
        OnlyWhen,
        MaxMatching,
        MaxTotal,
        LimitWhen,
        PriceWhen,
        PricingSpec,
        ModelSpec,
        TypeSpec,
        ExamplesSpec,
        EndpointSpec,
    ]
    return frozenset(name for model in models for name in model.model_fields)


def spec_path(endpoint: str) -> PurePosixPath:
    """Where an endpoint's spec lives below the specs directory: its id is its path."""
    return PurePosixPath(endpoint + ".yaml")


def rule_identity(rule: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two rules (in spec form) the same rule, whatever their wording or numbers."""
    kind = rule["kind"]
    if kind in ("exactly_one_of", "at_least_one_of", "mutually_exclusive", "max_total"):
        return (kind, tuple(sorted(rule["fields"])))
    if kind == "requires":
        return (kind, rule["field"], tuple(sorted(rule["requires"])))
    condition = rule.get("when") or rule.get("where") or {}
    if kind == "limit_when":  # one rule per value of the condition: 10 s for 'image', 30 s for 'video'
        return (kind, rule["field"], condition.get("field"), repr(condition.get("equals", condition.get("present"))))
    return (kind, rule.get("field"), condition.get("field"))
