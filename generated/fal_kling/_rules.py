"""Cross-field rules, declared as data on each model (``__rules__``) and checked here.

A field counts as *given* when it holds a value other than ``None``; defaults count,
because fal applies them.  The rule kinds mirror the spec language one to one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Check", "compile_rule", "fields_to_send"]

Check = Callable[[Any], "str | None"]
"""Takes a validated model; returns what is wrong, or ``None`` when the rule holds."""


def _given(model: Any, name: str) -> bool:
    return getattr(model, name) is not None


def _names(names: Any) -> str:
    return " or ".join(names)


def _holds(model: Any, condition: Mapping[str, Any]) -> bool:
    value = getattr(model, condition["field"])
    if "present" in condition:
        return (value is not None) is condition["present"]
    return bool(value == condition["equals"])


def _condition_words(condition: Mapping[str, Any]) -> str:
    if "present" in condition:
        return f"{condition['field']} is {'given' if condition['present'] else 'not given'}"
    return f"{condition['field']} is {condition['equals']!r}"


def _exactly_one_of(rule: Mapping[str, Any]) -> Check:
    fields = tuple(rule["fields"])

    def check(model: Any) -> str | None:
        given = [name for name in fields if _given(model, name)]
        if len(given) == 1:
            return None
        if not given:
            return f"give exactly one of {_names(fields)}; none was given"
        return f"give exactly one of {_names(fields)}, not several (given: {', '.join(given)})"

    return check


def _at_least_one_of(rule: Mapping[str, Any]) -> Check:
    fields = tuple(rule["fields"])

    def check(model: Any) -> str | None:
        if any(_given(model, name) for name in fields):
            return None
        return f"give at least one of {_names(fields)}; none was given"

    return check


def _mutually_exclusive(rule: Mapping[str, Any]) -> Check:
    fields = tuple(rule["fields"])

    def check(model: Any) -> str | None:
        given = [name for name in fields if _given(model, name)]
        if len(given) <= 1:
            return None
        return f"{' and '.join(given)} cannot be given together; give at most one of {_names(fields)}"

    return check


def _requires(rule: Mapping[str, Any]) -> Check:
    field, required = rule["field"], tuple(rule["requires"])

    def check(model: Any) -> str | None:
        if not _given(model, field):
            return None
        missing = [name for name in required if not _given(model, name)]
        if not missing:
            return None
        return f"{', '.join(missing)} is required when {field} is given"

    return check


def _only_when(rule: Mapping[str, Any]) -> Check:
    field, when = rule["field"], rule["when"]

    def check(model: Any) -> str | None:
        if not _given(model, field) or _holds(model, when):
            return None
        actual = getattr(model, when["field"])
        return (
            f"{field} is only allowed when {_condition_words(when)} (it is {actual!r})"
        )

    return check


def _max_matching(rule: Mapping[str, Any]) -> Check:
    field, where, most = rule["field"], rule["where"], rule["max"]

    def check(model: Any) -> str | None:
        items = getattr(model, field) or ()
        matching = sum(1 for item in items if _holds(item, where))
        if matching <= most:
            return None
        return f"at most {most} of the {field} may match ({_condition_words(where)}); {matching} do"

    return check


_KINDS: dict[str, Callable[[Mapping[str, Any]], Check]] = {
    "exactly_one_of": _exactly_one_of,
    "at_least_one_of": _at_least_one_of,
    "mutually_exclusive": _mutually_exclusive,
    "requires": _requires,
    "only_when": _only_when,
    "max_matching": _max_matching,
}


def compile_rule(rule: Mapping[str, Any]) -> Check:
    """Turn one declared rule into its check; an unknown kind is a bug in the generator."""
    return _KINDS[rule["kind"]](rule)


def fields_to_send(rules: tuple[Mapping[str, Any], ...], model: Any) -> list[str]:
    """Fields that must appear in the payload even when they hold their default.

    Payloads leave defaults out, since fal applies them; but a field a ``requires`` rule
    names is one fal's docs say must be provided, so it is sent whenever the rule applies.
    """
    return [
        name
        for rule in rules
        if rule["kind"] == "requires" and _given(model, rule["field"])
        for name in rule["requires"]
        if _given(model, name)
    ]
