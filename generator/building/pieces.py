"""Formatting a large module piece by piece, so an unchanged piece is never formatted again.

The shared modules (the client, the registry, the lazy package indexes) grow with the
catalogue, and one edited endpoint changes one small part of each.  A module is cut
into pieces black formats independently of each other:

- each top-level statement, with the comments before it;
- each statement in the body of a top-level ``if`` (``if TYPE_CHECKING:``), formatted
  below that ``if`` line;
- each item of a top-level assignment's collection written one item per line with a
  trailing comma (black's "magic trailing comma" keeps such a collection one item per
  line, so an item's lines do not depend on its neighbours), formatted inside the
  statement with that item alone.

The pieces are joined with the blank lines the source has between them, which the
templates write as black does; the tests hold the assembled module equal to black's
output for the whole module.  Where black's output for a piece is not of the expected
shape, the whole statement is formatted instead: never wrong, only slower.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Format = Callable[[str], str]

_MIN_ITEMS = 8
"""Collections with fewer items are formatted as one piece: splitting would not pay."""
_PLACEHOLDER = {"list": "0", "dict": "0: 0"}


@dataclass(frozen=True)
class _Whole:
    """A statement formatted as it is."""

    gap: int
    source: str

    def sources(self) -> list[str]:
        return [self.source]

    def assemble(self, formatted: Mapping[str, str], fallback: Format) -> str:
        return formatted[self.source]


@dataclass(frozen=True)
class _Block:
    """A top-level ``if`` whose body statements are formatted one at a time below its header."""

    gap: int
    source: str
    header: str
    body: tuple[tuple[int, str], ...]
    indent: str

    @property
    def probe(self) -> str:
        return f"{self.header}{self.indent}pass\n"

    def sources(self) -> list[str]:
        return [self.probe, *(self.header + text for _, text in self.body)]

    def assemble(self, formatted: Mapping[str, str], fallback: Format) -> str:
        head = formatted[self.probe].splitlines(keepends=True)[:-1]
        prefix = "".join(head)
        parts = [prefix]
        for gap, text in self.body:
            result = formatted[self.header + text]
            if not result.startswith(prefix):
                return fallback(self.source)
            parts.append("\n" * min(gap, 1) + result[len(prefix) :])
        return "".join(parts)


@dataclass(frozen=True)
class _Items:
    """An assignment of a one-item-per-line collection, formatted one item at a time."""

    gap: int
    source: str
    head: str
    items: tuple[str, ...]
    tail: str
    kind: str

    def _with(self, item: str) -> str:
        return f"{self.head}{item},{self.tail}"

    def sources(self) -> list[str]:
        return [self._with(_PLACEHOLDER[self.kind]), *(self._with(item) for item in self.items)]

    def assemble(self, formatted: Mapping[str, str], fallback: Format) -> str:
        lines = formatted[self._with(_PLACEHOLDER[self.kind])].splitlines(keepends=True)
        marks = [i for i, line in enumerate(lines) if line.strip() == _PLACEHOLDER[self.kind] + ","]
        if len(marks) != 1:
            return fallback(self.source)
        before, after = "".join(lines[: marks[0]]), "".join(lines[marks[0] + 1 :])
        parts = [before]
        for item in self.items:
            result = formatted[self._with(item)]
            if not (result.startswith(before) and result.endswith(after)) or len(result) < len(before) + len(after):
                return fallback(self.source)
            parts.append(result[len(before) : len(result) - len(after)])
        parts.append(after)
        return "".join(parts)


@dataclass(frozen=True)
class _Kept:
    """A piece whose source is as in the last run: its formatted text is known."""

    gap: int
    text: str

    def sources(self) -> list[str]:
        return []

    def assemble(self, formatted: Mapping[str, str], fallback: Format) -> str:
        return self.text


Piece = _Whole | _Block | _Items | _Kept


@dataclass(frozen=True)
class Previous:
    """A module's last layout: its source lines, and each piece's line span, gap and formatted text."""

    lines: list[str]
    spans: list[tuple[int, int]]
    gaps: list[int]
    texts: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"source": "".join(self.lines), "spans": self.spans, "gaps": self.gaps, "texts": self.texts}

    @classmethod
    def from_json(cls, data: Any) -> Previous | None:
        try:
            spans = [(int(a), int(b)) for a, b in data["spans"]]
            previous = cls(
                str(data["source"]).splitlines(keepends=True),
                spans,
                [int(g) for g in data["gaps"]],
                [str(t) for t in data["texts"]],
            )
        except (KeyError, TypeError, ValueError):
            return None
        return previous if len(spans) == len(previous.gaps) == len(previous.texts) else None


@dataclass(frozen=True)
class Layout:
    """A module cut into pieces; ``sources`` are what black must format to assemble it."""

    lines: list[str]
    pieces: tuple[Piece, ...]
    spans: tuple[tuple[int, int], ...]
    """Each piece's lines in the source, blank lines and comments before it included."""

    def sources(self) -> list[str]:
        return [source for piece in self.pieces for source in piece.sources()]

    def assemble(self, formatted: Mapping[str, str], fallback: Format) -> tuple[str, Previous]:
        """The module as black writes it, from the formatted ``sources``; and the layout to
        give :func:`layout` next time."""
        texts = [piece.assemble(formatted, fallback) for piece in self.pieces]
        out = "".join(
            ("\n" * min(piece.gap, 2) if index else "") + text
            for index, (piece, text) in enumerate(zip(self.pieces, texts, strict=True))
        )
        return out, Previous(self.lines, list(self.spans), [piece.gap for piece in self.pieces], texts)


