"""From a source's words to spec facts: types, defaults, enums, ranges, lengths, files, rules.

Every reader (three page formats, OpenAPI documents, TypeScript types) arrives here as
the same :mod:`page` records, so each fact is read in one place whatever the source;
that is what makes a page and its rendered twin agree, and what lets sources be compared.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..spec.constraints import CONSTRAINTS
from ..spec.model import rule_identity
from .pricing import read_pricing
from .page import (
    Limitation,
    PageError,
    RawEndpoint,
    RawField,
    RawPage,
    SourceKind,
    plain_text,
    unquote,
    value_list,
    value_range,
)

Facts = dict[str, Any]

_SCALARS = {
    "string": "string",
    "str": "string",
    "float": "float",
    "number": "float",
    "integer": "integer",
    "int": "integer",
    "boolean": "boolean",
    "bool": "boolean",
}
_MARKER = re.compile(r"(?<![A-Za-z])(Default value|Possible values|Range):\s*")
_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}

_STATED_WHENEVER_THEY_HOLD: dict[SourceKind, set[str]] = {
    "page": {"type", "required", "enum", "default", "description"},
    "openapi": {"type", "required", "default", "description"},
    "typescript": {"type", "required"},
}
SPEAKS_FOR: dict[SourceKind, frozenset[str]] = {
    kind: frozenset({*keys, *(c.key for c in CONSTRAINTS if kind in c.stated_whenever_it_holds_by)})
    for kind, keys in _STATED_WHENEVER_THEY_HOLD.items()
}
"""The facts a kind of source states whenever they hold, so that its silence means they do
not: a page lists a field's possible values; an OpenAPI document or TypeScript type that
has no enum may still be narrowed by a page's Limitations, so their silence on enums says
nothing.  fal's TypeScript types never write a default of ``false`` or ``0``, and a type
that is an alias of another endpoint's same-shaped type carries that one's JSDoc (often
none), so their silence on defaults and descriptions says nothing either.  File facts are
only ever added: no source states that a URL is not a file's."""


@dataclass(frozen=True)
class ModelFacts:
    """What a source states about one model: its fields (spec-shaped), the rules in its prose,
    its description, and which facts it states only loosely (a number, not integer or float)."""

    fields: dict[str, Facts]
    rules: tuple[Facts, ...]
    description: str = ""
    loose: dict[str, frozenset[str]] = field(default_factory=dict)
    order_is_stated: bool = True
    speaks_for: frozenset[str] = SPEAKS_FOR["page"]
    """The field facts whose absence here means they do not hold (see :data:`SPEAKS_FOR`)."""


@dataclass(frozen=True)
class EndpointFacts:
    endpoint: str
    title: str
    title_is_stated: bool
    summary: str | None
    summary_is_specific: bool
    input: ModelFacts
    output: ModelFacts
    example_input: dict[str, Any] | None
    example_output: dict[str, Any] | None
    source: str = ""
    kind: SourceKind = "page"
    types: dict[str, ModelFacts] = field(default_factory=dict)
    """The nested types the source defines for this endpoint, by name."""
    pricing: dict[str, Any] | None = None
    """The ``pricing`` block the source's pricing paragraph states (:mod:`.pricing`)."""


@dataclass(frozen=True)
class PageFacts:
    source: str
    endpoints: tuple[EndpointFacts, ...]
    notes: tuple[str, ...]
    kind: SourceKind = "page"


def page_facts(page: RawPage) -> PageFacts:
    """Interpret a parsed source; raises :class:`PageError` when it contradicts itself."""
    if not page.endpoints:
        raise PageError(page.source, "no endpoints found")
    seen = [e.endpoint for e in page.endpoints]
    if len(set(seen)) != len(seen):
        raise PageError(
            page.source, f"lists an endpoint twice: {', '.join(sorted({e for e in seen if seen.count(e) > 1}))}"
        )
    notes = list(page.notes)
    for item in page.limitations:
        if not any(item.field in {f.name for f in e.inputs} for e in page.endpoints):
            notes.append(
                f"limitation on {item.field} not applicable: no endpoint on this page has that field ({item.text})"
            )
    endpoints = tuple(_endpoint(page, raw, notes) for raw in page.endpoints)
    return PageFacts(page.source, endpoints, tuple(notes), page.kind)


