"""The per-model ``llms.txt`` page: ``- **`name`** (`type`, _required_)`` bullets with
``Default:``, ``Options:`` and ``Range:`` sub-bullets, and fenced JSON examples.

fal writes some pages more plainly (the v2.6 pro motion-control page: ``## Output Schema``,
``- **video** (File, required):``), so the backticks and emphasis are optional and the
schema headings may be of level 2 to 4."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..page import PageError, RawEndpoint, RawField, RawPage, json_object, plain_text, value_list, value_range

_HEADING = re.compile(r"^# (.+?)\s*$", re.MULTILINE)
_MODEL_ID = re.compile(r"\*\*Model ID\*\*:\s*`([^`]+)`")
_SECTION = re.compile(r"^#{2,4} (.+?)\s*$", re.MULTILINE)
_PARAM = re.compile(
    r"^- \*\*`?(?P<name>\w+)`?\*\* \(`?(?P<type>[^`,()]+)`?, [_*]?(?P<need>required|optional)[_*]?\):?["
    r" \t]*(?P<text>.*)$"
)
_SUB = re.compile(r"^\s+- (?P<key>\w+): (?P<value>.*)$")
_EXAMPLE = re.compile(r"\*\*(?P<name>[^*]+)\*\*:\s*```json[^\n]*\n(?P<json>.*?)```", re.DOTALL)


def read(source: str, content: str) -> RawPage:
    found = _MODEL_ID.search(content)
    if found is None:
        raise PageError(source, "no '**Model ID**:' line found")
    sections = _sections(content)
    if "Input Schema" not in sections:
        raise PageError(source, f"{found[1]}: no '### Input Schema' section")
    heading = _HEADING.search(content)
    examples = {m["name"].strip(): (m["name"].strip(), m["json"]) for m in _EXAMPLE.finditer(content)}
    endpoint = RawEndpoint(
        endpoint=found[1],
        title=heading[1] if heading else None,
        title_is_stated=False,
        inputs=_fields(sections["Input Schema"]),
        outputs=_fields(sections.get("Output Schema", "")),
        example_input=_example(source, examples.get("Full Example")),
        example_output=_example(source, examples.get("Example Response")),
        pricing=sections.get("Pricing"),
    )
    summary = re.match(r"\s*> (.+)", content[heading.end() :]) if heading else None
    return RawPage(
        source=source, format="llms", endpoints=(endpoint,), summary=plain_text(summary[1].strip()) if summary else None
    )


def _sections(content: str) -> dict[str, str]:
    marks = list(_SECTION.finditer(content))
    return {
        m[1]: content[m.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(content))]
        for i, m in enumerate(marks)
    }


@dataclass
class _Entry:
    field: RawField
    prose: list[str]


def _fields(section: str) -> tuple[RawField, ...]:
    entries: list[_Entry] = []
    current: _Entry | None = None
    for line in section.splitlines():
        if match := _PARAM.match(line):
            current = _Entry(
                RawField(match["name"], match["type"], required=match["need"] == "required"), [match["text"]]
            )
            entries.append(current)
        elif current is None or not line.strip():
            continue
        elif not line.startswith((" ", "\t")):
            current = None
        elif sub := _SUB.match(line):
            current.field = _sub_bullet(current.field, sub["key"], sub["value"].strip())
        elif line.lstrip().startswith("- "):
            continue  # "- Array of KlingV3MultiPromptElement" restates the type
        else:
            current.prose.append(line.strip())
    return tuple(replace(e.field, description=" ".join(p for p in e.prose if p)) for e in entries)


def _sub_bullet(field: RawField, key: str, value: str) -> RawField:
    if key == "Default":
        return replace(field, default=value.strip("`"), default_is_json=True)
    if key == "Options":
        return replace(field, values=value_list(value))
    if key == "Range":
        return replace(field, range=value_range(value))
    return field  # "Examples:" and the like add nothing a spec keeps


def _example(source: str, found: tuple[str, str] | None) -> dict[str, Any] | None:
    return json_object(source, f"the {found[0]}", found[1]) if found else None
