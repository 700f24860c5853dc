"""The reference page rendered as text: one token per line (name, type, ``required``,
``default:"…"``, description), headings as bare lines, limitations as ``•`` bullets.

A rendered page shows one endpoint (the open tab) and has no page heading.
"""

from __future__ import annotations

import re
from typing import Any

from ..page import Limitation, PageError, RawEndpoint, RawField, RawPage, json_object, limitation

_ENDPOINT_ID = re.compile(r"Endpoint ID:\s*(\S+)")
_HEADINGS = (
    "Quick Start",
    "Input Schema",
    "Output Schema",
    "Input Example",
    "Output Example",
    "Limitations",
    "Related",
)
_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_TYPE = re.compile(r"[A-Za-z][\w]*(?:<[\w<>, ]+>)?")
_DEFAULT = re.compile(r'default:"(.*)"')


def read(source: str, content: str) -> RawPage:
    ids = list(dict.fromkeys(_ENDPOINT_ID.findall(content)))
    if not ids:
        raise PageError(source, "no 'Endpoint ID:' line found")
    if len(ids) > 1:
        raise PageError(source, f"a rendered page shows one endpoint, found {len(ids)}: {', '.join(ids)}")
    sections = _sections(content.splitlines())
    if "Input Schema" not in sections:
        raise PageError(source, f"{ids[0]}: no 'Input Schema' section")
    limitations: list[Limitation] = []
    notes: list[str] = []
    for line in sections.get("Limitations", []):
        if not line.strip().startswith("•"):
            continue
        parsed = limitation(line.strip().removeprefix("•"))
        if isinstance(parsed, Limitation):
            limitations.append(parsed)
        else:
            notes.append(f"limitation not understood, left out: {parsed!r}")
    endpoint = RawEndpoint(
        endpoint=ids[0],
        title=None,
        title_is_stated=False,
        inputs=_fields(source, sections["Input Schema"]),
        outputs=_fields(source, sections.get("Output Schema", [])),
        example_input=_example(source, sections, "Input Example"),
        example_output=_example(source, sections, "Output Example"),
    )
    return RawPage(
        source=source, format="text", endpoints=(endpoint,), limitations=tuple(limitations), notes=tuple(notes)
    )


def _sections(lines: list[str]) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        if line.strip() in _HEADINGS:
            current = sections.setdefault(line.strip(), [])
        elif current is not None:
            current.append(line)
    return sections


def _fields(source: str, lines: list[str]) -> tuple[RawField, ...]:
    tokens = [line.strip() for line in lines if line.strip()]
    starts: list[int] = []
    for i in range(len(tokens) - 1):
        # A type token ("string") also looks like a name; a field starts after it, not on it.
        if (not starts or i > starts[-1] + 1) and _NAME.fullmatch(tokens[i]) and _TYPE.fullmatch(tokens[i + 1]):
            starts.append(i)
    fields = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(tokens)
        name, type_, *rest = tokens[start:end]
        required = bool(rest) and rest[0] == "required"
        rest = rest[1:] if required else rest
        default = None
        if rest and (match := _DEFAULT.fullmatch(rest[0])):
            default, rest = match[1], rest[1:]
        fields.append(RawField(name=name, type=type_, required=required, description=" ".join(rest), default=default))
    if tokens and not starts:
        raise PageError(source, f"a schema section has text but no 'name / type' lines: {tokens[0]!r}")
    return tuple(fields)


def _example(source: str, sections: dict[str, list[str]], name: str) -> dict[str, Any] | None:
    text = "\n".join(sections.get(name, [])).strip()
    return json_object(source, f"the {name}", text) if text else None
