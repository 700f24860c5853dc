"""Several sources, one truth: what all the sources of one run state about an endpoint.

Facts are compared one by one (a field's presence, each of its keys, each file limit, a
model's description).  Sources that state the same value agree (and a spec value they
agree with, up to spacing and a closing full stop, is kept as written); a source silent
on a fact disagrees only when its kind speaks for that fact (:data:`facts.SPEAKS_FOR`: a
page that lists no values for a field says it has none); a loose statement (TypeScript's
``number``) agrees with ``integer`` and ``float``.  Where stated values differ, the
spec's recorded preference for that fact decides, then ``--prefer``; without either, the
disagreement is reported and nothing is written.  A decision made by ``--prefer`` is
recorded in the spec (``preferred``), so a later sync of the outvoted source alone keeps
the value instead of reverting it.

A field's facts also carry who stated them (:mod:`provenance`): sources that are all of
kinds other than those that stated a fact may add facts, but the fact they leave out or
word differently is kept and reported, unless ``--prefer`` names them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..spec.model import rule_identity
from .facts import SPEAKS_FOR, EndpointFacts, Facts, ModelFacts
from .page import KINDS, SourceKind
from .provenance import Kinds, Provenance, described

_ALWAYS_STATED = {"required": False}
"""Facts every source states by its silence too: a field it lists without saying
"required" is optional."""
_ABSENT = object()


class _Silent:
    """A source's silence on a fact its kind speaks for: it says the fact does not hold."""

    def __repr__(self) -> str:
        return "none"


SILENT = _Silent()


@dataclass(frozen=True)
class Statement:
    """One source's word on one fact."""

    source: str
    kind: SourceKind
    value: Any


@dataclass(frozen=True)
class Disagreement:
    subject: str
    """The endpoint id, or ``types/NAME``."""
    fact: str
    """``input.fields.duration.enum``, ``fields.x.type``, ``input.fields.seed`` (presence)."""
    statements: tuple[Statement, ...]

    def __str__(self) -> str:
        groups: dict[str, list[Statement]] = {}
        for statement in sorted(self.statements, key=lambda s: (KINDS.index(s.kind), s.source)):
            groups.setdefault(_comparable(statement.value), []).append(statement)
        shown = shown_values([group[0].value for group in groups.values()])
        said = []
        for group, text in zip(groups.values(), shown, strict=True):
            kinds = ", ".join(dict.fromkeys(s.kind for s in group))
            who = " and ".join(s.source for s in group)
            said.append(f"{who} ({kinds}) {'says' if len(group) == 1 else 'say'} {text}")
        return f"{self.subject}: {self.fact}: {'; '.join(said)}"


@dataclass(frozen=True)
class Policy:
    """How a run settles disagreements: ``--prefer`` (kinds or source locations, first wins),
    and the spec's recorded preferences (fact path → kind), with its current values to keep."""

    prefer: tuple[str, ...] = ()
    recorded: dict[str, SourceKind] = field(default_factory=dict)
    current: dict[str, Any] = field(default_factory=dict)
    provenance: Provenance = Provenance(None, {})


@dataclass
class Outcome:
    """What combining decided: the facts, the preferences to record, what could not be settled."""

    decisions: dict[str, SourceKind] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    overrides: list[Disagreement] = field(default_factory=list)
    """Disagreements ``--prefer`` settled: the winner is first."""
    kept: list[str] = field(default_factory=list)
    """Facts kept because only sources of other kinds than those that stated them left them out or changed them."""
    stated: dict[str, Kinds] = field(default_factory=dict)
    """Per field fact: the kinds of source of this run that stated the value settled on."""


@dataclass(frozen=True)
class Stated:
    """One source's facts about one model."""

    source: str
    kind: SourceKind
    model: ModelFacts


