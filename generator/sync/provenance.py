"""Which kinds of source stated each fact of a spec, so that a source of another kind cannot
take a fact away by leaving it out.

fal's sources lag behind each other: a docs page written before fal's types gained an enum
says nothing of it.  A sync run holding only that page must not read its silence as "the
enum is gone".  So every spec records, per fact, the kinds of source (``page``,
``openapi``, ``typescript``) that stated it, and a run whose sources are all of other kinds
may add to a fact but neither remove nor change it without ``--prefer``.

A spec holds this compactly: ``sources`` names the kinds its facts were read from, and
``stated_by`` lists only the facts stated by a different set of kinds (an empty list: no
source states it; the maintainers wrote it).  The facts tracked are a field's presence
(``input.fields.NAME``), each of its keys (``input.fields.NAME.KEY``) and each file limit
(``input.fields.NAME.file.LIMIT``); on a shared type the paths have no ``input.`` prefix.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .page import KINDS, SourceKind

Kinds = frozenset[SourceKind]

KIND_NAMES: dict[SourceKind, str] = {
    "page": "fal's docs pages",
    "openapi": "fal's OpenAPI documents",
    "typescript": "fal's types",
}


@dataclass(frozen=True)
class Provenance:
    """A spec's record of who stated what."""

    sources: Kinds | None
    """The kinds the spec's facts were read from; None for a spec that records none."""
    exceptions: Mapping[str, Kinds]

    @classmethod
    def of(cls, spec: Mapping[str, Any] | None) -> Provenance:
        spec = spec or {}
        listed = spec.get("sources")
        exceptions = {path: frozenset(kinds) for path, kinds in (spec.get("stated_by") or {}).items()}
        return cls(frozenset(listed) if listed is not None else None, exceptions)

    def kinds(self, path: str) -> Kinds | None:
        """The kinds that stated the fact at ``path``; None where the spec does not say."""
        if path in self.exceptions:
            return self.exceptions[path]
        return self.sources


def facts_of(model: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, Any]]:
    """Every tracked fact of one model (spec-shaped), as (path, value)."""
    for name, spec in (model.get("fields") or {}).items():
        path = f"{prefix}fields.{name}"
        yield path, True
        for key, value in spec.items():
            if key == "file":
                for limit, bound in value.items():
                    yield f"{path}.file.{limit}", bound
            else:
                yield f"{path}.{key}", value


def recorded(
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
    prefixes: tuple[str, ...],
    stated_now: Mapping[str, Kinds],
    run: Kinds,
) -> dict[str, Any]:
    """The ``sources`` and ``stated_by`` keys of the spec ``after`` a run whose sources are of
    the kinds ``run`` and stated the facts ``stated_now`` (path → the kinds that stated the
    value the spec now holds)."""
    old = Provenance.of(before)
    old_values = dict(_every_fact(before or {}, prefixes))
    kinds: dict[str, Kinds] = {}
    for path, value in _every_fact(after, prefixes):
        earlier = old.kinds(path) or frozenset()
        now = stated_now.get(path)
        if now is None:
            kinds[path] = earlier
        elif path in old_values and old_values[path] == value:
            # Sources of kinds not in this run said the same before, and still do as far as we know.
            kinds[path] = now | (earlier - run)
        else:
            kinds[path] = now
    every: Kinds = frozenset().union(*kinds.values()) if kinds else frozenset()
    out: dict[str, Any] = {}
    if every:
        out["sources"] = _ordered(every)
        exceptions = {path: _ordered(found) for path, found in sorted(kinds.items()) if found != every}
        if exceptions:
            out["stated_by"] = exceptions
    return out


def _every_fact(spec: Mapping[str, Any], prefixes: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    for prefix in prefixes:
        model = spec.get(prefix.rstrip(".")) if prefix else spec
        if isinstance(model, Mapping):
            yield from facts_of(model, prefix)


def _ordered(kinds: Kinds) -> list[str]:
    return [kind for kind in KINDS if kind in kinds]


def described(kinds: Kinds) -> str:
    """``fal's types`` / ``fal's OpenAPI documents and fal's types`` / ``no source (written by hand)``."""
    if not kinds:
        return "no source (written by hand)"
    return " and ".join(KIND_NAMES[kind] for kind in KINDS if kind in kinds)
