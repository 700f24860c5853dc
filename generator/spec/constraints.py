"""The spec language's constraint keywords, in one table every stage reads.

A constraint bounds a field's value: a number's range, a string's length, a list's size.
Each row says what the spec calls it, which fields take it, whether it is a lower or an
upper bound, what JSON Schema and pydantic call it, how docs word it, and which kinds of
source state it whenever it holds (so that their silence says it does not).  The spec
model declares the keys, the IR carries them as ``Field.limits``, the renderers map them,
the diff weighs them and sync reads them through this table; adding a keyword means a
row here, its sync phrasing (if prose states it) and its tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Applies = Literal["number", "string", "list"]
Bound = Literal["lower", "upper"]


@dataclass(frozen=True)
class Constraint:
    key: str
    """The spec key (``min_items``), also the IR's and the diff's name for it."""
    applies_to: Applies
    """Which fields take it: integer and float fields, strings, lists."""
    bound: Bound
    json_schema: str
    """The JSON Schema keyword the shipped schemas use and sync reads from OpenAPI documents."""
    pydantic: str
    """The ``pydantic.Field`` keyword the models use."""
    category: str
    """The diff's change category, with ``-narrowed`` / ``-widened``."""
    noun: tuple[str, str] | None
    """What it counts in docs (singular, plural); None for a number's range."""
    stated_whenever_it_holds_by: frozenset[str]
    """The kinds of source (``page``, ``openapi``, ``typescript``) that state it whenever it
    holds: their silence says the field has no such bound."""

    @property
    def tightens_upward(self) -> bool:
        """A lower bound that rises, or an upper bound that falls, refuses more values."""
        return self.bound == "lower"


_PAGES_AND_OPENAPI = frozenset({"page", "openapi"})
_OPENAPI = frozenset({"openapi"})

CONSTRAINTS: tuple[Constraint, ...] = (
    Constraint("minimum", "number", "lower", "minimum", "ge", "range", None, _PAGES_AND_OPENAPI),
    Constraint("maximum", "number", "upper", "maximum", "le", "range", None, _PAGES_AND_OPENAPI),
    # pydantic's min_length/max_length count characters of a string and items of a list alike.
    Constraint(
        "min_length", "string", "lower", "minLength", "min_length", "length", ("character", "characters"), _OPENAPI
    ),
    Constraint(
        "max_length", "string", "upper", "maxLength", "max_length", "length", ("character", "characters"), _OPENAPI
    ),
    Constraint("min_items", "list", "lower", "minItems", "min_length", "list-limits", ("item", "items"), _OPENAPI),
    Constraint("max_items", "list", "upper", "maxItems", "max_length", "list-limits", ("item", "items"), _OPENAPI),
)
BY_KEY: Mapping[str, Constraint] = {c.key: c for c in CONSTRAINTS}
PAIRS: tuple[tuple[Constraint, Constraint], ...] = tuple(
    (low, high)
    for low in CONSTRAINTS
    for high in CONSTRAINTS
    if low.applies_to == high.applies_to and low.bound == "lower" and high.bound == "upper"
)
"""Each kind's lower and upper bound, in the table's order."""


def words(limits: Mapping[str, int | float]) -> list[str]:
    """The limits as docs state them: ``0 to 1``, ``at most 2500 characters``, ``1 to 6 items``."""
    out = []
    for low, high in PAIRS:
        a, b = limits.get(low.key), limits.get(high.key)
        if a is None and b is None:
            continue
        if low.noun is None:
            out.append(f"{a if a is not None else '−∞'} to {b if b is not None else '∞'}")
            continue
        singular, plural = low.noun
        if a is not None and b is not None:
            out.append(f"{a} to {b} {plural}")
        elif b is not None:
            out.append(f"at most {b} {singular if b == 1 else plural}")
        else:
            out.append(f"at least {a} {singular if a == 1 else plural}")
    return out