def layout(source: str, previous: Previous | None = None) -> Layout:
    """Cut ``source`` into pieces; a module the cut does not suit is one piece.

    With the ``previous`` layout, only the lines that differ from its source are parsed
    again: the pieces before and after them are kept, formatted as they were.
    """
    lines = source.splitlines(keepends=True)
    if previous is not None:
        found = _changed_region(lines, previous)
        if found is not None:
            return found
    whole = Layout(lines, (_Whole(0, source),), ((0, len(lines)),))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return whole  # black reports it, with its position
    cut = _cut(tree.body, lines, 0)
    if cut is None or "".join(lines[cut[1][-1][1] if cut[1] else 0 :]).strip():
        return whole
    return Layout(lines, *cut)


def _cut(
    body: list[ast.stmt], lines: list[str], after: int
) -> tuple[tuple[Piece, ...], tuple[tuple[int, int], ...]] | None:
    pieces: list[Piece] = []
    spans: list[tuple[int, int]] = []
    for gap, start, end, statement in _statements(body, lines, after):
        if start is None:
            return None
        text = "".join(lines[start:end])
        pieces.append(_piece(gap, text, statement, lines, start) or _Whole(gap, text))
        spans.append((spans[-1][1] if spans else after, end))
    return tuple(pieces), tuple(spans)


def _changed_region(lines: list[str], previous: Previous) -> Layout | None:
    """The layout of ``lines`` from ``previous``: a piece whose lines are found unchanged, in
    order, is kept; the lines between kept pieces are cut again."""
    old, spans = previous.lines, previous.spans
    olds = ["".join(old[after:end]) for after, end in spans]
    text = "".join(lines)
    starts = [0]
    for written in lines:
        starts.append(starts[-1] + len(written))
    at_line = {offset: index for index, offset in enumerate(starts)}
    pieces: list[Piece] = []
    cut_spans: list[tuple[int, int]] = []
    line, index = 0, 0
    while line < len(lines) or index < len(olds):
        if index < len(olds) and text.startswith(olds[index], starts[line]):
            pieces.append(_Kept(previous.gaps[index], previous.texts[index]))
            count = spans[index][1] - spans[index][0]
            cut_spans.append((line, line + count))
            line, index = line + count, index + 1
            continue
        resync = _next_kept(text, olds, index, starts[line], at_line)
        stop, index = resync if resync is not None else (len(lines), len(olds))
        region = _cut_region(lines, line, stop, at_end=resync is None)
        if region is None:
            return None
        pieces.extend(region[0])
        cut_spans.extend(region[1])
        line = stop
    return Layout(lines, tuple(pieces), tuple(cut_spans))


def _next_kept(text: str, olds: list[str], index: int, offset: int, at_line: dict[int, int]) -> tuple[int, int] | None:
    """The line where the next old piece after ``index`` stands unchanged, and that piece's index."""
    for later in range(index + 1, len(olds)):
        found = text.find(olds[later], offset)
        while found != -1 and found not in at_line:
            found = text.find(olds[later], found + 1)
        if found != -1:
            return at_line[found], later
    return None


