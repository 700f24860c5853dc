"""A store for slow, pure steps (black, YAML parsing, rendering an endpoint's files).

Entries are keyed by a hash of everything that decides the result (the toolkit's own
code and templates, the versions of the libraries that shape output, and the input),
so a stale entry cannot be hit; a lost or corrupt one only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

# The libraries whose versions decide what falgen writes or accepts.
_OUTPUT_LIBRARIES = ("black", "jinja2", "jsonschema", "pydantic", "pyyaml")


@cache
def toolkit_fingerprint() -> str:
    """A hash of falgen's code and templates, the libraries that shape its output, and Python's version."""
    from .project import TEMPLATES

    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for library in _OUTPUT_LIBRARIES:
        digest.update(f"\0{library}={version(library)}".encode())
    for root in (Path(__file__).parent, TEMPLATES.root):
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".jinja") and "__pycache__" not in path.parts:
                digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def digest(*parts: str) -> str:
    """A key for an entry: the hash of its parts and the toolkit's fingerprint."""
    return hashlib.sha256("\0".join((toolkit_fingerprint(), *parts)).encode()).hexdigest()


class Cache:
    def __init__(self, root: Path | None) -> None:
        self.root = root

    def get(self, kind: str, key: str) -> Any | None:
        """The JSON value stored under ``key``, or None."""
        if self.root is None:
            return None
        try:
            return json.loads((self.root / kind / key[:2] / key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.root is None:
            return
        entry = self.root / kind / key[:2] / key
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(value, handle, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, entry)
        except OSError:
            pass  # a cache that cannot be written only costs time
