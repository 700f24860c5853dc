"""The formatters of record: black for Python, a blank-line rule for Markdown, ``json`` for JSON."""

from __future__ import annotations

import json
import re
from typing import Any


def format_python(source: str) -> str:
    """``source`` as black (pinned) writes it; black is imported on first use only."""
    import black
    from black.mode import Mode, TargetVersion

    return black.format_str(source, mode=Mode(target_versions={TargetVersion.PY310}))


def format_markdown(text: str) -> str:
    """One blank line between blocks, none at the end; code fences are left as they are."""
    lines: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        opening = re.match(r"^(`{3,})", line)
        if fence is None and opening:
            fence = opening[1]
        elif fence is not None and line == fence:
            fence = None
        elif fence is None and not line.strip() and (not lines or not lines[-1].strip()):
            continue
        lines.append(line)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"


def json_file(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"