def _cut_region(
    lines: list[str], begin: int, stop: int, *, at_end: bool
) -> tuple[tuple[Piece, ...], tuple[tuple[int, int], ...]] | None:
    """Cut ``lines[begin:stop]``, which must hold whole statements (at the end, blank lines may follow)."""
    try:
        tree = ast.parse("".join(lines[begin:stop]))
    except SyntaxError:
        return None
    if not tree.body:
        return ((), ()) if not "".join(lines[begin:stop]).strip() else None
    ast.increment_lineno(tree, begin)
    cut = _cut(tree.body, lines, begin)
    if cut is None:
        return None
    end = cut[1][-1][1]
    if end != stop and not (at_end and not "".join(lines[end:stop]).strip()):
        return None
    return cut


def _first_line(statement: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(statement, "decorator_list", [])
    return min([statement.lineno, *(d.lineno for d in decorators)]) - 1


def _statements(body: list[ast.stmt], lines: list[str], after: int) -> list[tuple[int, int | None, int, ast.stmt]]:
    """Each statement's blank-line gap before it and its line span, comments before it included;
    the start is None where statements share a line."""
    out: list[tuple[int, int | None, int, ast.stmt]] = []
    for statement in body:
        first = _first_line(statement)
        if first < after:
            out.append((0, None, 0, statement))
            continue
        gap = 0
        while after + gap < first and not lines[after + gap].strip():
            gap += 1
        end = statement.end_lineno or first + 1
        out.append((gap, after + gap, end, statement))
        after = end
    return out


def _piece(gap: int, text: str, statement: ast.stmt, lines: list[str], start: int) -> Piece | None:
    if (
        isinstance(statement, ast.If)
        and not statement.orelse
        and len(statement.body) >= _MIN_ITEMS
        and statement.body[0].lineno > statement.lineno
    ):
        header_lines = lines[start : statement.lineno]
        body = _statements(statement.body, lines, statement.lineno)
        if any(s is None for _, s, _, _ in body):
            return None
        indent = lines[statement.body[0].lineno - 1][: statement.body[0].col_offset]
        return _Block(
            gap,
            text,
            "".join(header_lines),
            tuple((g, "".join(lines[s:e])) for g, s, e, _ in body if s is not None),
            indent,
        )
    value = statement.value if isinstance(statement, (ast.Assign, ast.AnnAssign)) else None
    if isinstance(value, ast.Call) and len(value.args) == 1 and not value.keywords:
        value = value.args[0]
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        spans = [(e, e) for e in value.elts]
        kind = "list"
    elif isinstance(value, ast.Dict) and all(k is not None for k in value.keys):
        spans = [(k, v) for k, v in zip(value.keys, value.values, strict=True) if k is not None]
        kind = "dict"
    else:
        return None
    if len(spans) < _MIN_ITEMS:
        return None
    offsets = _line_offsets(lines, start)
    rest = "".join(lines[start:])

    def at(line: int, column: int) -> int:
        # ast columns count UTF-8 bytes; convert within the line.
        raw = lines[line - 1].encode("utf-8")[:column]
        return offsets[line - 1] + len(raw.decode("utf-8"))

    items: list[str] = []
    positions: list[tuple[int, int]] = []
    for first, last in spans:
        positions.append((at(first.lineno, first.col_offset), at(last.end_lineno or 0, last.end_col_offset or 0)))
    for index, (begin, finish) in enumerate(positions):
        following = rest[finish : positions[index + 1][0]] if index + 1 < len(positions) else rest[finish:]
        if not following.lstrip(" ").startswith(",\n"):
            return None  # not one item per line with a trailing comma: black may join them
        items.append(rest[begin:finish])
    head = rest[: positions[0][0]]
    tail_start = positions[-1][1] + rest[positions[-1][1] :].index(",") + 1
    tail = rest[tail_start : len(text)]
    return _Items(gap, text, head, tuple(items), tail, kind)


def _line_offsets(lines: list[str], start: int) -> list[int]:
    """The character offset of each line from the start of line ``start`` (negative before it)."""
    offsets: list[int] = []
    total = -sum(len(line) for line in lines[:start])
    for line in lines:
        offsets.append(total)
        total += len(line)
    return offsets
