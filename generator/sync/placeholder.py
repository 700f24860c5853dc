"""Examples made from a spec's own fields, for an endpoint no source gives an example for.

A spec needs an input and an output example (docs show them, lint checks them); a new
endpoint known only from fal's TypeScript types has none.  The example made here holds
the required fields, and one field of each rule that asks for one of several; values
come from each field's facts (its first allowed value, its minimum, a URL of the file
kind it takes).  It is marked ``curated`` and reported, for a maintainer to replace with
a real one.
"""

from __future__ import annotations

import re
from typing import Any

_URLS = {
    "image": "https://example.com/image.png",
    "video": "https://example.com/video.mp4",
    "audio": "https://example.com/audio.mp3",
    "file": "https://example.com/file",
}
_LIST = re.compile(r"^list\[(?P<item>.+)\]$")


def placeholder(model: dict[str, Any], types: dict[str, dict[str, Any]], depth: int = 0) -> dict[str, Any]:
    """An example of ``model`` (a spec's input or output, or a type), as plain data."""
    fields: dict[str, Any] = model.get("fields") or {}
    chosen = [name for name, field in fields.items() if field.get("required")]
    for rule in model.get("rules") or []:
        if rule.get("kind") in ("exactly_one_of", "at_least_one_of") and not set(rule["fields"]) & set(chosen):
            chosen.append(rule["fields"][0])
    return {name: _value(name, fields[name], types, depth) for name in fields if name in chosen}


def _value(name: str, field: dict[str, Any], types: dict[str, dict[str, Any]], depth: int) -> Any:
    kind = str(field.get("type", "string"))
    if "enum" in field:
        return field["enum"][0]
    if "default" in field:
        return field["default"]
    if match := _LIST.match(kind):
        count = max(int(field.get("min_items", 1)), 1)
        item = _value(
            name, {"type": match["item"], **({"file": field["file"]} if "file" in field else {})}, types, depth
        )
        return [item] * count
    if kind == "string":
        if "file" in field:
            return _URLS.get(field["file"].get("kind", "file"), _URLS["file"])
        if "url" in name:
            return _URLS["file"]
        return (
            "A red fox trots through fresh snow at dawn."
            if "prompt" in name or "text" in name
            else name.replace("_", " ")
        )
    if kind in ("integer", "float"):
        low = field.get("minimum", 1 if kind == "integer" else 0.5)
        return max(low, min(field.get("maximum", low), low))
    if kind == "boolean":
        return True
    if kind in types and depth < 8:
        return placeholder(types[kind], types, depth + 1)
    return None
