"""What a source says, before any interpretation: the common output of every reader.

Each reader (``formats/``: docs pages in three formats, OpenAPI documents, TypeScript
types) fills these records with the source's own words and structure; turning them into
spec facts (types, defaults, enums, limits, rules) happens once, in ``facts``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import FalgenError
from ..source_formats import Format
from ..spec.model import ENDPOINT_ID, app_of

SourceKind = Literal["page", "openapi", "typescript"]
KINDS: tuple[SourceKind, ...] = ("page", "openapi", "typescript")


def kind_of(format: Format) -> SourceKind:
    """The kind of source a format is: the three page formats are all pages."""
    return "openapi" if format == "openapi" else "typescript" if format == "typescript" else "page"


_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


class PageError(FalgenError):
    """A page that cannot be read as a fal docs page, or that contradicts itself."""

    def __init__(self, page: str, message: str) -> None:
        self.page = page
        super().__init__(f"{page}: {message}")


_ENDPOINT_ID = re.compile(ENDPOINT_ID)


EndpointFilter = Callable[[str], bool]
"""Which endpoint ids to read (``falgen sync --only``, or the specs' own app)."""


def check_picked(source: str, endpoints: Sequence[str]) -> None:
    """Refuse, before reading them, endpoints that could not become specs: an id that could
    not name a spec file (``../../outside``), or the endpoints of more than one app (fal's
    types and catalogue hold every app's; a package holds one)."""
    for endpoint in endpoints:
        if not _ENDPOINT_ID.fullmatch(endpoint):
            raise PageError(
                source,
                f"{endpoint!r} is not a fal endpoint id (expected lowercase path segments like"
                " fal-ai/kling-video/v3/pro/text-to-video)",
            )
    apps = sorted({app_of(endpoint) for endpoint in endpoints})
    if len(apps) > 1:
        shown = ", ".join(apps[:3]) + (", …" if len(apps) > 3 else "")
        raise PageError(
            source,
            f"holds the endpoints of {len(apps)} apps ({shown}); falgen keeps one app's endpoints: pick them with"
            f" --only, e.g. --only '{apps[0]}/*'",
        )


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
    limits: dict[str, int | float] = field(default_factory=dict)
    """Constraints a machine-readable source states in its own structure, by spec key
    (:data:`spec.constraints.CONSTRAINTS`): string lengths, list sizes."""
    file: bool = False
    """The source says the field takes a file (TypeScript's ``string | Blob | File``, OpenAPI's ``x-fal``)."""
    file_limits: dict[str, int | float] | None = None
    """fal's limits on that file (OpenAPI ``x-fal``: ``max_file_size``, ``min_width``, ...)."""
    number_precision_unknown: bool = False
    """The type is a number, without saying integer or float (TypeScript's ``number``)."""
    examples: tuple[Any, ...] = ()
    """Example values the source gives for this field alone."""


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
    input_description: str = ""
    output_description: str = ""
    summary: str | None = None
    """The endpoint's own summary, where a page with several endpoints gives one."""
    field_order_is_stated: bool = True
    """False where the source lists fields in an order of its own (TypeScript: alphabetical)."""
    types: dict[str, RawType] = field(default_factory=dict)
    """The nested types this endpoint uses, directly or through each other, by name."""
    pricing: str | None = None
    """The page's pricing paragraph, as written."""


@dataclass(frozen=True)
class RawType:
    """A nested type a source defines (pages never do; OpenAPI and TypeScript sources do)."""

    name: str
    description: str
    fields: tuple[RawField, ...]


@dataclass(frozen=True)
class Limitation:
    """A page-level restriction on a field, e.g. "`cfg_scale` range: 0 to 1"."""

    field: str
    text: str
    values: tuple[str, ...] | None = None
    range: tuple[str, str] | None = None


@dataclass(frozen=True)
class RawPage:
    """What one source states: its endpoints (with the nested types they use) and page-wide facts."""

    source: str
    format: Format
    endpoints: tuple[RawEndpoint, ...]
    summary: str | None = None
    summary_is_page_wide: bool = False
    limitations: tuple[Limitation, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> SourceKind:
        return kind_of(self.format)


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
