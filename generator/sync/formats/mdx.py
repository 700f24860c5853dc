"""The MDX reference page: one ``<Tab>`` per endpoint, ``<ParamField>`` tags, fenced JSON examples."""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import replace
from typing import Any

from ..page import Limitation, PageError, RawEndpoint, RawField, RawPage, json_object, limitation, plain_text

_HEADING = re.compile(r"^# (.+?)\s*$", re.MULTILINE)
_TAB = re.compile(r'<Tab\s+title="([^"]*)"\s*>(.*?)</Tab>', re.DOTALL)
_ENDPOINT_ID = re.compile(r"\*\*Endpoint ID:\*\*\s*`([^`]+)`")
_SECTION = re.compile(r"^\s*#{2,3} (.+?)\s*$", re.MULTILINE)
_PARAM = re.compile(r'<ParamField\b(?P<attrs>(?:[^>"]|"[^"]*")*?)(?:/>|>(?P<body>.*?)</ParamField>)', re.DOTALL)
_ATTR = re.compile(r'(\w+)(?:="([^"]*)")?')
_JSON_FENCE = re.compile(r"```json[^\n]*\n(.*?)```", re.DOTALL)
_LIST_ITEM = re.compile(r"^\s*[*-]\s+(.+?)\s*$", re.MULTILINE)


def read(source: str, content: str) -> RawPage:
    heading = _HEADING.search(content)
    page_name = heading[1].removesuffix(" API").strip() if heading else None
    tabs = [(title, body) for title, body in _TAB.findall(content)] or [("", content)]
    endpoints = tuple(_endpoint(source, page_name, title, body) for title, body in tabs)
    summary = _summary(content, heading, page_name)
    if len(endpoints) > 1 and summary:
        # The page's blockquote describes its first tab, not the others.
        endpoints = (replace(endpoints[0], summary=summary), *endpoints[1:])
        summary = None
    sections = _sections(content)
    limitations: list[Limitation] = []
    notes: list[str] = []
    for item in _LIST_ITEM.findall(sections.get("Limitations", "")):
        parsed = limitation(item)
        if isinstance(parsed, Limitation):
            limitations.append(parsed)
        else:
            notes.append(f"limitation not understood, left out: {parsed!r}")
    return RawPage(
        source=source,
        format="mdx",
        endpoints=endpoints,
        summary=summary,
        limitations=tuple(limitations),
        notes=tuple(notes),
    )


def _summary(content: str, heading: re.Match[str] | None, page_name: str | None) -> str | None:
    """The blockquote under the page heading, without its "API reference for X." lead-in."""
    if heading is None:
        return None
    quote = re.match(r"\s*> (.+)", content[heading.end() :])
    if quote is None:
        return None
    text = plain_text(quote[1].strip())
    if page_name:
        text = text.removeprefix(f"API reference for {page_name}.").strip()
    return text or None


def _sections(body: str) -> dict[str, str]:
    """Heading text → the text up to the next heading of any level."""
    marks = list(_SECTION.finditer(body))
    return {
        m[1]: body[m.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(body))] for i, m in enumerate(marks)
    }


def _endpoint(source: str, page_name: str | None, tab: str, body: str) -> RawEndpoint:
    where = f"tab {tab!r}" if tab else "the page"
    found = _ENDPOINT_ID.search(body)
    if found is None:
        raise PageError(source, f"{where} has no '**Endpoint ID:**' line")
    sections = _sections(body)
    if "Input Schema" not in sections:
        raise PageError(source, f"{where} ({found[1]}) has no '### Input Schema' section")
    if page_name and not tab:
        # A page of one endpoint is headed by its family ("Kling Video V2.6 Standard", for
        # motion control), or by its family and name ("Kling Video O3 Standard Text To
        # Video"): either way its title names the endpoint as a tab would.
        name = found[1].rsplit("/", 1)[-1].replace("-", " ")
        if page_name.lower().endswith(" " + name.lower()):
            page_name, tab = page_name[: -len(name)].strip(), page_name[-len(name) :]
        else:
            tab = name.title()
    title = f"{page_name} — {tab}" if page_name and tab else (page_name or None)
    return RawEndpoint(
        endpoint=found[1],
        title=title,
        title_is_stated=title is not None,
        inputs=_fields(sections["Input Schema"]),
        outputs=_fields(sections.get("Output Schema", "")),
        example_input=_example(source, where, sections, "Input Example"),
        example_output=_example(source, where, sections, "Output Example"),
    )


def _fields(section: str) -> tuple[RawField, ...]:
    fields = []
    for match in _PARAM.finditer(section):
        attrs = {name: html.unescape(value) for name, value in _ATTR.findall(match["attrs"])}
        fields.append(
            RawField(
                name=attrs.get("body", ""),
                type=attrs.get("type", ""),
                required="required" in attrs,
                description=_prose(match["body"] or ""),
                default=attrs.get("default"),
            )
        )
    return tuple(fields)


def _prose(body: str) -> str:
    """A ParamField body as one line: wrapped lines and paragraphs joined by spaces."""
    lines = textwrap.dedent(body).strip().splitlines()
    return " ".join(line.strip() for line in lines if line.strip())


def _example(source: str, where: str, sections: dict[str, str], name: str) -> dict[str, Any] | None:
    fence = _JSON_FENCE.search(sections.get(name, ""))
    return json_object(source, f"{where}: the {name}", fence[1]) if fence else None
