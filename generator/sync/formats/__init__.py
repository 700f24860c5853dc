"""Readers for the three shapes fal's docs pages come in, and detection of which is which."""

from __future__ import annotations

import re
from collections.abc import Callable

from . import llms, mdx, text
from ..page import Format, PageError, RawPage

READERS: dict[Format, Callable[[str, str], RawPage]] = {"mdx": mdx.read, "text": text.read, "llms": llms.read}


def detect(content: str) -> Format | None:
    if "<ParamField" in content or re.search(r"^\s*<Tab\b", content, re.MULTILINE):
        return "mdx"
    if re.search(r"^- \*\*`\w+`\*\* \(", content, re.MULTILINE) or "**Model ID**" in content:
        return "llms"
    if re.search(r"^\s*Input Schema\s*$", content, re.MULTILINE):
        return "text"
    return None


def read_page(source: str, content: str, forced: Format | None = None) -> RawPage:
    """Parse a page's text; ``forced`` skips detection (``falgen sync --format``)."""
    kind = forced or detect(content)
    if kind is None:
        if not re.search(r"Endpoint ID|Model ID", content):
            raise PageError(
                source,
                "no endpoint id found; this looks like a fragment, not a fal docs page "
                "(expected an MDX reference page, its rendered text, or an llms.txt page)",
            )
        raise PageError(source, "has an endpoint id but no input schema; cannot tell which page format it is (use --format)")
    return READERS[kind](source, content)