def derived_title(endpoint: str) -> str:
    """``fal-ai/kling-video/v3/pro/text-to-video`` → ``Kling Video V3 Pro — Text To Video``,
    the shape of the MDX page's "<page heading> — <tab>" titles."""
    *family, name = endpoint.split("/")[1:]

    def words(part: str) -> str:
        return " ".join(word[:1].upper() + word[1:] for word in part.split("-"))

    return f"{' '.join(words(p) for p in family)} — {words(name)}" if family else words(name)


def _endpoint(page: RawPage, raw: RawEndpoint, notes: list[str]) -> EndpointFacts:
    where = raw.endpoint
    if not raw.inputs:
        raise PageError(page.source, f"{where}: the input schema lists no fields")
    limits = {item.field: item for item in page.limitations}
    order = raw.field_order_is_stated
    input = _model(page.source, f"{where} input", raw.inputs, limits, notes, raw.input_description, order, page.kind)
    pricing, pricing_notes = read_pricing(raw.pricing or "", raw.endpoint, input.fields)
    notes.extend(f"{where}: {note}" for note in pricing_notes)
    return EndpointFacts(
        endpoint=raw.endpoint,
        title=raw.title or derived_title(raw.endpoint),
        title_is_stated=raw.title is not None and raw.title_is_stated,
        summary=raw.summary or page.summary,
        summary_is_specific=raw.summary is not None or not page.summary_is_page_wide,
        input=input,
        output=_model(page.source, f"{where} output", raw.outputs, {}, notes, raw.output_description, order, page.kind),
        example_input=raw.example_input,
        example_output=raw.example_output,
        source=page.source,
        kind=page.kind,
        types={
            name: _model(page.source, f"{where} type {name}", t.fields, {}, notes, t.description, order, page.kind)
            for name, t in raw.types.items()
        },
        pricing=pricing,
    )


def _model(
    source: str,
    where: str,
    raws: tuple[RawField, ...],
    limits: dict[str, Limitation],
    notes: list[str],
    description: str,
    order: bool,
    kind: SourceKind,
) -> ModelFacts:
    fields: dict[str, Facts] = {}
    loose: dict[str, frozenset[str]] = {}
    for raw in raws:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", raw.name):
            raise PageError(source, f"{where}: parameter name {raw.name!r} is not an identifier")
        if raw.name in fields:
            raise PageError(source, f"{where}: field {raw.name} is listed twice")
        fields[raw.name] = _field(source, f"{where} field {raw.name}", raw, limits.get(raw.name))
        if raw.number_precision_unknown:
            loose[raw.name] = frozenset({"type"})
    rules: list[Facts] = []
    for name, facts in fields.items():
        for sentence in _sentences(facts.get("description", "")):
            _recognise(sentence, name, facts, fields, rules, notes, where)
    return ModelFacts(fields, tuple(rules), " ".join(plain_text(description).split()), loose, order, SPEAKS_FOR[kind])


def _field(source: str, where: str, raw: RawField, limit: Limitation | None) -> Facts:
    prose, marked = _split_markers(plain_text(raw.description))
    prose, stated_limits = _file_limits(prose)
    stated_limits = {**_prose_file_limits(prose), **stated_limits}
    values = _agree(source, where, "lists of possible values", raw.values, _values(marked.get("Possible values")), ", ")
    bounds = _agree(
        source, where, "ranges", raw.range, value_range(marked.get("Range", "")) if "Range" in marked else None, " to "
    )
    if limit is not None:
        values = _agree(source, where, "lists of possible values (here and in Limitations)", values, limit.values, ", ")
        bounds = _agree(source, where, "ranges (here and in Limitations)", bounds, limit.range, " to ")
    kind = _type(source, where, raw.type, has_values=values is not None)
    facts: Facts = {"type": kind}
    if raw.required:
        facts["required"] = True
    if values is not None:
        facts["enum"] = [_typed(source, where, v, kind) for v in values]
    default = _default(source, where, raw, marked.get("Default value"), kind)
    if default is not _NONE and default != "null":  # fal's generator writes None as "null"
        if "enum" in facts and default not in facts["enum"]:
            allowed = ", ".join(json.dumps(v) for v in facts["enum"])
            raise PageError(
                source, f"{where}: default {json.dumps(default)} is not one of its own possible values ({allowed})"
            )
        facts["default"] = default
    if bounds is not None:
        low, high = (_number(source, where, b) if b is not None else None for b in bounds)
        if low is not None and high is not None and low > high:
            raise PageError(source, f"{where}: range {bounds[0]} to {bounds[1]} is empty")
        facts.update({key: value for key, value in (("minimum", low), ("maximum", high)) if value is not None})
    facts.update(raw.limits)
    file = _file(raw, kind, stated_limits)
    if file is not None:
        facts["file"] = file
    if prose:
        facts["description"] = prose
    return facts