def combine_endpoint(stated: Sequence[EndpointFacts], policy: Policy, outcome: Outcome) -> EndpointFacts:
    """One endpoint's facts from every source that states it."""
    ordered = _ordered(stated, policy.prefer)
    endpoint = ordered[0].endpoint
    models = {
        which: combine_model(
            endpoint, f"{which}.", [Stated(e.source, e.kind, getattr(e, which)) for e in ordered], policy, outcome
        )
        for which in ("input", "output")
    }
    titled = next((e for e in ordered if e.title_is_stated), ordered[0])
    summarised = next(
        (e for e in ordered if e.summary and e.summary_is_specific), next((e for e in ordered if e.summary), ordered[0])
    )
    examples = {
        which: _example(
            endpoint,
            f"examples.{which}",
            [Statement(e.source, e.kind, getattr(e, f"example_{which}")) for e in ordered],
            policy,
            outcome,
        )
        for which in ("input", "output")
    }
    return EndpointFacts(
        endpoint=endpoint,
        title=titled.title,
        title_is_stated=titled.title_is_stated,
        summary=summarised.summary,
        summary_is_specific=summarised.summary_is_specific,
        input=models["input"],
        output=models["output"],
        example_input=examples["input"],
        example_output=examples["output"],
        source=", ".join(dict.fromkeys(e.source for e in ordered)),
        kind=ordered[0].kind,
        # Only pages state prices; the first that does (in --prefer order) is taken.
        pricing=next((e.pricing for e in ordered if e.pricing is not None), None),
    )


def combine_model(subject: str, prefix: str, stated: Sequence[Stated], policy: Policy, outcome: Outcome) -> ModelFacts:
    """One model's facts (an endpoint's input or output, or a nested type) from its sources."""
    written_fields = _present(policy.current, f"{prefix}fields")
    # The spec's own fields too: sources that leave one out may say it is gone.
    names = _order(subject, f"{prefix}fields", stated, policy, outcome) + [n for s in stated for n in s.model.fields]
    names += list(written_fields) if isinstance(written_fields, dict) else []
    fields: dict[str, Facts] = {}
    for name in dict.fromkeys(names):
        path = f"{prefix}fields.{name}"
        presence = [Statement(s.source, s.kind, name in s.model.fields) for s in stated]
        written = _present(policy.current, path)
        if _settle(subject, path, presence, policy, outcome, current=written is not _ABSENT, guarded=True) is not True:
            continue
        having = [s for s in stated if name in s.model.fields]
        # A field only sources of other kinds leave out stays as the spec has it.
        fields[name] = _field(subject, path, name, having, policy, outcome) if having else dict(written)
    description = _settle(
        subject,
        f"{prefix}description",
        [Statement(s.source, s.kind, s.model.description) for s in stated if s.model.description],
        policy,
        outcome,
        current=_present(policy.current, f"{prefix}description"),
    )
    rules: dict[str, Facts] = {}
    for s in stated:
        for rule in s.model.rules:
            rules.setdefault(json.dumps(rule_identity(rule)), rule)
    speaks = frozenset().union(*(SPEAKS_FOR[s.kind] for s in stated))
    stated_order = any(s.model.order_is_stated for s in stated)
    return ModelFacts(
        fields, tuple(rules.values()), description if isinstance(description, str) else "", {}, stated_order, speaks
    )


def _order(subject: str, path: str, stated: Sequence[Stated], policy: Policy, outcome: Outcome) -> list[str]:
    """The field order of the sources that state one; they disagree when they put the
    fields they share in different orders."""
    ordering = [s for s in stated if s.model.order_is_stated]
    if not ordering:
        return []
    shared = set.intersection(*(set(s.model.fields) for s in ordering))
    statements = [Statement(s.source, s.kind, ", ".join(n for n in s.model.fields if n in shared)) for s in ordering]
    written = _present(policy.current, path)
    current = ", ".join(n for n in written if n in shared) if isinstance(written, dict) else _ABSENT
    chosen = _settle(subject, path, statements, policy, outcome, current=current)
    winner = next(
        (s for s, statement in zip(ordering, statements, strict=True) if statement.value == chosen), ordering[0]
    )
    return list(winner.model.fields)


def _example(subject: str, path: str, stated: Sequence[Statement], policy: Policy, outcome: Outcome) -> Any:
    """The example to take: sources' examples are illustrations, so differing ones do not
    disagree; ``--prefer``, then pages (whole examples; OpenAPI's are assembled from its
    fields' examples), then the others.  The kind chosen among differing examples is
    recorded, as a ``--prefer`` decision is; without it in a later run, the spec's stays."""
    statements = [s for s in stated if s.value is not None]
    if not statements:
        return None
    recorded = policy.recorded.get(path)
    if recorded is not None:
        outcome.decisions[path] = recorded
        return next((s.value for s in statements if s.kind == recorded), None)
    by_rank = sorted(statements, key=lambda s: (_rank(s, policy.prefer), KINDS.index(s.kind)))
    if len({_comparable(s.value) for s in statements}) > 1:
        outcome.decisions[path] = by_rank[0].kind
    return by_rank[0].value


