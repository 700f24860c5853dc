"""What a docs page says, before any interpretation: the common output of every page format.

Each format reader (``formats/``) fills these records with the page's own words; turning
those words into spec facts (types, defaults, enums, rules) happens once, in ``facts``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import FalgenError

Format = Literal["mdx", "text", "llms"]
FORMATS: tuple[Format, ...] = ("mdx", "text", "llms")

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


class PageError(FalgenError):
    """A page that cannot be read as a fal docs page, or that contradicts itself."""

    def __init__(self, page: str, message: str) -> None:
        self.page = page
        super().__init__(f"{page}: {message}")


def plain_text(text: str) -> str:
    """Page prose as a spec stores it: Markdown escapes and typographic quotes undone."""
    return _ESCAPE.sub(r"\1", text).translate(_QUOTES)


def value_list(text: str) -> tuple[str, ...]:
    """A list of values as pages write them: `` `a`, `b` ``, ``"a", "b"`` or ``a, b``."""
    quoted = re.findall(r"`([^`]*)`", text)
    items = quoted if quoted else [item.strip() for item in text.split(",")]
    return tuple(unquote(item) for item in items if item.strip())


def unquote(token: str) -> str:
    """``"5"`` → ``5``: llms.txt pages write option values as JSON strings."""
    token = token.strip()
    if len(token) >= 2 and token[0] == token[-1] == '"':
        try:
            value = json.loads(token)
        except json.JSONDecodeError:
            return token
        if isinstance(value, str):
            return value
    return token


_RANGE = re.compile(r"`?(-?\d+(?:\.\d+)?)`?\s+to\s+`?(-?\d+(?:\.\d+)?)`?")


def value_range(text: str) -> tuple[str, str] | None:
    """``0 to 1`` (backticks optional) → ``("0", "1")``."""
    match = _RANGE.match(text.strip())
    return (match[1], match[2]) if match else None


@dataclass(frozen=True)
class RawField:
    """One parameter as the page writes it.

    ``description`` still holds inline markers ("Default value: …", "Possible values: …",
    "Range: …"); ``default``, ``values`` and ``range`` hold what the format states in its
    own structure (an attribute, a token line, a sub-bullet).
    """

    name: str
    type: str
    required: bool = False
    description: str = ""
    default: str | None = None
    default_is_json: bool = False
    values: tuple[str, ...] | None = None
    range: tuple[str, str] | None = None


@dataclass(frozen=True)
class RawEndpoint:
    endpoint: str
    title: str | None
    # MDX titles follow the page's own headings and are kept in sync; an llms.txt
    # heading is a display name, used only for a spec that has no title yet.
    title_is_stated: bool
    inputs: tuple[RawField, ...]
    outputs: tuple[RawField, ...]
    example_input: dict[str, Any] | None = None
    example_output: dict[str, Any] | None = None


@dataclass(frozen=True)
class Limitation:
    """A page-level restriction on a field, e.g. "`cfg_scale` range: 0 to 1"."""

    field: str
    text: str
    values: tuple[str, ...] | None = None
    range: tuple[str, str] | None = None


@dataclass(frozen=True)
class RawPage:
    source: str
    format: Format
    endpoints: tuple[RawEndpoint, ...]
    summary: str | None = None
    summary_is_page_wide: bool = False
    limitations: tuple[Limitation, ...] = ()
    notes: tuple[str, ...] = field(default=())


def json_object(source: str, what: str, text: str) -> dict[str, Any]:
    """A JSON example from a page: it must be an object; anything after it is ignored."""
    try:
        value, _ = json.JSONDecoder().raw_decode(text.strip())
    except json.JSONDecodeError as error:
        raise PageError(source, f"{what} is not valid JSON ({error})") from None
    if not isinstance(value, dict):
        raise PageError(source, f"{what} is not a JSON object")
    return value


_LIMITATION = re.compile(r"`?(?P<field>\w+)`?\s+(?P<kind>range|restricted to):\s*(?P<rest>.+)")


def limitation(item: str) -> Limitation | str:
    """One entry of a page's Limitations list, or the entry's text when it is not understood."""
    text = plain_text(item.strip())
    match = _LIMITATION.fullmatch(text)
    if match is None:
        return text
    if match["kind"] == "range":
        bounds = value_range(match["rest"])
        return Limitation(match["field"], text, range=bounds) if bounds else text
    return Limitation(match["field"], text, values=value_list(match["rest"]))
