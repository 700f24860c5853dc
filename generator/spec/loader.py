"""Reading spec files: safe YAML, plain JSON-like data, bounded, every node's line remembered.

PyYAML silently keeps the last of two equal keys, so a duplicated field would vanish
without a word; the node walk below catches that and records where each key and item
stands, so every later error can point at ``file:line``.  The same walk refuses what
would break the generated package or the tools after it: values that are not JSON
data (dates, binary, sets), keys that are not strings, text with control characters or
lone surrogates, non-finite numbers.  The composer bounds nesting and alias expansion,
so a hostile file fails fast instead of exhausting the stack or the memory.
"""

from __future__ import annotations

import difflib
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..cache import NO_CACHE, Cache, digest
from ..errors import Problem, SpecError
from ..files import MIB, UnreadableFile, read_limited
from .model import EndpointSpec, TypeSpec, spec_keys

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

TYPES_DIR = "types"
MAX_SPEC_BYTES = MIB
"""The largest spec file read; the largest real spec is a few dozen KiB."""
MAX_DEPTH = 64
"""How deeply YAML collections may nest: far beyond any spec, far below any recursion limit."""
MAX_VALUES = 100_000
"""How many values a spec may hold once YAML aliases are expanded."""

_TAG = "tag:yaml.org,2002:"
_JSON_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}
_MERGE_TAG = f"{_TAG}merge"


class LineIndex:
    """Where each node of a spec was written, by location.  A spec read from the cache
    parses its text again the first time a line is asked for: lines are for error
    messages, which most runs never print."""

    def __init__(self, lines: dict[Loc, int] | None = None, *, text: str = "", path: Path = Path()) -> None:
        self._lines = lines
        self._text, self._path = text, path

    @property
    def lines(self) -> dict[Loc, int]:
        if self._lines is None:
            self._lines = parse_yaml(self._text, self._path)[1]
        return self._lines


@dataclass(frozen=True)
class SpecFile(Generic[M]):
    """A parsed spec file: the validated spec plus where each of its parts was written."""

    path: Path
    spec: M
    index: LineIndex = field(repr=False)

    @property
    def name(self) -> str:
        return self.path.stem

    def line_of(self, *loc: str | int) -> int | None:
        return line_of(self.index.lines, loc)

    def problem(self, message: str, *loc: str | int) -> Problem:
        return Problem(self.path, self.line_of(*loc), message)


@dataclass(frozen=True)
class LoadedSpecs:
    endpoints: list[SpecFile[EndpointSpec]]
    types: list[SpecFile[TypeSpec]]


def line_of(lines: dict[Loc, int], loc: Sequence[str | int]) -> int | None:
    """The line of the deepest written node on ``loc``."""
    for end in range(len(loc), -1, -1):
        line = lines.get(tuple(loc[:end]))
        if line is not None:
            return line
    return None


# libyaml (PyYAML's C parser) scans and parses about 16 times faster than PyYAML's own
# Python parser; where it is missing, the Python one is used.  Either way the events go
# through PyYAML's Python composer, which the loader below extends with the limits
# (libyaml's own composer recurses in C, unbounded).
_LIBYAML: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)
_EVENTS: tuple[type, ...] = (
    (_LIBYAML,) if _LIBYAML is not None else (yaml.parser.Parser, yaml.scanner.Scanner, yaml.reader.Reader)
)


class _BoundedLoader(yaml.composer.Composer, *_EVENTS, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):  # type: ignore[misc]
    """PyYAML's safe loader with limits on nesting depth and on alias expansion."""

    def __init__(self, text: str) -> None:
        if _LIBYAML is not None:
            _LIBYAML.__init__(self, text)
        else:  # pragma: no cover - PyYAML built without libyaml
            yaml.reader.Reader.__init__(self, text)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._depth = 0
        self._values: dict[int, int] = {}  # id(node) → values it stands for, aliases expanded

    def _mark(self) -> yaml.Mark:
        """Where the next event starts."""
        mark: yaml.Mark = self.peek_event().start_mark
        return mark

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        mark = self._mark()
        if self.check_event(yaml.AliasEvent):
            node = super().compose_node(parent, index)
            if node is None or id(node) not in self._values:
                raise yaml.composer.ComposerError(None, None, "an alias refers to a collection that contains it", mark)
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"collections nested more than {MAX_DEPTH} levels deep", mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is None:
            return None
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        count = 1 + sum(self._values[id(child)] for child in children)
        if count > MAX_VALUES:
            raise yaml.composer.ComposerError(
                None, None, f"aliases expand this document to more than {MAX_VALUES:,} values", mark
            )
        self._values[id(node)] = count
        return node


