"""Comparing two versions of the specs: every change, classified by what it does to users.

Severity answers one question: does a call (input) or a response (output) that worked
with the old ``fal-kling`` fail with the new one?  Input and output mirror each other:
allowing more values relaxes an input but breaks an old client reading an output,
because generated output models validate responses as strictly as inputs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from ..spec.constraints import BY_KEY, CONSTRAINTS
from ..spec.model import EndpointSpec, FieldSpec, FileSpec, ModelSpec, TypeSpec, rule_identity

Severity = Literal["breaking", "non-breaking", "price", "docs"]
"""What a change does to users: breaks a call or a response, adds to them, changes what a
call costs (a category of its own: no code breaks, yet every user pays it), or words only."""
Direction = Literal["input", "output"]
SEVERITIES: tuple[Severity, ...] = ("breaking", "non-breaking", "price", "docs")


@dataclass(frozen=True)
class Change:
    endpoint: str
    path: str
    change: str
    old: Any
    new: Any
    severity: Severity
    message: str
    behaviour_change: bool = False

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "endpoint": self.endpoint,
            "path": self.path,
            "change": self.change,
            "old": self.old,
            "new": self.new,
            "severity": self.severity,
            "message": self.message,
        }
        if self.behaviour_change:
            data["behaviour_change"] = True
        return data


@dataclass(frozen=True)
class SpecSet:
    """One version of the specs: endpoints by id, shared types by name."""

    endpoints: dict[str, EndpointSpec]
    types: dict[str, TypeSpec] = field(default_factory=dict)


def diff_specs(old: SpecSet, new: SpecSet) -> list[Change]:
    """Every change from ``old`` to ``new``, ordered by endpoint, severity, then path."""
    found: list[Change] = []
    for endpoint in sorted(old.endpoints.keys() | new.endpoints.keys()):
        before, after = old.endpoints.get(endpoint), new.endpoints.get(endpoint)
        if before is None:
            found.append(Change(endpoint, "", "endpoint-added", None, endpoint, "non-breaking", "new endpoint"))
        elif after is None:
            found.append(Change(endpoint, "", "endpoint-removed", endpoint, None, "breaking", "endpoint removed"))
        else:
            found.extend(_Endpoint(endpoint, old, new).changes(before, after))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(found, key=lambda c: (c.endpoint, order[c.severity], c.path))


def _named_type(type_text: str) -> tuple[str | None, str]:
    """``list[Foo]`` → (``Foo``, ``[]``); scalars → (None, …)."""
    suffix = ""
    while match := re.fullmatch(r"list\[(.+)\]", type_text):
        type_text, suffix = match[1], suffix + "[]"
    return (type_text if type_text[:1].isupper() else None), suffix


def _words(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _values(values: list[Any]) -> str:
    return ", ".join(_words(v) for v in values)


class _Endpoint:
    """The comparison of one endpoint, nested types followed into wherever they are used."""

    def __init__(self, endpoint: str, old: SpecSet, new: SpecSet) -> None:
        self.endpoint = endpoint
        self.old_types = old.types
        self.new_types = new.types

    def changes(self, before: EndpointSpec, after: EndpointSpec) -> Iterator[Change]:
        for key in ("title", "summary"):
            if getattr(before, key) != getattr(after, key):
                yield self._change(
                    key, f"{key}-changed", getattr(before, key), getattr(after, key), "docs", f"{key} changed"
                )
        if before.listed != after.listed:
            words = "fal lists it again" if after.listed else "fal no longer lists it"
            yield self._change("listed", "listed-changed", before.listed, after.listed, "docs", words)
        yield from self._model("input", before.input, after.input, "input", "", ())
        yield from self._model("output", before.output, after.output, "output", "", ())
        if before.pricing != after.pricing:
            yield self._change(
                "pricing",
                "price-changed",
                _price_data(before),
                _price_data(after),
                "price",
                f"price: {_price_words(before)} → {_price_words(after)}",
            )
        for which in ("input", "output"):
            old_example, new_example = getattr(before.examples, which), getattr(after.examples, which)
            if old_example != new_example:
                yield self._change(
                    f"examples.{which}", "example-changed", old_example, new_example, "docs", f"{which} example changed"
                )

    def _change(
        self, path: str, change: str, old: Any, new: Any, severity: Severity, message: str, *, behaviour: bool = False
    ) -> Change:
        return Change(self.endpoint, path, change, old, new, severity, message, behaviour)

    @staticmethod
    def _severity(direction: Direction, restricts: bool) -> Severity:
        """Restricting what an input accepts breaks callers; for an output it breaks nobody."""
        return "breaking" if restricts == (direction == "input") else "non-breaking"

    def _model(
        self, direction: Direction, before: ModelSpec, after: ModelSpec, path: str, label: str, seen: tuple[str, ...]
    ) -> Iterator[Change]:
        if before.description != after.description:
            yield self._change(
                f"{path}.description",
                "description-changed",
                before.description,
                after.description,
                "docs",
                f"{label or direction} description changed",
            )
        removed = [n for n in before.fields if n not in after.fields]
        added = [n for n in after.fields if n not in before.fields]
        for old_name, new_name in self._renames(before, after, removed, added):
            removed.remove(old_name)
            added.remove(new_name)
            yield self._change(
                f"{path}.{old_name}",
                "field-renamed",
                old_name,
                new_name,
                "breaking",
                f"{label}{old_name} looks renamed to {new_name} (same type and description)",
            )
        noun = "parameter" if direction == "input" else "output field"
        for name in removed:
            yield self._change(
                f"{path}.{name}",
                "field-removed",
                before.fields[name].type,
                None,
                "breaking",
                f"{noun} {label}{name} removed",
            )
        for name in added:
            spec = after.fields[name]
            required = spec.required and direction == "input"
            kind = "required " if spec.required else "optional "
            yield self._change(
                f"{path}.{name}",
                "field-added",
                None,
                spec.type,
                "breaking" if required else "non-breaking",
                f"new {kind}{noun} {label}{name} ({spec.type})",
            )
        for name in (n for n in after.fields if n in before.fields):
            yield from self._field(
                direction, name, before.fields[name], after.fields[name], f"{path}.{name}", label, seen
            )
        yield from self._rules(direction, before, after, path, label)

    def _renames(
        self, before: ModelSpec, after: ModelSpec, removed: list[str], added: list[str]
    ) -> Iterator[tuple[str, str]]:
        taken: set[str] = set()
        for old_name in removed:
            old = before.fields[old_name]
            for new_name in added:
                new = after.fields[new_name]
                if (
                    new_name not in taken
                    and (old.type, old.description) == (new.type, new.description)
                    and old.description
                ):
                    taken.add(new_name)
                    yield old_name, new_name
                    break

    def _field(
        self,
        direction: Direction,
        name: str,
        before: FieldSpec,
        after: FieldSpec,
        path: str,
        label: str,
        seen: tuple[str, ...],
    ) -> Iterator[Change]:
        who = f"{label}{name}"
        if before.required != after.required:
            restricts = after.required
            text = f"{who} is now required" if after.required else f"{who} is no longer required"
            yield self._change(
                f"{path}.required",
                "required-changed",
                before.required,
                after.required,
                self._severity(direction, restricts),
                text,
            )
        if before.type != after.type:
            yield self._change(
                f"{path}.type",
                "type-changed",
                before.type,
                after.type,
                "breaking",
                f"{who} type changed from {before.type} to {after.type}",
            )
        else:
            yield from self._nested(direction, before.type, f"{path}", who, seen)
        yield from self._enum(direction, who, before, after, path)
        if before.has_default != after.has_default or before.default != after.default:
            old = before.default if before.has_default else None
            new = after.default if after.has_default else None
            text = (
                f"{who} default changed from {_words(old)} to {_words(new)}"
                if before.has_default and after.has_default
                else (
                    f"{who} now defaults to {_words(new)}"
                    if after.has_default
                    else f"{who} no longer has a default (was {_words(old)})"
                )
            )
            yield self._change(f"{path}.default", "default-changed", old, new, "non-breaking", text, behaviour=True)
        for constraint in CONSTRAINTS:
            key, low_is_tighter = constraint.key, not constraint.tightens_upward
            yield from self._bound(
                direction, who, key, getattr(before, key), getattr(after, key), low_is_tighter, f"{path}.{key}"
            )
        yield from self._file(direction, who, before.file, after.file, f"{path}.file")
        if before.description != after.description:
            yield self._change(
                f"{path}.description",
                "description-changed",
                before.description,
                after.description,
                "docs",
                f"{who} description changed",
            )

    def _nested(
        self, direction: Direction, type_text: str, path: str, who: str, seen: tuple[str, ...]
    ) -> Iterator[Change]:
        name, suffix = _named_type(type_text)
        if name is None or name in seen or name not in self.old_types or name not in self.new_types:
            return
        yield from self._model(
            direction, self.old_types[name], self.new_types[name], f"{path}{suffix}", f"{who}{suffix}.", (*seen, name)
        )

    def _enum(self, direction: Direction, who: str, before: FieldSpec, after: FieldSpec, path: str) -> Iterator[Change]:
        old, new = before.enum, after.enum
        if old == new:
            return
        if old is None and new is not None:
            yield self._change(
                f"{path}.enum",
                "enum-added",
                None,
                new,
                self._severity(direction, True),
                f"{who} now only accepts {_values(new)}",
            )
        elif old is not None and new is None:
            yield self._change(
                f"{path}.enum",
                "enum-removed",
                old,
                None,
                self._severity(direction, False),
                f"{who} no longer restricted to {_values(old)}",
            )
        elif old is not None and new is not None:
            gone = [v for v in old if v not in new]
            extra = [v for v in new if v not in old]
            if gone:
                yield self._change(
                    f"{path}.enum",
                    "enum-values-removed",
                    old,
                    new,
                    self._severity(direction, True),
                    f"{who} no longer accepts {_values(gone)}",
                )
            if extra:
                yield self._change(
                    f"{path}.enum",
                    "enum-values-added",
                    old,
                    new,
                    self._severity(direction, False),
                    f"{who} now also accepts {_values(extra)}",
                )

    def _bound(
        self, direction: Direction, who: str, key: str, old: Any, new: Any, low_is_tighter: bool, path: str
    ) -> Iterator[Change]:
        if old == new:
            return
        if old is None or new is None:
            restricts = new is not None
        else:
            restricts = (new < old) if low_is_tighter else (new > old)
        what = BY_KEY[key].category if key in BY_KEY else "file-limits"
        kind = f"{what}-narrowed" if restricts else f"{what}-widened"
        label = key.replace("_", " ")
        text = (
            f"{who} {label} is now {_words(new)}" + (f" (was {_words(old)})" if old is not None else "")
            if new is not None
            else f"{who} no longer has a {label} (was {_words(old)})"
        )
        yield self._change(path, kind, old, new, self._severity(direction, restricts), text)

    def _file(
        self, direction: Direction, who: str, before: FileSpec | None, after: FileSpec | None, path: str
    ) -> Iterator[Change]:
        """A file field's kind and limits; marking a field as a file only documents it."""
        if before == after:
            return
        if before is None or after is None:
            text = (
                f"{who} is now marked as {after.kind} file URL"
                if after is not None
                else f"{who} is no longer marked as a file URL"
            )
            yield self._change(
                path,
                "file-marked" if after is not None else "file-unmarked",
                before and before.kind,
                after and after.kind,
                "docs",
                text,
            )
            return
        if before.kind != after.kind:
            yield self._change(
                f"{path}.kind",
                "file-kind-changed",
                before.kind,
                after.kind,
                "breaking",
                f"{who} now takes {after.kind}, not {before.kind}",
            )
        if before.formats != after.formats:
            yield self._formats(direction, who, before.formats, after.formats, f"{path}.formats")
        for key in FileSpec.model_fields:
            if key not in ("kind", "formats"):
                yield from self._bound(
                    direction,
                    f"{who} file",
                    key,
                    getattr(before, key),
                    getattr(after, key),
                    not key.startswith("min_"),
                    f"{path}.{key}",
                )

    def _formats(
        self, direction: Direction, who: str, old: list[str] | None, new: list[str] | None, path: str
    ) -> Change:
        """No list of formats accepts any; a list that drops one (or appears) restricts."""
        restricts = new is not None and (old is None or not set(new) >= set(old))
        listed = ", ".join(f".{e}" for e in new or ())
        text = f"{who} file formats are now {listed}" if new else f"{who} file no longer lists formats"
        if old:
            text += f" (were {', '.join(f'.{e}' for e in old)})"
        return self._change(
            path,
            "file-limits-narrowed" if restricts else "file-limits-widened",
            old,
            new,
            self._severity(direction, restricts),
            text,
        )

    def _rules(
        self, direction: Direction, before: ModelSpec, after: ModelSpec, path: str, label: str
    ) -> Iterator[Change]:
        old = {rule_identity(r.model_dump()): r.model_dump(exclude_defaults=True) for r in before.rules}
        new = {rule_identity(r.model_dump()): r.model_dump(exclude_defaults=True) for r in after.rules}
        where = f" on {label.rstrip('.')}" if label else ""
        for identity in old.keys() - new.keys():
            rule = old[identity]
            yield self._change(
                f"{path}.rules.{_rule_name(rule)}",
                "rule-removed",
                rule,
                None,
                self._severity(direction, False),
                f"rule removed{where}: {_rule_text(rule)}",
            )
        for identity in new.keys() - old.keys():
            rule = new[identity]
            yield self._change(
                f"{path}.rules.{_rule_name(rule)}",
                "rule-added",
                None,
                rule,
                self._severity(direction, True),
                f"new rule{where}: {_rule_text(rule)}",
            )
        for identity in (i for i in new if i in old and old[i] != new[i]):
            was, now = old[identity], new[identity]
            if {k: v for k, v in was.items() if k != "description"} == {
                k: v for k, v in now.items() if k != "description"
            }:
                yield self._change(
                    f"{path}.rules.{_rule_name(now)}",
                    "rule-description-changed",
                    was,
                    now,
                    "docs",
                    f"rule wording changed{where}: {_rule_text(now)}",
                )
            elif was["kind"] == "limit_when" and {**was, "file": {}, "description": ""} == {
                **now,
                "file": {},
                "description": "",
            }:
                restricts = _tighter(was["file"], now["file"])
                yield self._change(
                    f"{path}.rules.{_rule_name(now)}",
                    "rule-changed",
                    was,
                    now,
                    self._severity(direction, restricts),
                    f"rule changed{where}: {_rule_text(now)}",
                )
            elif was["kind"] in ("max_matching", "max_total") and {**was, "max": 0, "description": ""} == {
                **now,
                "max": 0,
                "description": "",
            }:
                restricts = now["max"] < was["max"]
                yield self._change(
                    f"{path}.rules.{_rule_name(now)}",
                    "rule-changed",
                    was,
                    now,
                    self._severity(direction, restricts),
                    f"rule changed{where}: {_rule_text(now)} (max {was['max']} → {now['max']})",
                )
            else:
                yield self._change(
                    f"{path}.rules.{_rule_name(now)}",
                    "rule-changed",
                    was,
                    now,
                    "breaking",
                    f"rule changed{where}: {_rule_text(now)}",
                )


