"""The Jinja environment every template renders in, with the filters that keep spec
strings inert: text from a spec becomes a literal, a docstring or escaped Markdown,
never code or markup."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2

from ..ir.naming import param_name
from ..spec.constraints import words as limit_words


def python_literal(value: Any) -> str:
    """A Python expression equal to ``value`` (str, number, bool, None, list, dict).

    Strings are double-quoted where that takes no more escapes, as black writes them, so
    black finds less to do; black still has the last word on every byte.
    """
    if isinstance(value, str):
        text = repr(value)
        return f'"{text[1:-1]}"' if text[0] == "'" and '"' not in value and "'" not in value else text
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(python_literal(item) for item in value) + "]"
    return repr(value)


LINE_LENGTH = 88
"""black's line length: the shapes below match what black makes of a line too long for it."""


def import_from(module: str, names: list[str]) -> str:
    """``from module import names`` on one line, or one name per line in parentheses."""
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return line
    return f"from {module} import (\n" + "".join(f"    {name},\n" for name in names) + ")"


def parameter(name: str, annotation: str, default: str | None = None, *, indent: int = 8) -> str:
    """A keyword parameter on its own line; a long annotation in parentheses on a line of its own."""
    pad = " " * indent
    tail = f" = {default}," if default is not None else ","
    line = f"{pad}{name}: {annotation}{tail}"
    if len(line) <= LINE_LENGTH or len(pad) + 4 + len(annotation) > LINE_LENGTH:
        return line
    return f"{pad}{name}: (\n{pad}    {annotation}\n{pad}){tail}"


def class_header(name: str, base: str) -> str:
    """``class name(base):`` on one line, or with the base on a line of its own."""
    line = f"class {name}({base}):"
    return line if len(line) <= LINE_LENGTH else f"class {name}(\n    {base}\n):"


SHOWN_VALUES = 12
"""Enums longer than this are written as their count, first and last value."""


def enum_words(values: tuple[object, ...]) -> str:
    """``"3", "4" or "5"``; a long enum as ``one of 197 values, "a" … "z"``."""
    shown = [python_literal(value) for value in values]
    if len(shown) > SHOWN_VALUES:
        return f"{len(shown)} values, {shown[0]} … {shown[-1]}"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def docstring_text(value: str) -> str:
    """Text that can stand inside a triple-quoted docstring without ending or escaping it."""
    text = value.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    # A final quote would run into the closing quotes: "x"""" ends the string early.
    return text[:-1] + '\\"' if text.endswith('"') else text


def markdown_text(value: Any) -> str:
    """Text for a Markdown paragraph or table cell: no markup, no HTML, one line."""
    text = " ".join(str(value).split())
    for char in "\\`*_[]<>|{}#":
        text = text.replace(char, "\\" + char)
    return text


def markdown_code(value: Any) -> str:
    """An inline code span holding ``value`` exactly, whatever backticks it contains."""
    text = " ".join(str(value).split())
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def fence(value: str) -> str:
    """A code fence longer than any run of backticks in ``value``."""
    runs = [len(part) for part in "".join(c if c == "`" else " " for c in value).split()]
    return "`" * max(3, max(runs, default=0) + 1)


def json_text(value: Any, indent: int | None = 2) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=False)


class _RenamingLoader(jinja2.FileSystemLoader):
    """Templates written with fal-kling's names, read with another package's: the rename
    applies to the template's own text, never to what a spec puts in it."""

    def __init__(self, search_path: Sequence[Path], rename: Callable[[str], str]) -> None:
        super().__init__(list(search_path))
        self.rename = rename

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return self.rename(source), filename, uptodate


def environment(search_path: Sequence[Path], rename: Callable[[str], str] = str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_RenamingLoader(search_path, rename),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["py"] = python_literal
    env.filters["docstring"] = docstring_text
    env.filters["md"] = markdown_text
    env.filters["code"] = markdown_code
    env.filters["json"] = json_text
    env.filters["fence"] = fence
    env.filters["rstrip"] = str.rstrip
    env.filters["enum_words"] = enum_words
    env.filters["param"] = param_name
    env.filters["limit_words"] = limit_words
    env.globals.update(import_from=import_from, class_header=class_header, parameter=parameter)
    return env
