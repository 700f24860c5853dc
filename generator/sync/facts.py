"""From a page's words to spec facts: types, defaults, enums, ranges, rules, limitations.

Every page format arrives here as the same :mod:`page` records, so each fact is read in
one place whatever the format; that is what makes a page and its rendered twin agree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..spec.model import ENDPOINT_ID, rule_identity
from .page import Limitation, PageError, RawEndpoint, RawField, RawPage, plain_text, unquote, value_list, value_range

Facts = dict[str, Any]

_SCALARS = {
    "string": "string", "str": "string",
    "float": "float", "number": "float",
    "integer": "integer", "int": "integer",
    "boolean": "boolean", "bool": "boolean",
}
_MARKER = re.compile(r"(?<![A-Za-z])(Default value|Possible values|Range):\s*")
_ENDPOINT_ID = re.compile(ENDPOINT_ID)
_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


@dataclass(frozen=True)
class ModelFacts:
    """What a page states about one model: its fields (spec-shaped) and the rules in its prose."""

    fields: dict[str, Facts]
    rules: tuple[Facts, ...]


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


@dataclass(frozen=True)
class PageFacts:
    source: str
    endpoints: tuple[EndpointFacts, ...]
    notes: tuple[str, ...]


def page_facts(page: RawPage) -> PageFacts:
    """Interpret a parsed page; raises :class:`PageError` when the page contradicts itself."""
    if not page.endpoints:
        raise PageError(page.source, "no endpoints found")
    seen = [e.endpoint for e in page.endpoints]
    if len(set(seen)) != len(seen):
        raise PageError(page.source, f"lists an endpoint twice: {', '.join(sorted({e for e in seen if seen.count(e) > 1}))}")
    notes = list(page.notes)
    for item in page.limitations:
        if not any(item.field in {f.name for f in e.inputs} for e in page.endpoints):
            notes.append(f"limitation on {item.field} not applicable: no endpoint on this page has that field ({item.text})")
    for endpoint in seen:
        if not _ENDPOINT_ID.fullmatch(endpoint):
            raise PageError(page.source, f"{endpoint!r} is not a fal endpoint id (expected lowercase path segments like fal-ai/kling-video/v3/pro/text-to-video)")
    endpoints = tuple(_endpoint(page, raw, notes) for raw in page.endpoints)
    return PageFacts(page.source, endpoints, tuple(notes))


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
    return EndpointFacts(
        endpoint=raw.endpoint,
        title=raw.title or derived_title(raw.endpoint),
        title_is_stated=raw.title is not None and raw.title_is_stated,
        summary=page.summary,
        summary_is_specific=not page.summary_is_page_wide,
        input=_model(page.source, f"{where} input", raw.inputs, limits, notes),
        output=_model(page.source, f"{where} output", raw.outputs, {}, notes),
        example_input=raw.example_input,
        example_output=raw.example_output,
    )


def _model(source: str, where: str, raws: tuple[RawField, ...], limits: dict[str, Limitation], notes: list[str]) -> ModelFacts:
    fields: dict[str, Facts] = {}
    for raw in raws:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", raw.name):
            raise PageError(source, f"{where}: parameter name {raw.name!r} is not an identifier")
        if raw.name in fields:
            raise PageError(source, f"{where}: field {raw.name} is listed twice")
        fields[raw.name] = _field(source, f"{where} field {raw.name}", raw, limits.get(raw.name))
    rules: list[Facts] = []
    for name, facts in fields.items():
        for sentence in _sentences(facts.get("description", "")):
            _recognise(sentence, name, facts, fields, rules, notes, where)
    return ModelFacts(fields, tuple(rules))


def _field(source: str, where: str, raw: RawField, limit: Limitation | None) -> Facts:
    prose, marked = _split_markers(plain_text(raw.description))
    values = _agree(source, where, "lists of possible values", raw.values, _values(marked.get("Possible values")), ", ")
    bounds = _agree(source, where, "ranges", raw.range, value_range(marked.get("Range", "")) if "Range" in marked else None, " to ")
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
    if default is not _NONE:
        if "enum" in facts and default not in facts["enum"]:
            allowed = ", ".join(json.dumps(v) for v in facts["enum"])
            raise PageError(source, f"{where}: default {json.dumps(default)} is not one of its own possible values ({allowed})")
        facts["default"] = default
    if bounds is not None:
        low, high = (_number(source, where, b) for b in bounds)
        if low > high:
            raise PageError(source, f"{where}: range {bounds[0]} to {bounds[1]} is empty")
        facts["minimum"], facts["maximum"] = low, high
    if prose:
        facts["description"] = prose
    return facts


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
        raise PageError(source, f"{where}: the page states two different {what}: {joiner.join(first)} and {joiner.join(second)}")
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
    raise PageError(source, f"{where}: type {raw!r} is not one this tool understands (expected a scalar, list<…>, an …Enum or a type name)")


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
        raise PageError(source, f"{where}: the page states two different defaults: {json.dumps(stated)} and {json.dumps(structural)}")
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


Build = Callable[[re.Match[str], str, Facts], "Facts | None"]


def _recognise(sentence: str, name: str, facts: Facts, fields: dict[str, Facts], rules: list[Facts], notes: list[str], where: str) -> None:
    """Turn one sentence of a field's description into a rule or a field limit, if it is a known phrasing."""
    for pattern, build in _PHRASINGS:
        match = pattern.fullmatch(sentence)
        if match is None:
            continue
        unknown = [n for g, n in match.groupdict().items() if g in ("a", "b", "other") and n not in fields]
        if unknown:
            notes.append(f"{where} field {name}: {sentence!r} names {', '.join(unknown)}, which is not a field here; left as prose")
            return
        rule = build(match, name, facts)
        if rule is not None and not any(rule_identity(rule) == rule_identity(r) for r in rules):
            rules.append(rule)
        return


def _either(kind: str) -> Build:
    def build(m: re.Match[str], name: str, facts: Facts) -> Facts:
        return {"kind": kind, "fields": [m["a"], m["b"]], "description": m[0]}

    return build


def _required_when(m: re.Match[str], name: str, facts: Facts) -> Facts:
    return {"kind": "requires", "field": m["other"], "requires": [name], "description": f"{name} is required when {m['other']} is provided."}


def _only_n(m: re.Match[str], name: str, facts: Facts) -> None:
    """"Only 1 element is supported." limits a list field's length; it is not a rule across fields."""
    if facts["type"].startswith("list["):
        count = m["count"].lower()
        facts["max_items"] = _NUMBER[count] if count in _NUMBER else int(count)


def _only_when(m: re.Match[str], name: str, facts: Facts) -> Facts:
    return {"kind": "only_when", "field": name, "when": {"field": m["other"], "equals": m["value"]}, "description": m[0]}


_PHRASINGS: tuple[tuple[re.Pattern[str], Build], ...] = (
    (re.compile(r"Either (?P<a>\w+) or (?P<b>\w+) must be provided, but not both\."), _either("exactly_one_of")),
    (re.compile(r"Either (?P<a>\w+) or (?P<b>\w+) must be provided\."), _either("at_least_one_of")),
    (re.compile(r"(?P<a>\w+) and (?P<b>\w+) (?:are mutually exclusive|cannot be used together)\."), _either("mutually_exclusive")),
    (re.compile(r"Required when (?P<other>\w+) is provided\."), _required_when),
    (re.compile(r"Only (?P<count>\d+|one|two|three|four|five) \w+ (?:is|are) supported\."), _only_n),
    (re.compile(r"[^.]*\bis only supported when (?P<other>\w+) is '(?P<value>[^']+)'\."), _only_when),
)