def _file(raw: RawField, kind: str, stated: dict[str, Any]) -> Facts | None:
    """A file field: one its source marks (``string | Blob | File``, ``x-fal``), or, by fal's
    naming, a string named ``…_url`` or a list of strings named ``…_urls``.  The kind
    follows the name (``video`` in it: a video; ``audio``, ``voice``, ``sound``: audio;
    ``image``, ``mask``, ``frame``: an image), else the limits (a duration: a video)."""
    named = (kind == "string" and raw.name.endswith("_url")) or (kind == "list[string]" and raw.name.endswith("_urls"))
    if not (raw.file or named):
        return None
    limits = {**stated, **raw.file_limits} if raw.file_limits is not None else stated
    words = raw.name.lower()
    if "video" in words:
        file_kind = "video"
    elif any(word in words for word in ("audio", "voice", "sound", "speech")):
        file_kind = "audio"
    elif any(word in words for word in ("image", "mask", "frame")):
        file_kind = "image"
    elif "min_duration" in limits or "max_fps" in limits:
        file_kind = "video"
    else:
        file_kind = "image" if "min_width" in limits else "file"
    return {"kind": file_kind, **dict(sorted(limits.items()))}


_LIMIT_ITEM = re.compile(
    r"(?P<label>Max file size|(?:Min|Max) (?:width|height|aspect ratio|duration|FPS)|Timeout):"
    r" (?P<value>\d+(?:\.\d+)?)\s*(?P<unit>MB|KB|GB|px|s)?"
)
_LIMIT_KEYS = {
    "Max file size": "max_file_size",
    "Min width": "min_width",
    "Max width": "max_width",
    "Min height": "min_height",
    "Max height": "max_height",
    "Min aspect ratio": "min_aspect_ratio",
    "Max aspect ratio": "max_aspect_ratio",
    "Min duration": "min_duration",
    "Max duration": "max_duration",
    "Min FPS": "min_fps",
    "Max FPS": "max_fps",
    "Timeout": "timeout",
}
_LIMIT_RUN = re.compile(
    rf"(?:{_LIMIT_ITEM.pattern})(?:, (?:{_LIMIT_ITEM.pattern}))*\.?\s*$".replace("(?P<label>", "(?:")
    .replace("(?P<value>", "(?:")
    .replace("(?P<unit>", "(?:")
)


def _file_limits(prose: str) -> tuple[str, dict[str, int | float]]:
    """fal's limit description ("Max file size: 10.0MB, Min width: 300px, …, Timeout: 20.0s")
    at the end of a description: the prose without it, and the limits it states."""
    run = _LIMIT_RUN.search(prose)
    if run is None:
        return prose, {}
    limits: dict[str, int | float] = {}
    for item in _LIMIT_ITEM.finditer(run[0]):
        limits[_LIMIT_KEYS[item["label"]]] = _measure(item["value"], item["unit"])
    return prose[: run.start()].rstrip(), limits


_BYTES = {"KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}


def _measure(text: str, unit: str | None = None) -> int | float:
    """A number as a page writes it, in bytes where its unit is one (``200MB``); whole
    numbers as integers."""
    number = float(text) * _BYTES.get((unit or "").upper(), 1)
    return int(number) if number.is_integer() else number


_PROSE_LIMITS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], dict[str, Any]]], ...] = (
    (
        re.compile(r"(?:only )?(?P<list>\.?[a-z0-9]+(?:/\.?[a-z0-9]+)*) (?:formats?|files?)(?: supported)?", re.I),
        lambda m: {"formats": [e.lstrip(".").lower() for e in m["list"].split("/")]},
    ),
    (
        re.compile(r"(?P<low>\d+(?:\.\d+)?)\s*[-–]\s*(?P<high>\d+(?:\.\d+)?)\s*(?:s|sec|seconds)(?: duration)?", re.I),
        lambda m: {"min_duration": _measure(m["low"]), "max_duration": _measure(m["high"])},
    ),
    (
        re.compile(r"(?:width/height )?(?P<low>\d+)\s*[-–]\s*(?P<high>\d+)\s*px(?: resolution)?", re.I),
        lambda m: {
            "min_width": int(m["low"]),
            "max_width": int(m["high"]),
            "min_height": int(m["low"]),
            "max_height": int(m["high"]),
        },
    ),
    (
        re.compile(r"(?:max(?:imum)?|up to|≤|<=)\s*(?P<size>\d+(?:\.\d+)?)\s*(?P<unit>KB|MB|GB)", re.I),
        lambda m: {"max_file_size": _measure(m["size"], m["unit"])},
    ),
)


