"""Reading spec files: safe YAML, duplicate keys rejected, every node's line remembered.

PyYAML silently keeps the last of two equal keys, so a duplicated field would vanish
without a word; the node walk below catches that and records where each key and item
stands, so every later error can point at ``file:line``.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import Problem, SpecError
from .model import EndpointSpec, TypeSpec, spec_keys

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

TYPES_DIR = "types"


@dataclass(frozen=True)
class SpecFile(Generic[M]):
    """A parsed spec file: the validated spec plus where each of its parts was written."""

    path: Path
    spec: M
    lines: dict[Loc, int] = field(repr=False)

    @property
    def name(self) -> str:
        return self.path.stem

    def line_of(self, *loc: str | int) -> int | None:
        return line_of(self.lines, loc)

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


def _index_lines(node: yaml.Node, loc: Loc, lines: dict[Loc, int], problems: list[Problem], path: Path) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                what = "field" if len(loc) >= 1 and loc[-1] == "fields" else "key"
                problems.append(Problem(path, line, f"duplicate {what} '{key}' (first defined on line {seen[key]})"))
                continue
            seen[key] = line
            lines[(*loc, key)] = line
            _index_lines(value_node, (*loc, key), lines, problems, path)
            lines[(*loc, key)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*loc, index), lines, problems, path)


def read_yaml(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse one YAML document safely (plain data only) with its line index."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SpecError([Problem(path, None, "not UTF-8 text")]) from None
    except OSError as exc:
        raise SpecError([Problem(path, None, f"cannot read: {exc.strerror}")]) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise SpecError([Problem(path, None, "empty file; expected a YAML mapping")])
        problems: list[Problem] = []
        lines: dict[Loc, int] = {}
        _index_lines(node, (), lines, problems, path)
        if problems:
            raise SpecError(problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = exc.problem or exc.context or "invalid YAML"
        raise SpecError([Problem(path, line, f"invalid YAML: {reason}")]) from None
    except yaml.YAMLError as exc:
        raise SpecError([Problem(path, None, f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    return data, lines


def _written_path(data: Any, loc: Sequence[str | int]) -> Loc:
    """The part of a pydantic error location that names written nodes (drops union tags)."""
    out: list[str | int] = []
    for index, part in enumerate(loc):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        elif index != len(loc) - 1:
            continue
        out.append(part)
    return tuple(out)


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
        return f"endpoint id {error['input']!r} must be lowercase segments joined by '/', like fal-ai/kling-video/v3/pro/text-to-video"
    if kind == "union_tag_invalid":
        return f"{dotted}: unknown rule kind {error['ctx']['tag']!r}; expected one of {error['ctx']['expected_tags']}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{dotted}: {message}"


def parse_spec(path: Path, model: type[M]) -> SpecFile[M]:
    data, lines = read_yaml(path)
    if not isinstance(data, dict):
        raise SpecError([Problem(path, 1, f"expected a YAML mapping at the top level, found {type(data).__name__}")])
    try:
        spec = model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            where = _written_path(data, error["loc"])
            line = line_of(lines, where)
            problems.append(Problem(path, line, _describe(error, where)))
        raise SpecError(problems) from None
    return SpecFile(path, spec, lines)


def load_spec_dir(root: Path) -> LoadedSpecs:
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
                types.append(parse_spec(path, TypeSpec))
            else:
                endpoints.append(parse_spec(path, EndpointSpec))
        except SpecError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SpecError(problems)
    return LoadedSpecs(endpoints, types)
