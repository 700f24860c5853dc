"""Merging facts into a spec: the sources win on what they state, curation survives.

Sources state, per field: type, required, enum, default, range, lengths, list sizes, file
limits and description, and the set and order of fields; each kind of source speaks for
some of these (:data:`facts.SPEAKS_FOR`), so its silence on them removes them.  Anything
else in a spec is curation the sources cannot know about (list limits a page does not
mention, hand-written rules, notes, example values added to make an example complete,
examples marked ``curated``) and is kept.  Rules the sources' prose yields replace the spec's rule of the same
identity; other rules stay where they are.  Facts decided by ``--prefer`` are recorded
under ``preferred``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from ..spec.model import rule_identity
from .facts import EndpointFacts, Facts, ModelFacts

_NEUTRAL = {"required": False, "description": ""}


def merge_endpoint(
    existing: dict[str, Any] | None, facts: EndpointFacts, decisions: Mapping[str, str]
) -> dict[str, Any]:
    """The spec ``existing`` (plain YAML data, or None for a new endpoint) updated by ``facts``."""
    old = copy.deepcopy(existing) if existing else {}
    spec: dict[str, Any] = {"endpoint": facts.endpoint}
    spec["title"] = facts.title if facts.title_is_stated or not old.get("title") else old["title"]
    # A page-wide summary (one blockquote for every tab) only fills a gap; an
    # endpoint's own summary replaces what the spec has.
    if facts.summary and (facts.summary_is_specific or not old.get("summary")):
        spec["summary"] = facts.summary
    elif old.get("summary"):
        spec["summary"] = old["summary"]
    if "listed" in old:
        spec["listed"] = old["listed"]  # fal's model list decides it (falgen update), not a source's facts
    spec["input"] = merge_model(old.get("input"), facts.input)
    spec["output"] = merge_model(old.get("output"), facts.output)
    examples = dict(old.get("examples") or {})
    curated = examples.get("curated") or []
    for which, stated in (("input", facts.example_input), ("output", facts.example_output)):
        # An example marked curated is the maintainers' own: no source replaces it.
        if stated is not None and which not in curated:
            examples[which] = _example(examples.get(which), stated, spec[which]["fields"])
    if examples:
        spec["examples"] = {k: examples[k] for k in ("input", "output", "curated") if k in examples}
    # A source that states a price replaces the spec's (keeping the date it was stated while
    # the price is the same); one that is silent on it leaves it as it is.
    if facts.pricing is not None:
        kept = old.get("pricing") or {}
        undated = {k: v for k, v in facts.pricing.items() if k != "stated"}
        unchanged = {k: v for k, v in kept.items() if k != "stated"} == undated
        spec["pricing"] = {**undated, "stated": kept["stated"]} if unchanged and "stated" in kept else facts.pricing
    elif old.get("pricing"):
        spec["pricing"] = old["pricing"]
    preferred = _preferred(old.get("preferred"), decisions)
    if preferred:
        spec["preferred"] = preferred
    return spec


def merge_type(existing: dict[str, Any] | None, facts: ModelFacts, decisions: Mapping[str, str]) -> dict[str, Any]:
    """A shared type's spec (``specs/types/NAME.yaml``) updated by ``facts``."""
    merged = merge_model(existing, facts)
    preferred = _preferred((existing or {}).get("preferred"), decisions)
    if preferred:
        merged["preferred"] = preferred
    return merged


def merge_model(existing: dict[str, Any] | None, facts: ModelFacts) -> dict[str, Any]:
    old = existing or {}
    model: dict[str, Any] = {}
    description = facts.description or old.get("description")
    if description:
        model["description"] = description
    old_fields = old.get("fields") or {}
    # A source that does not state an order (fal's TypeScript types sort fields by name)
    # keeps the spec's; its new fields go last.
    order = (
        list(facts.fields)
        if facts.order_is_stated
        else [n for n in old_fields if n in facts.fields] + [n for n in facts.fields if n not in old_fields]
    )
    model["fields"] = {name: _field(old_fields.get(name), facts.fields[name], facts.speaks_for) for name in order}
    rules = _rules(old.get("rules") or [], facts.rules)
    if rules:
        model["rules"] = rules
    return model


def _field(existing: dict[str, Any] | None, stated: Facts, speaks_for: frozenset[str]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key, value in (existing or {}).items():
        if key == "file" and "file" in stated:
            merged[key] = {**value, **stated["file"]}
        elif key in stated:
            merged[key] = stated[key]
        elif key not in speaks_for or _NEUTRAL.get(key, object()) == value:
            merged[key] = value
    for key, value in stated.items():
        merged.setdefault(key, value)
    return merged


def _rules(existing: list[dict[str, Any]], stated: tuple[Facts, ...]) -> list[dict[str, Any]]:
    by_identity = {rule_identity(rule): rule for rule in stated}
    merged = [by_identity.pop(rule_identity(rule), rule) for rule in existing]
    return merged + [rule for rule in stated if rule_identity(rule) in by_identity]


def _example(existing: dict[str, Any] | None, stated: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """The source's example, plus values the spec adds for fields the source's example leaves out."""
    merged = dict(stated)
    for key, value in (existing or {}).items():
        if key not in merged and key in fields:
            merged[key] = value
    return (
        existing
        if existing is not None and json.dumps(existing, sort_keys=True) == json.dumps(merged, sort_keys=True)
        else merged
    )


def _preferred(existing: dict[str, str] | None, decisions: Mapping[str, str]) -> dict[str, str]:
    return dict(sorted({**(existing or {}), **decisions}.items()))
