"""Spec files as text: in-place edits that keep a spec's comments and layout, and a
layout for what sync adds that matches the hand-written specs.

Specs are reviewed as diffs, so an update touches only the nodes whose values change;
ruamel.yaml's round-trip mode keeps everything else byte for byte.
"""

from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Sequence
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from ..spec.constraints import CONSTRAINTS

WIDTH = 88  # columns a line sync writes may take, as in black
INDENT = 2
# The order a field's keys are written in; a key sync adds goes to its place in it.
FIELD_KEYS = ("type", "required", "enum", "default", *(c.key for c in CONSTRAINTS), "file", "description")
_FLOW_MAPS = ("when", "where")


def _null(representer: RoundTripRepresenter, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _yaml() -> YAML:
    handler = YAML()
    handler.indent(mapping=INDENT, sequence=2 * INDENT, offset=INDENT)
    handler.width = 4096  # long lines are folded deliberately below, never by the emitter
    handler.preserve_quotes = True
    handler.representer.add_representer(type(None), _null)
    return handler


def plain(node: Any) -> Any:
    """A round-trip node as plain Python data, to compare with what a spec should hold."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def same(a: Any, b: Any) -> bool:
    """Equal values in the same key order: a reordered field list is a change too."""
    return json.dumps(a, sort_keys=False) == json.dumps(b, sort_keys=False)


def render(existing: str | None, target: dict[str, Any]) -> str:
    """The text of a spec holding ``target``: ``existing`` edited in place, or a new file."""
    handler = _yaml()
    document = handler.load(existing) if existing else CommentedMap()
    _apply(document, target, indent=0, path=())
    out = io.StringIO()
    handler.dump(document, out)
    return out.getvalue()


def _apply(node: CommentedMap, target: dict[str, Any], *, indent: int, path: tuple[str, ...]) -> None:
    is_field = len(path) >= 2 and path[-2] == "fields"
    for key in [k for k in node if k not in target]:
        del node[key]
    for key, value in target.items():
        child_path = (*path, key)
        if key in node:
            current = node[key]
            if same(plain(current), value):
                continue
            if (
                isinstance(current, CommentedMap)
                and isinstance(value, dict)
                and key not in _FLOW_MAPS
                and key != "file"
            ):
                _apply(current, value, indent=indent + INDENT, path=child_path)
                continue
            if (
                isinstance(current, CommentedSeq)
                and isinstance(value, list)
                and any(isinstance(v, dict) for v in value)
            ):
                _apply_items(current, value, indent=indent + 2 * INDENT, path=child_path)
                continue
            if (
                isinstance(current, CommentedSeq)
                and isinstance(value, list)
                and not any(isinstance(v, (dict, list)) for v in value)
            ):
                node[key] = _edited_values(current, value, indent=indent, key=key, path=child_path)
                continue
            node[key] = _new(value, indent=indent, key=key, path=child_path)
        else:
            node.insert(
                _position(node, key, target, is_field), key, _new(value, indent=indent, key=key, path=child_path)
            )
    if not is_field and list(node) != list(target):
        for key in target:
            node.move_to_end(key)


def _apply_items(node: CommentedSeq, target: list[Any], *, indent: int, path: tuple[str, ...]) -> None:
    del node[len(target) :]
    for i, value in enumerate(target):
        if i >= len(node):
            node.append(_new(value, indent=indent - INDENT, key="", path=path))
        elif isinstance(node[i], CommentedMap) and isinstance(value, dict):
            if not same(plain(node[i]), value):
                _apply(node[i], value, indent=indent, path=path)
        elif not same(plain(node[i]), value):
            node[i] = _new(value, indent=indent - INDENT, key="", path=path)


def _edited_values(
    current: CommentedSeq, target: list[Any], *, indent: int, key: str, path: tuple[str, ...]
) -> CommentedSeq:
    """A list of values (an enum) with some added or removed: the values that stay keep
    their nodes, so their quoting, and the list its style while it still fits a line."""
    kept: dict[str, list[Any]] = {}
    for item in current:
        kept.setdefault(json.dumps(plain(item)), []).append(item)
    items = [
        kept[json.dumps(v)].pop(0) if kept.get(json.dumps(v)) else _new(v, indent=indent + INDENT, key="", path=path)
        for v in target
    ]
    sequence = CommentedSeq(items)
    if current.fa.flow_style() and _fits_flow(target, indent, key):
        sequence.fa.set_flow_style()
    elif not current.fa.flow_style():
        sequence.fa.set_block_style()
    return sequence


def _position(node: CommentedMap, key: str, target: dict[str, Any], is_field: bool) -> int:
    order: Sequence[str] = FIELD_KEYS if is_field and key in FIELD_KEYS else list(target)
    before = order[: order.index(key)]
    existing = list(node)
    return max((existing.index(k) + 1 for k in before if k in existing), default=0)


def _new(value: Any, *, indent: int, key: str, path: tuple[str, ...]) -> Any:
    """A node for ``value`` in the specs' layout; ``indent`` is the column of ``key``."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        keys = (
            sorted(value, key=lambda k: FIELD_KEYS.index(k) if k in FIELD_KEYS else 99)
            if path[-2:-1] == ("fields",)
            else list(value)
        )
        for k in keys:
            mapping[k] = _new(value[k], indent=indent + INDENT, key=k, path=(*path, k))
        if key in _FLOW_MAPS or (key == "file" and _fits_flow(value, indent, key)):
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        items = [_new(v, indent=indent + INDENT, key="", path=path) for v in value]
        sequence = CommentedSeq(items)
        if value and not any(isinstance(v, (dict, list)) for v in value) and _fits_flow(value, indent, key):
            sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, str):
        return _string(value, indent=indent, key=key)
    return value


def _fits_flow(value: list[Any] | dict[str, Any], indent: int, key: str) -> bool:
    text = yaml.safe_dump(value, default_flow_style=True, width=10_000).strip()
    return indent + len(key) + 2 + len(text) <= WIDTH


def _string(value: str, *, indent: int, key: str) -> Any:
    if key and indent + len(key) + 2 + len(value) > WIDTH and " " in value:
        lines = textwrap.wrap(value, WIDTH - indent - INDENT, break_long_words=False, break_on_hyphens=False)
        if " ".join(lines) == value:
            folded = FoldedScalarString(value)
            ends = [sum(len(line) + 1 for line in lines[: i + 1]) - 1 for i in range(len(lines) - 1)]
            folded.fold_pos = ends
            return folded
    return DoubleQuotedScalarString(value) if _misread(value) else value


def _misread(value: str) -> bool:
    """Whether the spec loader (PyYAML, YAML 1.1) would read ``value`` written plain as something else."""
    try:
        return bool(yaml.safe_load(f"k: {value}") != {"k": value})
    except yaml.YAMLError:
        return True
