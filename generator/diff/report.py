"""A diff for people (Markdown, grouped by endpoint, breaking first) and for tools (JSON)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from .changes import SEVERITIES, Change


def short_name(endpoint: str) -> str:
    """``fal-ai/kling-video/v3/standard/image-to-video`` → ``v3/standard/image-to-video``."""
    parts = endpoint.split("/")
    return "/".join(parts[2:]) if len(parts) > 2 else endpoint


def summary(changes: Sequence[Change]) -> str:
    """``1 breaking, 0 non-breaking, 2 docs``; price changes are counted where there are any."""
    counts = Counter(c.severity for c in changes)
    shown = [s for s in SEVERITIES if s != "price" or counts[s]]
    return ", ".join(f"{counts[s]} {s}" for s in shown) if changes else "no changes"


def markdown(changes: Sequence[Change], *, title: str = "Spec changes") -> str:
    lines = [f"# {title}", "", summary(changes) + ".", ""]
    for endpoint in dict.fromkeys(c.endpoint for c in changes):
        lines += [f"## {endpoint}", ""]
        lines += [f"- {line(c)}" for c in changes if c.endpoint == endpoint]
        lines.append("")
    return "\n".join(lines)


def line(change: Change) -> str:
    flag = ", behaviour change" if change.behaviour_change else ""
    return f"{short_name(change.endpoint)}: {change.message} ({change.severity}{flag})"


def as_json(changes: Sequence[Change]) -> str:
    return json.dumps([c.as_json() for c in changes], indent=2, ensure_ascii=False) + "\n"