def _field(subject: str, path: str, name: str, having: Sequence[Stated], policy: Policy, outcome: Outcome) -> Facts:
    # The spec's own keys too: a source whose kind speaks for one of them may deny it.
    written = _present(policy.current, path)
    keys = dict.fromkeys(key for s in having for key in (*s.model.fields[name], *_ALWAYS_STATED))
    keys.update(dict.fromkeys(k for k in written if k != "file") if isinstance(written, dict) else {})
    facts: Facts = {}
    for key in keys:
        if key == "file":
            file = _file(subject, f"{path}.file", name, having, policy, outcome)
            if file:
                facts["file"] = file
            continue
        strict: list[Statement] = []
        loose: list[Statement] = []
        for s in having:
            value = s.model.fields[name].get(key, _ALWAYS_STATED.get(key, _ABSENT))
            if value is _ABSENT and key in s.model.speaks_for:
                value = SILENT
            if value is not _ABSENT:
                (loose if key in s.model.loose.get(name, ()) else strict).append(Statement(s.source, s.kind, value))
        current = _present(policy.current, f"{path}.{key}")
        if not strict and current is not _ABSENT and all(_loosely(s.value) == _loosely(current) for s in loose):
            facts[key] = current  # `number` said of an integer field: the spec knows better
            if loose:
                outcome.stated[f"{path}.{key}"] = frozenset(s.kind for s in loose)
            continue
        chosen = _settle(subject, f"{path}.{key}", strict or loose, policy, outcome, current=current, guarded=True)
        if strict and f"{path}.{key}" in outcome.stated:
            # A loose statement that fits the value chosen states it too.
            outcome.stated[f"{path}.{key}"] |= {s.kind for s in loose if _loosely(s.value) == _loosely(chosen)}
        if chosen is not _ABSENT and chosen is not SILENT and chosen != _ALWAYS_STATED.get(key, _ABSENT):
            facts[key] = chosen
    return facts


def _file(subject: str, path: str, name: str, having: Sequence[Stated], policy: Policy, outcome: Outcome) -> Facts:
    """A file field's facts, each limit on its own: a source that gives the kind only does
    not disagree with one that also gives the limits."""
    files = [(s, s.model.fields[name]["file"]) for s in having if "file" in s.model.fields[name]]
    combined: Facts = {}
    for key in dict.fromkeys(k for _, file in files for k in file):
        statements = [Statement(s.source, s.kind, file[key]) for s, file in files if key in file]
        chosen = _settle(
            subject,
            f"{path}.{key}",
            statements,
            policy,
            outcome,
            current=_present(policy.current, f"{path}.{key}"),
            guarded=True,
        )
        if chosen is not _ABSENT and chosen is not SILENT:
            combined[key] = chosen
    return combined


def _settle(
    subject: str,
    path: str,
    statements: Sequence[Statement],
    policy: Policy,
    outcome: Outcome,
    current: Any = _ABSENT,
    *,
    guarded: bool = False,
) -> Any:
    """The value of one fact: agreed, or chosen by the recorded preference or ``--prefer``.
    A ``guarded`` fact (a field's presence, key or file limit) also notes who stated the
    value chosen, and keeps the spec's value against sources of other kinds only."""
    chosen = _chosen(subject, path, statements, policy, outcome, current, guarded)
    if guarded and chosen is not _ABSENT and chosen is not SILENT:
        kinds = frozenset(
            s.kind for s in statements if s.value is not SILENT and _comparable(s.value) == _comparable(chosen)
        )
        if kinds:
            outcome.stated[path] = kinds
        elif path in outcome.stated:
            del outcome.stated[path]
    return chosen


