"""Cross-field rules, declared as data on each model (``__rules__``) and checked here.

A field counts as *given* when it holds a value other than ``None``; defaults count,
because fal applies them.  The rule kinds mirror the spec language one to one.

Rules name fields as fal does.  A check reads them through a *getter* (name → value), so
the same check runs on a validated model, where it guards every construction, and on a
raw payload that failed validation, where :func:`rule_problems` finds every broken rule
whose fields are themselves valid, to report them beside the field errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = [
    "Check",
    "Getter",
    "Holds",
    "compile_holds",
    "compile_rule",
    "fields_to_send",
    "rule_fields",
    "rule_problems",
]

Getter = Callable[[str], Any]
"""A field's value by its fal name (``None`` when not given)."""
Items = Callable[[str], "list[Getter]"]
"""Getters for the items of a list field."""
Check = Callable[[Getter, Items], "str | None"]
"""Returns what is wrong, or ``None`` when the rule holds."""


def _names(names: Sequence[str]) -> str:
    return " or ".join(names)


def _test(condition: Mapping[str, Any]) -> Callable[[Getter], bool]:
    """The condition as a function of a getter, decided once per rule, not per check."""
    field = condition["field"]
    if "present" in condition:
        present = bool(condition["present"])
        return lambda get: (get(field) is not None) is present
    equals = condition["equals"]
    return lambda get: bool(get(field) == equals)


def _condition_words(condition: Mapping[str, Any]) -> str:
    if "present" in condition:
        return f"{condition['field']} is {'given' if condition['present'] else 'not given'}"
    return f"{condition['field']} is {condition['equals']!r}"


def _exactly_one_of(rule: Mapping[str, Any]) -> Check:
    fields = tuple(rule["fields"])

    def check(get: Getter, items: Items) -> str | None:
        count = 0
        for name in fields:
            if get(name) is not None:
                count += 1
        if count == 1:
            return None
        given = [name for name in fields if get(name) is not None]
        if not given:
            return f"give exactly one of {_names(fields)}; none was given"
        return f"give exactly one of {_names(fields)}, not several (given: {', '.join(given)})"

    return check


def _at_least_one_of(rule: Mapping[str, Any]) -> Check:
    fields = tuple(rule["fields"])

    def check(get: Getter, items: Items) -> str | None:
        if any(get(name) is not None for name in fields):
            return None
        return f"give at least one of {_names(fields)}; none was given"

    return check


def _mutually_exclusive(rule: Mapping[str, Any]) -> Check:
    fields = tuple(rule["fields"])

    def check(get: Getter, items: Items) -> str | None:
        count = 0
        for name in fields:
            if get(name) is not None:
                count += 1
        if count <= 1:
            return None
        given = [name for name in fields if get(name) is not None]
        return f"{' and '.join(given)} cannot be given together; give at most one of {_names(fields)}"

    return check


def _requires(rule: Mapping[str, Any]) -> Check:
    field, required = rule["field"], tuple(rule["requires"])

    def check(get: Getter, items: Items) -> str | None:
        if get(field) is None:
            return None
        for name in required:
            if get(name) is None:
                break
        else:
            return None
        missing = [name for name in required if get(name) is None]
        return f"{', '.join(missing)} is required when {field} is given"

    return check


def _only_when(rule: Mapping[str, Any]) -> Check:
    field, when = rule["field"], rule["when"]
    holds = _test(when)

    def check(get: Getter, items: Items) -> str | None:
        if get(field) is None or holds(get):
            return None
        return f"{field} is only allowed when {_condition_words(when)} (it is {get(when['field'])!r})"

    return check


def _max_matching(rule: Mapping[str, Any]) -> Check:
    field, where, most = rule["field"], rule["where"], rule["max"]
    holds = _test(where)

    def check(get: Getter, items: Items) -> str | None:
        if not get(field):
            return None  # no items: none can match
        matching = 0
        for item in items(field):
            if holds(item):
                matching += 1
        if matching <= most:
            return None
        return f"at most {most} of the {field} may match ({_condition_words(where)}); {matching} do"

    return check


def _count(value: Any) -> int:
    """What a value adds to a total: a list its items, any other given value one."""
    if isinstance(value, (list, tuple)):
        return len(value)
    return 0 if value is None else 1


def _max_total(rule: Mapping[str, Any]) -> Check:
    fields, most = tuple(rule["fields"]), rule["max"]

    def check(get: Getter, items: Items) -> str | None:
        total = 0
        for name in fields:
            total += _count(get(name))
        if total <= most:
            return None
        counted = ", ".join(
            f"{name}: {_count(get(name))}" for name in fields if get(name) is not None
        )
        return f"at most {most} in all across {_names(fields).replace(' or ', ' and ')}; {total} given ({counted})"

    return check


def _limit_when(rule: Mapping[str, Any]) -> Check:
    """Limits on a file fal fetches: fal checks them, the docs and schemas state them."""
    return lambda get, items: None


_KINDS: dict[str, Callable[[Mapping[str, Any]], Check]] = {
    "exactly_one_of": _exactly_one_of,
    "at_least_one_of": _at_least_one_of,
    "mutually_exclusive": _mutually_exclusive,
    "requires": _requires,
    "only_when": _only_when,
    "max_matching": _max_matching,
    "max_total": _max_total,
    "limit_when": _limit_when,
}


