"""Merging page facts into a spec: the page wins on what it states, curation survives.

A page states, per field: type, required, enum, default, range and description, and the
set and order of fields.  Anything else in a spec is curation the page cannot know about
(list limits it does not mention, hand-written rules, notes, example values added to
make an example complete) and is kept.  Rules the page's prose yields replace the spec's
rule of the same identity; other rules stay where they are.
"""

from __future__ import annotations

import copy
from typing import Any

from ..spec.model import rule_identity
from .facts import EndpointFacts, Facts, ModelFacts

# What a page says about a field; a key it leaves out is a fact it no longer states.
PAGE_FIELD_KEYS = ("type", "required", "enum", "default", "minimum", "maximum", "description")
_NEUTRAL = {"required": False, "description": ""}


def merge_endpoint(existing: dict[str, Any] | None, facts: EndpointFacts) -> dict[str, Any]:
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
    spec["input"] = _model(old.get("input"), facts.input)
    spec["output"] = _model(old.get("output"), facts.output)
    examples = dict(old.get("examples") or {})
    for which, page_example in (("input", facts.example_input), ("output", facts.example_output)):
        if page_example is not None:
            examples[which] = _example(examples.get(which), page_example, spec[which]["fields"])
    if examples:
        spec["examples"] = {k: examples[k] for k in ("input", "output") if k in examples}
    return spec


def _model(existing: dict[str, Any] | None, facts: ModelFacts) -> dict[str, Any]:
    old = existing or {}
    model: dict[str, Any] = {"description": old["description"]} if "description" in old else {}
    old_fields = old.get("fields") or {}
    model["fields"] = {name: _field(old_fields.get(name), page) for name, page in facts.fields.items()}
    rules = _rules(old.get("rules") or [], facts.rules)
    if rules:
        model["rules"] = rules
    return model


def _field(existing: dict[str, Any] | None, page: Facts) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key, value in (existing or {}).items():
        if key in page:
            merged[key] = page[key]
        elif key not in PAGE_FIELD_KEYS or _NEUTRAL.get(key, object()) == value:
            merged[key] = value
    for key, value in page.items():
        merged.setdefault(key, value)
    return merged


def _rules(existing: list[dict[str, Any]], page: tuple[Facts, ...]) -> list[dict[str, Any]]:
    by_identity = {rule_identity(rule): rule for rule in page}
    merged = [by_identity.pop(rule_identity(rule), rule) for rule in existing]
    return merged + [rule for rule in page if rule_identity(rule) in by_identity]


def _example(existing: dict[str, Any] | None, page: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """The page's example, plus values the spec adds for fields the page's example leaves out."""
    merged = dict(page)
    for key, value in (existing or {}).items():
        if key not in merged and key in fields:
            merged[key] = value
    return merged