def _chosen(
    subject: str,
    path: str,
    statements: Sequence[Statement],
    policy: Policy,
    outcome: Outcome,
    current: Any,
    guarded: bool,
) -> Any:
    if not statements:
        return _ABSENT
    recorded = policy.recorded.get(path)
    if recorded is not None:
        # A fact decided before for a kind of source: that kind speaks for it; without it
        # in this run, the spec keeps the value, whatever the others say.
        preferred = [s for s in statements if s.kind == recorded]
        if preferred:
            outcome.decisions[path] = recorded
            return preferred[0].value
        kept = SILENT if current is _ABSENT else current
        outcome.decisions[path] = recorded
        if any(_comparable(s.value) != _comparable(kept) for s in statements):
            others = [s.source for s in statements]
            outcome.notes.append(
                f"{subject}: {path}: kept as recorded from {recorded}; {', '.join(others)}"
                f" {'says' if len(others) == 1 else 'say'} otherwise"
            )
        return kept
    winner = min(statements, key=lambda s: _rank(s, policy.prefer))
    if guarded and current is not _ABSENT:
        before = policy.provenance.kinds(path)
        stale = before is not None and not before & {s.kind for s in statements}
        if stale and all(_comparable(s.value) != _comparable(current) for s in statements):
            assert before is not None
            if _rank(winner, policy.prefer) < len(policy.prefer):
                spec = Statement(
                    "the spec" if before else "the spec (written by hand)",
                    min(before, key=KINDS.index) if before else winner.kind,
                    current,
                )
                outcome.decisions[path] = winner.kind
                outcome.overrides.append(
                    Disagreement(subject, path, (winner, *(s for s in statements if s is not winner), spec))
                )
                return winner.value
            outcome.kept.append(_kept(subject, path, statements, before))
            return current
    if len({_comparable(s.value) for s in statements}) == 1:
        return _as_written(winner.value, current)
    if _rank(winner, policy.prefer) < len(policy.prefer):
        outcome.decisions[path] = winner.kind
        outcome.overrides.append(Disagreement(subject, path, (winner, *(s for s in statements if s is not winner))))
        return _as_written(winner.value, current)
    outcome.disagreements.append(Disagreement(subject, path, tuple(statements)))
    return statements[0].value


def _kept(subject: str, path: str, statements: Sequence[Statement], before: Kinds) -> str:
    """``…: input.fields.shot_type.enum comes from fal's types; x.llms.txt (page) omits it: kept (…)``"""
    kinds = sorted({s.kind for s in statements}, key=KINDS.index)
    presence = path.split(".")[-2] == "fields"
    said = []
    for statement in statements:
        words = "omits it" if statement.value is SILENT or presence else f"says {shown_values([statement.value])[0]}"
        said.append(f"{statement.source} ({statement.kind}) {words}")
    return (
        f"{subject}: {path} comes from {described(before)}; {'; '.join(said)}: kept (--prefer {kinds[0]} takes their"
        " word)"
    )


def _as_written(value: Any, current: Any) -> Any:
    """The spec's own wording of a value the sources state (``The video`` for ``The video.``)."""
    return current if current is not _ABSENT and _comparable(current) == _comparable(value) else value


def _loosely(value: Any) -> Any:
    """A type as a loose statement gives it: integer and float are both a number."""
    return value.replace("integer", "float") if isinstance(value, str) else value


def _rank(source: Statement | EndpointFacts, prefer: Sequence[str]) -> int:
    """Where ``--prefer`` puts a source: its first choice naming the source or its kind
    comes first; a source no choice names comes after all that one does."""
    return next((i for i, choice in enumerate(prefer) if choice in (source.kind, source.source)), len(prefer))


def _ordered(stated: Sequence[EndpointFacts], prefer: Sequence[str]) -> list[EndpointFacts]:
    """Sources in the order they speak first: ``--prefer``'s, then as given."""
    return sorted(stated, key=lambda e: _rank(e, prefer))


def _comparable(value: Any) -> str:
    """Values as compared: text regardless of spacing and a closing full stop; lists of
    values regardless of order."""
    if value is SILENT:
        return "none"
    if isinstance(value, str):
        return json.dumps(" ".join(value.split()).rstrip("."))
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return json.dumps(sorted(value, key=json.dumps))
    return json.dumps(value, sort_keys=True)


def _present(current: dict[str, Any], path: str) -> Any:
    """The spec's value at a dotted path (``input.fields.x.enum``), or absent."""
    node: Any = current
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return _ABSENT
        node = node[part]
    return node


def shown_values(values: list[Any]) -> list[str]:
    """Values as a disagreement (or crosscheck) shows them; long lists by count and what sets them apart."""
    if all(isinstance(v, list) for v in values) and any(len(v) > 6 for v in values):
        union = set(json.dumps(x) for v in values for x in v)
        out = []
        for v in values:
            missing = sorted(union - {json.dumps(x) for x in v})
            out.append(f"{len(v)} values" + (f", without {', '.join(missing[:5])}" if missing else ""))
        return out
    texts = ["nothing" if v is SILENT else json.dumps(v, ensure_ascii=False) for v in values]
    return [text if len(text) <= 120 else text[:119] + "…" for text in texts]
