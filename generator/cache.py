"""A content-addressed store for slow, pure steps (model generation, black).

Entries are keyed by a hash of everything that decides the output (tool version,
options, input), so a stale entry cannot be hit; a no-op regeneration then costs
no more than rendering and comparing.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class Cache:
    def __init__(self, root: Path | None) -> None:
        self.root = root

    def text(self, kind: str, material: str, make: Callable[[], str]) -> str:
        if self.root is None:
            return make()
        digest = hashlib.sha256(f"{kind}\0{material}".encode()).hexdigest()
        entry = self.root / kind / digest[:2] / digest
        try:
            return entry.read_text(encoding="utf-8")
        except OSError:
            pass
        value = make()
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(value)
            os.replace(temporary, entry)
        except OSError:
            pass  # a cache that cannot be written only costs time
        return value
