"""The template filters that keep spec text inert, checked on their own."""

from __future__ import annotations

import ast

import pytest

from falgen.render.environment import docstring_text, fence, markdown_code, python_literal
from falgen.render.formatting import format_markdown

NASTY = [
    'ends with a quote "',
    'three """ quotes',
    '""""',
    "back\\slash \\n not a newline",
    "trailing backslash \\",
    "{{ jinja }} {% raw %}",
    "'single' and \"double\"",
]


@pytest.mark.parametrize("text", NASTY)
def test_docstring_text_round_trips(text: str) -> None:
    assert ast.literal_eval('"""' + docstring_text(text) + '"""') == text.strip()


@pytest.mark.parametrize("value", [*NASTY, 0.5, True, None, ["a", {"b": 'c"'}]])
def test_python_literal_round_trips(value: object) -> None:
    assert ast.literal_eval(python_literal(value)) == value


@pytest.mark.parametrize(("text", "expected"), [("plain", "```"), ("a ``` b", "````"), ("`````", "``````")])
def test_fence_outgrows_backtick_runs(text: str, expected: str) -> None:
    assert fence(text) == expected


def test_code_span_holds_backticks() -> None:
    assert markdown_code("a`b") == "``a`b``"
    assert markdown_code("`x`") == "`` `x` ``"
    assert markdown_code("a|b") == "`a\\|b`"


def test_markdown_blank_lines_are_normalized_outside_fences() -> None:
    text = "# T\n\n\n\npara\n\n````json\n{\n\n\n}\n````\n\n\n"
    assert format_markdown(text) == "# T\n\npara\n\n````json\n{\n\n\n}\n````\n"
