"""Readers for every kind of source fal publishes, and detection of which is which: its docs
pages in three shapes (MDX, rendered text, llms.txt), OpenAPI documents, TypeScript types."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ...source_formats import Format
from ..page import EndpointFilter, PageError, RawPage, check_picked
from . import llms, mdx, openapi, text, typescript

_PAGE_READERS: dict[Format, Callable[[str, str], RawPage]] = {"mdx": mdx.read, "text": text.read, "llms": llms.read}


def detect(content: str) -> Format | None:
    if openapi.is_json(content):
        return "openapi"
    if typescript.is_typescript(content):
        return "typescript"
    if "<ParamField" in content or re.search(r"^\s*<Tab\b", content, re.MULTILINE):
        return "mdx"
    if re.search(r"^- \*\*`\w+`\*\* \(", content, re.MULTILINE) or "**Model ID**" in content:
        return "llms"
    if re.search(r"^\s*Input Schema\s*$", content, re.MULTILINE):
        return "text"
    return None


def read_page(
    source: str, content: str, forced: Format | None = None, wanted: EndpointFilter = lambda endpoint: True
) -> RawPage:
    """Parse a source's text and keep the endpoints ``wanted`` picks; ``forced`` skips
    detection (``falgen sync --format``)."""
    kind = forced or detect(content)
    if kind is None:
        if "export " in content and ("type " in content or "interface " in content):
            raise PageError(
                source,
                "is TypeScript, but has no EndpointTypeMap: expected fal-js's src/types/endpoints.ts or"
                " @fal-ai/client's endpoints.d.ts",
            )
        if not re.search(r"Endpoint ID|Model ID", content):
            raise PageError(
                source,
                "no endpoint id found; this looks like a fragment, not a fal docs page (expected an MDX reference page,"
                " its rendered text, an llms.txt page, an OpenAPI document or fal's TypeScript types)",
            )
        raise PageError(
            source, "has an endpoint id but no input schema; cannot tell which page format it is (use --format)"
        )
    if kind == "typescript":
        return typescript.read(source, content, wanted)
    if kind == "openapi":
        return openapi.read(source, content, wanted)
    page = _PAGE_READERS[kind](source, content)
    _check_complete(source, content, page)
    check_picked(source, [e.endpoint for e in page.endpoints])
    return replace(page, endpoints=tuple(e for e in page.endpoints if wanted(e.endpoint)))


_FENCE = re.compile(r"^\s*```", re.MULTILINE)


def _check_complete(source: str, content: str, page: RawPage) -> None:
    """fal's servers sometimes cut a page off; what a cut page leaves out must not read as
    "these fields were removed", so a page that shows the signs is refused whole."""
    if len(_FENCE.findall(content)) % 2:
        raise PageError(source, "ends inside a ``` code block: the page looks cut off, so nothing was read from it")
    if content.count("<Tab ") != content.count("</Tab>"):
        raise PageError(source, "opens a <Tab> it does not close: the page looks cut off, so nothing was read from it")
    for endpoint in page.endpoints:
        if not endpoint.outputs:
            raise PageError(
                source,
                f"{endpoint.endpoint}: no output fields (no Output Schema section, or an empty one): the page looks cut"
                " off, so nothing was read from it",
            )
