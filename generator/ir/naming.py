"""Python names for what fal names: endpoint ids, fields and types.

The rules (the README's "Python names" section states them for users):

- An endpoint id below its family (``fal-ai/kling-video/``) is a path of segments, and
  each segment is an attribute on the client: lowercased, with every run of characters
  other than letters and digits turned into ``_`` (``v2.5-turbo`` → ``v2_5_turbo``,
  ``image-to-video`` → ``image_to_video``).  A Python keyword gets a trailing ``_``
  (``class`` → ``class_``).  A segment that starts with a digit is named by
  :data:`SEGMENT_NAMES` (``4k`` → ``uhd_4k``); any other such segment has no name, and
  the spec is refused until one is added there.
- A field's Python name (model attribute and call parameter) is its spec name, which is
  also what fal receives; when that name would break the generated code (a keyword, a
  name the generated modules use, a pydantic or fal-kling model attribute, a parameter
  the client methods add) it gets trailing ``_`` until it is free, and the model maps it
  back to the spec name.
- A type's name is its spec file's name, written in PascalCase; it may not be a name
  the generated modules import, nor any other generated class's name.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

SEGMENT_NAMES: dict[str, str] = {"4k": "uhd_4k"}
"""Names for endpoint-id segments that start with a digit, which no Python name may."""

CLIENT_PARAMETERS = frozenset({"self", "with_logs", "on_queue_update", "on_enqueue", "webhook_url"})
"""Keyword parameters the generated endpoint methods add to the input fields."""

MODEL_HELPERS = frozenset({"to_arguments"})
"""Public methods fal-kling adds to every model."""

ANNOTATION_NAMES = frozenset({"str", "int", "float", "bool", "list", "dict"})
"""Builtins the generated annotations use; a class attribute so named would shadow them."""

IMPORTED_NAMES = frozenset({
    "Annotated",
    "Any",
    "AsyncEndpoint",
    "AsyncRequestHandle",
    "Callable",
    "ClassVar",
    "DEFAULT_POLL_INTERVAL",
    "DEFAULT_START_TIMEOUT",
    "EndpointInfo",
    "Endpoint",
    "Estimate",
    "Field",
    "InputModel",
    "Integer",
    "Literal",
    "LocalFile",
    "Mapping",
    "MappingProxyType",
    "NOT_GIVEN",
    "NotGiven",
    "NotRequired",
    "OutputFile",
    "OutputModel",
    "Priority",
    "QueueUpdate",
    "RequestHandle",
    "Rules",
    "Sequence",
    "TYPE_CHECKING",
    "TypedDict",
    "UnknownEndpointError",
    "annotations",
    "cached_property",
    "fal_client",
    "given",
    "lazy_attributes",
    "types",
})
"""Every name the modules that hold fields and types import; none may also name a field or a type.
The package's own names (its client, its errors) are not among them, so they are the same for every target."""

_PASCAL = re.compile(r"[A-Z][A-Za-z0-9]*")
_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _pydantic_attributes() -> frozenset[str]:
    return frozenset(name for name in dir(BaseModel) if not name.startswith("_"))


RESERVED_FIELD_NAMES = (
    frozenset(keyword.kwlist)
    | ANNOTATION_NAMES
    | IMPORTED_NAMES
    | MODEL_HELPERS
    | CLIENT_PARAMETERS
    | _pydantic_attributes()
)


def segment_name(segment: str) -> str | None:
    """The attribute for one endpoint-id segment, or None when the rule gives it no name."""
    name = re.sub(r"[^a-z0-9]+", "_", segment.lower()).strip("_")
    if not name:
        return None
    if name[0].isdigit():
        return SEGMENT_NAMES.get(name)
    return name + "_" if keyword.iskeyword(name) else name


def camel(text: str) -> str:
    """``v3_standard_image_to_video`` → ``V3StandardImageToVideo``."""
    return "".join(part[:1].upper() + part[1:] for part in text.split("_") if part)


def is_field_name(name: str) -> bool:
    """Whether a spec may name a field so: letters, digits and underscores, starting with a letter."""
    return _FIELD.fullmatch(name) is not None


def needs_python_name(name: str, class_names: Iterable[str] = ()) -> bool:
    """Whether a field so named must carry another name in Python."""
    return name in RESERVED_FIELD_NAMES or name in class_names


def python_names(fields: Sequence[str], class_names: frozenset[str]) -> dict[str, str]:
    """Each field's Python name, for the fields of one model: unique, and none reserved."""
    kept = {name for name in fields if not needs_python_name(name, class_names)}
    names: dict[str, str] = {}
    for name in fields:
        if name in kept:
            names[name] = name
            continue
        candidate = name + "_"
        while candidate in kept or needs_python_name(candidate, class_names):
            candidate += "_"
        kept.add(candidate)
        names[name] = candidate
    return names


def type_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a type (its spec file's name), or None."""
    if not _PASCAL.fullmatch(name):
        return f"type name '{name}' (the file name) must be PascalCase: a capital letter, then letters and digits"
    if name in IMPORTED_NAMES or keyword.iskeyword(name):
        return f"type name '{name}' is a name the generated modules import; rename the file"
    return None


def param_name(type_name: str) -> str:
    """The ``TypedDict`` of a nested input type, as openai-python names request params:
    ``KlingV3MultiPromptElement`` → ``KlingV3MultiPromptElementParam``."""
    return type_name + "Param"


def enum_alias(python_name: str) -> str:
    """The ``Literal`` alias of an enum field, as fal's pages name it: ``duration`` → ``DurationEnum``."""
    return camel(python_name.rstrip("_")) + "Enum"