def _tighter(was: dict[str, Any], now: dict[str, Any]) -> bool:
    """Whether file limits ``now`` refuse something ``was`` took: a new or lower maximum, a
    new or higher minimum, a format dropped (or a list of formats where there was none)."""
    for key in was.keys() | now.keys():
        old, new = was.get(key), now.get(key)
        if old == new or new is None:
            continue
        if old is None:
            return True
        if key == "formats":
            if not set(new) >= set(old):
                return True
        elif (new > old) if key.startswith("min_") else (new < old):
            return True
    return False


def _rule_name(rule: dict[str, Any]) -> str:
    """A stable name for a rule in a path: ``exactly_one_of(prompt,multi_prompt)``."""
    names = rule.get("fields") or [rule["field"], *(rule.get("requires") or [])]
    condition = rule.get("when") or rule.get("where")
    if condition:
        names = [*names, condition["field"]]
    return f"{rule['kind']}({','.join(names)})"


def _rule_text(rule: dict[str, Any]) -> str:
    return rule.get("description") or _rule_name(rule)


def _price_data(spec: EndpointSpec) -> Any:
    return spec.pricing.model_dump(mode="json", exclude_defaults=True) if spec.pricing is not None else None


def _price_words(spec: EndpointSpec) -> str:
    """``$0.112 per second; $0.168 when generate_audio is true``, or ``unknown``."""
    p = spec.pricing
    if p is None:
        return "unknown"
    words = [f"${p.price} per {p.unit}"]
    for entry in p.prices:
        when = " and ".join(
            f"{c.field} is {'given' if c.present else 'not given'}"
            if c.present is not None
            else f"{c.field} is {c.equals!r}"
            for c in entry.when
        )
        words.append(f"${entry.price} when {when}")
    return "; ".join(words)