def compile_rule(rule: Mapping[str, Any]) -> Check:
    """Turn one declared rule into its check; an unknown kind is a bug in the generator."""
    return _KINDS[rule["kind"]](rule)


Holds = Callable[[dict[str, Any]], bool]
"""Whether every rule of a model holds, given the validated model's ``__dict__``."""


def compile_holds(rules: Sequence[Mapping[str, Any]], model: Any) -> Holds:
    """One function that tells whether all of ``model``'s rules hold, reading its fields
    straight from the instance ``__dict__``: what every validation runs, so it costs
    what a hand-written validator does.  It only answers yes or no; where it says no,
    the checks above find the broken rule and word it.
    """
    constants: dict[str, Any] = {}

    def constant(value: Any) -> str:
        name = f"c{len(constants)}"
        constants[name] = value
        return name

    def given(fields: Mapping[str, str], name: str, where: str = "d") -> str:
        return f"({where}[{constant(fields.get(name, name))}] is not None)"

    def test(
        fields: Mapping[str, str], condition: Mapping[str, Any], where: str
    ) -> str:
        if "present" in condition:
            present = given(fields, condition["field"], where)
            return present if condition["present"] else f"(not {present})"
        value = (
            f"{where}[{constant(fields.get(condition['field'], condition['field']))}]"
        )
        return f"({value} == {constant(condition['equals'])})"

    own: Mapping[str, str] = model.__attributes__
    terms = []
    for rule in rules:
        kind = rule["kind"]
        if kind in ("exactly_one_of", "at_least_one_of", "mutually_exclusive"):
            count = " + ".join(given(own, name) for name in rule["fields"])
            terms.append(
                {
                    "exactly_one_of": f"({count}) == 1",
                    "at_least_one_of": f"({count}) >= 1",
                }.get(kind, f"({count}) <= 1")
            )
        elif kind == "requires":
            needed = " and ".join(given(own, name) for name in rule["requires"])
            terms.append(f"(not {given(own, rule['field'])} or ({needed}))")
        elif kind == "only_when":
            terms.append(
                f"(not {given(own, rule['field'])} or {test(own, rule['when'], 'd')})"
            )
        elif kind == "max_total":
            count = constant(_count)
            total = " + ".join(
                f"{count}(d[{constant(own.get(name, name))}])"
                for name in rule["fields"]
            )
            terms.append(f"({total}) <= {constant(rule['max'])}")
        elif kind == "limit_when":
            continue  # file limits: fal checks them
        else:  # max_matching, over the items of a list of nested models
            items = f"d[{constant(own.get(rule['field'], rule['field']))}]"
            nested: Mapping[str, str] = model._nested_models()[
                rule["field"]
            ].__attributes__
            matching = f"sum(1 for i in {items} if {test(nested, rule['where'], 'i.__dict__')})"
            terms.append(f"(not {items} or {matching} <= {constant(rule['max'])})")
    source = f"def holds(d):\n    return {' and '.join(terms) or 'True'}\n"
    namespace = dict(constants)
    exec(compile(source, f"<rules of {model.__name__}>", "exec"), namespace)
    holds: Holds = namespace["holds"]
    return holds


def rule_fields(rule: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields a rule reads on the model that declares it."""
    names = [
        *rule.get("fields", ()),
        *((rule["field"],) if "field" in rule else ()),
        *rule.get("requires", ()),
    ]
    if "when" in rule:
        names.append(rule["when"]["field"])
    return tuple(names)


def fields_to_send(rules: tuple[Mapping[str, Any], ...], get: Getter) -> list[str]:
    """Fields that must appear in the payload even when they hold their default.

    Payloads leave defaults out, since fal applies them; but a field a ``requires`` rule
    names is one fal's docs say must be provided, so it is sent whenever the rule applies.
    """
    return [
        name
        for rule in rules
        if rule["kind"] == "requires" and get(rule["field"]) is not None
        for name in rule["requires"]
        if get(name) is not None
    ]


Loc = tuple["int | str", ...]
Problems = list[tuple[Loc, str]]


def rule_problems(model: Any, data: Any, invalid: set[Loc], loc: Loc = ()) -> Problems:
    """Every broken rule in ``data`` (a payload for ``model``) that reads only valid fields.

    ``invalid`` holds the locations of field errors; a rule reading a field at or below one
    of them is skipped, since its answer would rest on a value that was refused anyway.
    """
    get = model._getter_for(data)
    if get is None:
        return []

    def items(name: str) -> list[Getter]:
        return [
            found
            for item in get(name) or ()
            if (found := model._item_getter(name, item)) is not None
        ]

    problems: Problems = []
    for rule, check in zip(model.__rules__, model.__checks__, strict=True):
        if any(_touches((*loc, name), invalid) for name in rule_fields(rule)):
            continue
        problem = check(get, items)
        if problem is not None:
            problems.append((loc, problem))
    for name, nested in model._nested_models().items():
        value = get(name)
        if isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                problems += rule_problems(nested, item, invalid, (*loc, name, index))
        elif value is not None:
            problems += rule_problems(nested, value, invalid, (*loc, name))
    return problems


def _touches(loc: Loc, invalid: set[Loc]) -> bool:
    return any(bad[: len(loc)] == loc for bad in invalid)