# Control characters (Unicode category Cc) other than tab and line breaks, and lone surrogates.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _text_problem(text: str) -> str | None:
    found = _BAD_CHARACTER.search(text)
    if found is None:
        return None
    char = found[0]
    if "\ud800" <= char <= "\udfff":
        return f"lone surrogate U+{ord(char):04X}; spec text must be valid Unicode"
    return (
        f"control character U+{ord(char):04X}; spec text may hold tabs and line breaks but no other control characters"
    )


class _Walk:
    """One pass over a composed document: line index, duplicate keys, and the data checks."""

    def __init__(self, loader: _BoundedLoader, path: Path) -> None:
        self.loader = loader
        self.path = path
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []

    def fail(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1, message))

    def node(self, node: yaml.Node, loc: Loc) -> None:
        self.lines[loc] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    self.node(value_node, loc)
                    continue
                if key_node.tag != f"{_TAG}str":
                    kind = key_node.tag.removeprefix(_TAG)
                    self.fail(key_node, f"key {key_node.value!r} is not a string (YAML reads it as {kind}); quote it")
                    continue
                self.scalar(key_node)
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in seen:
                    what = "field" if loc and loc[-1] == "fields" else "key"
                    self.problems.append(
                        Problem(self.path, line, f"duplicate {what} '{key}' (first defined on line {seen[key]})")
                    )
                    continue
                seen[key] = line
                self.node(value_node, (*loc, key))
                self.lines[(*loc, key)] = line
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.node(item, (*loc, index))
        else:
            self.scalar(node)

    def scalar(self, node: yaml.Node) -> None:
        if node.tag not in _JSON_TAGS:
            self.fail(
                node,
                f"{node.value!r} is read as YAML type {node.tag.removeprefix(_TAG)!r}, which is not JSON data;"
                " quote it",
            )
        elif node.tag == f"{_TAG}str":
            problem = _text_problem(node.value)
            if problem is not None:
                self.fail(node, problem)
        elif node.tag == f"{_TAG}int" and sum(c.isdigit() for c in node.value) > sys.get_int_max_str_digits():
            self.fail(node, f"integer with more than {sys.get_int_max_str_digits()} digits")
        elif (
            node.tag == f"{_TAG}float"
            and isinstance(node, yaml.ScalarNode)
            and not math.isfinite(self.loader.construct_yaml_float(node))
        ):
            self.fail(node, f"{node.value} is not a finite number; specs hold JSON numbers only")


