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

from .resources import TEMPLATE_ROOT

# The libraries whose versions decide what falgen writes or accepts.
_OUTPUT_LIBRARIES = ("black", "jinja2", "jsonschema", "pydantic", "pyyaml")


@cache
def toolkit_fingerprint() -> str:
    """A hash of falgen's code and templates, the libraries that shape its output, and Python's version."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for library in _OUTPUT_LIBRARIES:
        digest.update(f"\0{library}={version(library)}".encode())
    for root in (Path(__file__).parent, TEMPLATE_ROOT):
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
        text = self._read(kind, key)
        try:
            return None if text is None else json.loads(text)
        except ValueError:
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        self._write(kind, key, json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def get_texts(self, kind: str, key: str) -> dict[str, str] | None:
        """The named texts stored under ``key`` with :meth:`put_texts`, or None."""
        raw = self._read(kind, key)
        if raw is None:
            return None
        header, _, body = raw.partition("\n")
        try:
            sizes = [(str(name), int(size)) for name, size in json.loads(header)]
        except (ValueError, TypeError):
            return None
        if sum(size for _, size in sizes) != len(body):
            return None
        texts, offset = {}, 0
        for name, size in sizes:
            texts[name] = body[offset : offset + size]
            offset += size
        return texts

    def put_texts(self, kind: str, key: str, texts: dict[str, str]) -> None:
        """Store texts by name, unescaped, so reading them back costs no more than reading the file."""
        header = json.dumps([[name, len(text)] for name, text in texts.items()], ensure_ascii=False)
        self._write(kind, key, header + "\n" + "".join(texts.values()))

    def _read(self, kind: str, key: str) -> str | None:
        if self.root is None:
            return None
        try:
            with open(self.root / kind / key[:2] / key, encoding="utf-8", newline="") as handle:
                return handle.read()
        except (OSError, UnicodeDecodeError):
            return None

    def _write(self, kind: str, key: str, text: str) -> None:
        if self.root is None:
            return
        entry = self.root / kind / key[:2] / key
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            os.replace(temporary, entry)
        except OSError:
            pass  # a cache that cannot be written only costs time


NO_CACHE = Cache(None)
"""A cache that keeps nothing: every step runs."""