def _prose_file_limits(prose: str) -> dict[str, Any]:
    """File limits a description states in words, as fal's video fields do: "Only .mp4/.mov
    formats, 3-15s duration, 720-3840px resolution, max 200MB."  A sentence is taken only
    when every comma-separated part of it is such a limit (and there are at least two), so
    prose that merely mentions a size is left alone.  "720-3840px resolution" bounds each
    side."""
    found: dict[str, Any] = {}
    for sentence in _sentences(prose):
        parts = [_prose_limit(part.strip()) for part in sentence.rstrip(".").split(",")]
        if len(parts) >= 2 and all(part is not None for part in parts):
            for part in parts:
                found.update(part or {})
    return found


def _prose_limit(part: str) -> dict[str, Any] | None:
    for pattern, build in _PROSE_LIMITS:
        if match := pattern.fullmatch(part):
            return build(match)
    return None


_NONE = object()


def _split_markers(text: str) -> tuple[str, dict[str, str]]:
    """Prose without the "Default value: …", "Possible values: …" and "Range: …" parts,
    and those parts by name.  Rendered pages run them together ("0.5Range: 0 to 1")."""
    marks = list(_MARKER.finditer(text))
    prose = [text[: marks[0].start()] if marks else text]
    marked: dict[str, str] = {}
    for i, mark in enumerate(marks):
        segment = text[mark.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        if mark[1] == "Default value":
            value, rest = _leading_value(segment)
            marked[mark[1]] = value
            prose.append(rest)
        else:
            marked[mark[1]] = segment.strip()
    return " ".join(" ".join(p.split()) for p in prose if p.strip()), marked


def _leading_value(segment: str) -> tuple[str, str]:
    """The JSON value a "Default value:" marker starts with (in backticks or bare), and the rest."""
    segment = segment.lstrip()
    if segment.startswith("`"):
        end = segment.find("`", 1)
        if end > 0:
            return segment[1:end], segment[end + 1 :]
    try:
        _, end = json.JSONDecoder().raw_decode(segment)
    except json.JSONDecodeError:
        return segment.strip(), ""
    return segment[:end], segment[end:]


def _values(text: str | None) -> tuple[str, ...] | None:
    return value_list(text) if text is not None else None


def _agree(source: str, where: str, what: str, first: Any, second: Any, joiner: str) -> Any:
    if first is not None and second is not None and first != second:
        raise PageError(
            source, f"{where}: the page states two different {what}: {joiner.join(first)} and {joiner.join(second)}"
        )
    return first if first is not None else second


def _type(source: str, where: str, raw: str, *, has_values: bool) -> str:
    text = raw.strip()
    if match := re.fullmatch(r"list<(.+)>", text):
        return f"list[{_type(source, where, match[1], has_values=has_values)}]"
    if text in _SCALARS:
        return _SCALARS[text]
    if text == "Enum" or (text.endswith("Enum") and re.fullmatch(r"[A-Z]\w*", text)):
        if not has_values:
            raise PageError(source, f"{where}: type {text} is an enum, but the page lists no possible values for it")
        return "string"
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*", text):
        return text
    raise PageError(
        source,
        f"{where}: type {raw!r} is not one this tool understands (expected a scalar, list<…>, an …Enum or a type name)",
    )


def _typed(source: str, where: str, value: str, kind: str) -> Any:
    if kind in ("integer", "float"):
        return _number(source, where, value)
    return value


def _number(source: str, where: str, text: str) -> int | float:
    try:
        return int(text) if re.fullmatch(r"-?\d+", text) else float(text)
    except ValueError:
        raise PageError(source, f"{where}: {text!r} is not a number") from None


def _default(source: str, where: str, raw: RawField, prose_default: str | None, kind: str) -> Any:
    """The default as typed JSON: pages write it in prose as JSON ("Default value: `"5"`");
    an MDX attribute or rendered ``default:"…"`` token only gives its text."""
    stated = _json(source, where, prose_default) if prose_default is not None else _NONE
    structural: Any = _NONE
    if raw.default is not None:
        structural = _json(source, where, raw.default) if raw.default_is_json else _coerce(raw.default, kind)
    if stated is not _NONE and structural is not _NONE and not _same(stated, structural):
        raise PageError(
            source,
            f"{where}: the page states two different defaults: {json.dumps(stated)} and {json.dumps(structural)}",
        )
    return stated if stated is not _NONE else structural


def _json(source: str, where: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return unquote(text)


def _coerce(text: str, kind: str) -> Any:
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    if kind in ("integer", "float") and re.fullmatch(r"-?\d+(\.\d+)?", text):
        return int(text) if kind == "integer" or "." not in text else float(text)
    if kind.startswith("list[") or kind[:1].isupper():
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


def _same(stated: Any, structural: Any) -> bool:
    # An attribute's text cannot say whether "5" was a string; compare as the page shows both.
    return bool(stated == structural or str(stated).lower() == str(structural).lower())


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


Build = Callable[[re.Match[str], str, Facts, dict[str, Facts]], "Facts | list[Facts] | None"]
"""A phrasing's reading: the rule (or rules) it states, or None where it sets a field limit
in ``facts`` itself; :class:`_NotHere` where it does not apply to this model."""


class _NotHere(Exception):
    """A known phrasing whose words do not fit this model's fields: left as prose, with a note."""


_RULE_WORDS = re.compile(
    r"\b(?:required|only|must|cannot|can't|not both|exclusive|unless|at least|at"
    r" most|maximum|minimum|total|together|instead)\b",
    re.I,
)


def _recognise(
    sentence: str, name: str, facts: Facts, fields: dict[str, Facts], rules: list[Facts], notes: list[str], where: str
) -> None:
    """Turn one sentence of a field's description into a rule or a field limit, if it is a
    known phrasing; a sentence that reads like a rule over other fields but is not one of
    them is reported, for a maintainer to curate."""
    for pattern, build in _PHRASINGS:
        match = pattern.fullmatch(sentence)
        if match is None:
            continue
        unknown = [n for g, n in match.groupdict().items() if g in ("a", "b", "other") and n not in fields]
        if unknown:
            notes.append(
                f"{where} field {name}: {sentence!r} names {', '.join(unknown)}, which is not a field here; left as"
                " prose"
            )
            return
        try:
            built = build(match, name, facts, fields)
        except _NotHere as reason:
            notes.append(f"{where} field {name}: {sentence!r} {reason}; left as prose")
            return
        for rule in built if isinstance(built, list) else [built] if built is not None else []:
            if not any(rule_identity(rule) == rule_identity(r) for r in rules):
                rules.append(rule)
        return
    if "file" in facts and _prose_file_limits(sentence):
        return  # the file's limits in words, read as such
    others = [other for other in fields if other != name and re.search(rf"\b{re.escape(other)}\b", sentence)]
    if others and _RULE_WORDS.search(sentence):
        notes.append(
            f"{where} field {name}: {sentence!r} reads like a rule over {', '.join(others)} but is not a phrasing"
            " falgen knows; left as prose"
        )


def _either(kind: str) -> Build:
    def build(m: re.Match[str], name: str, facts: Facts, fields: dict[str, Facts]) -> Facts:
        return {"kind": kind, "fields": [m["a"], m["b"]], "description": m[0]}

    return build


def _required_when(m: re.Match[str], name: str, facts: Facts, fields: dict[str, Facts]) -> Facts:
    return {
        "kind": "requires",
        "field": m["other"],
        "requires": [name],
        "description": f"{name} is required when {m['other']} is provided.",
    }


def _only_n(m: re.Match[str], name: str, facts: Facts, fields: dict[str, Facts]) -> None:
    """ "Only 1 element is supported." limits a list field's length; it is not a rule across fields."""
    if facts["type"].startswith("list["):
        count = m["count"].lower()
        facts["max_items"] = _NUMBER[count] if count in _NUMBER else int(count)


def _list_size(m: re.Match[str], name: str, facts: Facts, fields: dict[str, Facts]) -> None:
    """ "Multi-shot storyboard (1-6 shots)." or "(maximum 2 voices per task)" bounds a list
    field's length."""
    if facts["type"].startswith("list["):
        if m["low"] is not None:
            facts["min_items"] = int(m["low"])
        facts["max_items"] = int(m["high"])


def _required_unless(m: re.Match[str], name: str, facts: Facts, fields: dict[str, Facts]) -> Facts:
    return {
        "kind": "at_least_one_of",
        "fields": [name, m["other"]],
        "description": f"{name} is required unless {m['other']} is provided.",
    }


def _exclusive_with(m: re.Match[str], name: str, facts: Facts, fields: dict[str, Facts]) -> Facts:
    # Both fields usually say it of each other: one rule, worded the same whichever is read first.
    first, second = sorted([name, m["other"]])
    return {
        "kind": "mutually_exclusive",
        "fields": [first, second],
        "description": f"{first} and {second} are mutually exclusive.",
    }


def _only_when(m: re.Match[str], name: str, facts: Facts, fields: dict[str, Facts]) -> Facts:
    return {
        "kind": "only_when",
        "field": name,
        "when": {"field": m["other"], "equals": m["value"]},
        "description": m[0],
    }


_TOTAL_NOUNS = {
    "elements": ("elements",),
    "reference images": ("image_urls",),
    "start image": ("start_image_url", "image_url"),
}
_OPTIONAL_NOUNS = {"start image"}
"""Counted where the endpoint has the field; where it has none, it adds nothing to the total."""


def _max_total(m: re.Match[str], name: str, facts: Facts, fields: dict[str, Facts]) -> Facts:
    """ "Maximum 7 total (elements + reference images)." counts the items of several fields
    together; "when using video" holds on an endpoint whose video is required."""
    names = []
    for noun in (part.strip() for part in m["what"].split("+")):
        found = next((f for f in _TOTAL_NOUNS.get(noun, ()) if f in fields), None)
        if found is not None:
            names.append(found)
        elif noun not in _OPTIONAL_NOUNS:
            raise _NotHere(f"counts {noun!r}, which names no field here")
    if m["when"] and not fields.get("video_url", {}).get("required"):
        raise _NotHere("holds 'when using video', and this endpoint's video is optional")
    return {"kind": "max_total", "fields": names, "max": int(m["max"]), "description": m[0]}


_CASE = re.compile(r"(?P<seconds>\d+(?:\.\d+)?)\s*s max for '(?P<value>[^']+)'")


def _limit_depends(m: re.Match[str], name: str, facts: Facts, fields: dict[str, Facts]) -> list[Facts]:
    """ "Duration limit depends on character_orientation: 10s max for 'image', 30s max for
    'video'." holds a file field to a duration per value of another field."""
    if "file" not in facts:
        raise _NotHere("limits a file's duration, and this field takes no file")
    cases = [_CASE.fullmatch(case.strip()) for case in m["cases"].split(",")]
    if not all(cases):
        raise _NotHere("lists cases falgen cannot read")
    return [
        {
            "kind": "limit_when",
            "field": name,
            "when": {"field": m["other"], "equals": case["value"]},
            "file": {"max_duration": _measure(case["seconds"])},
            "description": f"{name} may be at most {case['seconds']} s long when {m['other']} is '{case['value']}'.",
        }
        for case in cases
        if case is not None
    ]


_PHRASINGS: tuple[tuple[re.Pattern[str], Build], ...] = (
    (re.compile(r"Either (?P<a>\w+) or (?P<b>\w+) must be provided, (?:but )?not both\."), _either("exactly_one_of")),
    (re.compile(r"Either (?P<a>\w+) or (?P<b>\w+) must be provided\."), _either("at_least_one_of")),
    (
        re.compile(r"(?P<a>\w+) and (?P<b>\w+) (?:are mutually exclusive|cannot be used together)\."),
        _either("mutually_exclusive"),
    ),
    (re.compile(r"Required when (?P<other>\w+) is provided\."), _required_when),
    (re.compile(r"Required unless (?P<other>\w+) is provided\."), _required_unless),
    (re.compile(r"Mutually exclusive with `?(?P<other>\w+)`?\."), _exclusive_with),
    (re.compile(r"Only (?P<count>\d+|one|two|three|four|five) \w+ (?:is|are) supported\."), _only_n),
    (re.compile(r"[^.()]*\((?:(?P<low>\d+)\s*[-–]\s*|maximum )(?P<high>\d+) \w+(?: per \w+)?\)\."), _list_size),
    (
        re.compile(r"Maximum (?P<max>\d+) total \((?P<what>[^)]+)\)(?: is allowed)?(?P<when> when using video)?\."),
        _max_total,
    ),
    (re.compile(r"Duration limit depends on (?P<other>\w+): (?P<cases>[^.]+)\."), _limit_depends),
    (re.compile(r"[^.]*\bis only supported when (?P<other>\w+) is '(?P<value>[^']+)'\."), _only_when),
)