def read_yaml(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse one YAML document safely (plain data only) with its line index."""
    return parse_yaml(_read_spec_text(path), path)


def _read_spec_text(path: Path) -> str:
    try:
        return read_limited(path, MAX_SPEC_BYTES).decode("utf-8")
    except UnreadableFile as error:
        raise SpecError([Problem(path, None, str(error))]) from None
    except UnicodeDecodeError:
        raise SpecError([Problem(path, None, "not UTF-8 text")]) from None


def parse_yaml(text: str, path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse ``text``, read from ``path``, safely (plain data only) with its line index."""
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text)
        node = loader.get_single_node()
        if node is None:
            raise SpecError([Problem(path, None, "empty file; expected a YAML mapping")])
        walk = _Walk(loader, path)
        walk.node(node, ())
        if walk.problems:
            raise SpecError(walk.problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = exc.problem or exc.context or "invalid YAML"
        raise SpecError([Problem(path, line, f"invalid YAML: {reason}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise SpecError(
            [Problem(path, line, f"invalid YAML: character U+{exc.character:04X} is not allowed in a YAML file")]
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError([Problem(path, None, f"invalid YAML: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, walk.lines


def _written_path(data: Any, loc: Sequence[str | int], *, names_key: bool) -> Loc:
    """The part of a pydantic error location that names written nodes: union member tags
    (``str``, ``float``) are dropped; ``names_key`` keeps a last part that is not written,
    the key a "missing" error is about."""
    out: list[str | int] = []
    for index, part in enumerate(loc):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        elif not (names_key and index == len(loc) - 1):
            continue
        out.append(part)
    return tuple(out)


_KINDS = {
    "str": "a string",
    "bool": "a boolean",
    "int": "an integer",
    "float": "a number",
    "dict": "a mapping",
    "list": "a list",
}


def _describe(error: Any, where: Loc) -> str:
    dotted = ".".join(str(p) for p in where) or "(document)"
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(where[-1]) if where else "?"
        close = difflib.get_close_matches(key, sorted(spec_keys()), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown key '{key}' at {dotted}{hint}"
    if kind == "missing":
        return f"missing required key '{where[-1]}' at {dotted}"
    if kind == "string_pattern_mismatch" and where == ("endpoint",):
        return (
            f"endpoint id {error['input']!r} must be lowercase segments joined by '/', like"
            " fal-ai/kling-video/v3/pro/text-to-video"
        )
    if kind == "union_tag_invalid":
        return f"{dotted}: unknown rule kind {error['ctx']['tag']!r}; expected one of {error['ctx']['expected_tags']}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{dotted}: {message}"


def _union(errors: list[Any], where: Loc) -> str:
    """One message for a value no member of a union accepts (``maximum: '5'``)."""
    dotted = ".".join(str(p) for p in where) or "(document)"
    expected = list(dict.fromkeys(_KINDS.get(str(e["loc"][-1]), str(e["loc"][-1])) for e in errors))
    words = expected[0] if len(expected) == 1 else ", ".join(expected[:-1]) + " or " + expected[-1]
    return f"{dotted}: {errors[0]['input']!r} is not {words}"


def _parsed(path: Path, cache: Cache) -> tuple[Any, LineIndex]:
    """The file's data and line index; the data is cached by the file's text, since the
    parse is the slow part."""
    text = _read_spec_text(path)
    key = digest("yaml", text)
    entry = cache.get("yaml", key)
    if isinstance(entry, dict) and "data" in entry:
        return entry["data"], LineIndex(text=text, path=path)
    data, lines = parse_yaml(text, path)
    cache.put("yaml", key, {"data": data})
    return data, LineIndex(lines)


def parse_spec(path: Path, model: type[M], cache: Cache = NO_CACHE) -> SpecFile[M]:
    data, index = _parsed(path, cache)
    if not isinstance(data, dict):
        raise SpecError([Problem(path, 1, f"expected a YAML mapping at the top level, found {type(data).__name__}")])
    try:
        spec = model.model_validate(data)
    except ValidationError as exc:
        by_place: dict[Loc, list[Any]] = {}
        for error in exc.errors(include_url=False):
            where = _written_path(data, error["loc"], names_key=error["type"] in ("missing", "extra_forbidden"))
            by_place.setdefault(where, []).append(error)
        problems = []
        for where, errors in by_place.items():
            line = line_of(index.lines, where)
            members = [
                e
                for e in errors
                if tuple(e["loc"])[: len(where)] == where
                and len(e["loc"]) == len(where) + 1
                and e["type"].endswith("_type")
            ]
            if len(members) > 1 and len(members) == len(errors):
                problems.append(Problem(path, line, _union(members, where)))
            else:
                problems.extend(Problem(path, line, _describe(error, where)) for error in errors)
        raise SpecError(problems) from None
    return SpecFile(path, spec, index)


def load_spec_dir(root: Path, cache: Cache = NO_CACHE) -> LoadedSpecs:
    """Load every spec below ``root``; all problems across all files are reported together."""
    if not root.is_dir():
        raise SpecError([Problem(root, None, "specs directory not found")])
    problems: list[Problem] = []
    endpoints: list[SpecFile[EndpointSpec]] = []
    types: list[SpecFile[TypeSpec]] = []
    for path in sorted(root.rglob("*")):
        if path.is_dir():
            continue
        relative = path.relative_to(root)
        if path.suffix not in {".yaml", ".yml"}:
            problems.append(Problem(path, None, "not a spec file; spec files end in .yaml"))
            continue
        try:
            if relative.parts[0] == TYPES_DIR:
                types.append(parse_spec(path, TypeSpec, cache))
            else:
                endpoints.append(parse_spec(path, EndpointSpec, cache))
        except SpecError as exc:
            problems.extend(exc.problems)
    problems.extend(_duplicate_types(types, root))
    if problems:
        raise SpecError(problems)
    return LoadedSpecs(endpoints, types)


def _duplicate_types(types: list[SpecFile[TypeSpec]], root: Path) -> list[Problem]:
    """A type is named by its file; two files with one name would silently replace each other."""
    by_name: dict[str, list[Path]] = {}
    for file in types:
        by_name.setdefault(file.name, []).append(file.path)
    return [
        Problem(
            path,
            None,
            f"type '{name}' is defined in {len(paths)} files:"
            f" {', '.join(p.relative_to(root).as_posix() for p in paths)}; keep one",
        )
        for name, paths in by_name.items()
        if len(paths) > 1
        for path in paths
    ]
