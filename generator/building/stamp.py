"""Seeing that nothing changed without doing the work again.

After ``generate`` writes an output tree (or ``check`` finds it fresh), a stamp records
a hash of every input the tree was made from (the spec files, the project's version and
changelog, falgen's own code and templates and the libraries that shape its output) and
each output file's size and modification time.  While the inputs hash the same and no
output file was touched, added or removed, the tree is what a full run would write, so
``generate`` and ``check`` answer at the cost of reading the specs and listing the tree.
Stamps live in the cache: ``--no-cache`` neither reads nor writes them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cache import Cache, toolkit_fingerprint
from .tree import Wanted, tree_state, wanted_hash

_KIND = "stamps"


def inputs_digest(specs: Path, settings: str) -> str:
    """A hash of the spec files (path and bytes) and of ``settings`` (version, changelog, options)."""
    digest = hashlib.sha256(toolkit_fingerprint().encode())
    digest.update(settings.encode())
    for path in sorted(specs.rglob("*")):
        if path.is_file():
            digest.update(b"\0" + path.relative_to(specs).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _key(output: Path) -> str:
    return hashlib.sha256(str(output.absolute()).encode()).hexdigest()


def _stamp(cache: Cache, output: Path) -> tuple[str | None, dict[str, tuple[int, int, str, str]]]:
    """The stamped inputs hash, and each file's size, time, content hash and origin (the cache
    key of the endpoint rendering it came from, or ``""``); nothing where the entry is not a stamp."""
    stamp: Any = cache.get(_KIND, _key(output))
    if (
        not isinstance(stamp, dict)
        or not isinstance(stamp.get("inputs"), str)
        or not isinstance(stamp.get("files"), dict)
    ):
        return None, {}
    files: dict[str, tuple[int, int, str, str]] = {}
    for path, entry in stamp["files"].items():
        if not (
            isinstance(entry, list)
            and len(entry) == 4
            and all(isinstance(v, t) for v, t in zip(entry, (int, int, str, str), strict=True))
        ):
            return None, {}
        files[path] = (entry[0], entry[1], entry[2], entry[3])
    return stamp["inputs"], files


def is_fresh(cache: Cache, output: Path, inputs: str) -> bool:
    """Whether ``output`` is untouched since a run that made it from ``inputs``."""
    stamped, files = _stamp(cache, output)
    if stamped != inputs:
        return False
    state = tree_state(output)
    return files.keys() == state.keys() and all(list(files[path][:2]) == state[path] for path in state)


@dataclass(frozen=True)
class Untouched:
    """What the output holds as the last stamped run left it."""

    hashes: dict[str, str]
    """Each untouched file's content hash."""
    origins: dict[str, dict[str, str]]
    """The files of each endpoint rendering (by its cache key) whose files are all untouched."""


def untouched(cache: Cache, output: Path) -> Untouched:
    _, files = _stamp(cache, output)
    state = tree_state(output)
    hashes = {path: files[path][2] for path in state if path in files and list(files[path][:2]) == state[path]}
    origins: dict[str, dict[str, str]] = {}
    spoiled: set[str] = set()
    for path, (_, _, digest, origin) in files.items():
        if origin:
            origins.setdefault(origin, {})[path] = digest
            if path not in hashes:
                spoiled.add(origin)
    return Untouched(hashes, {origin: found for origin, found in origins.items() if origin not in spoiled})


def record(cache: Cache, output: Path, inputs: str, files: Wanted, origins: Mapping[str, str]) -> None:
    """Stamp ``output``, which now holds ``files``, as made from ``inputs``; ``origins`` as in :class:`Untouched`."""
    state = tree_state(output)
    if state.keys() != files.keys():
        return  # something else wrote there meanwhile: leave it unstamped
    entries = {path: [*state[path], wanted_hash(files[path]), origins.get(path, "")] for path in state}
    cache.put(_KIND, _key(output), {"inputs": inputs, "files": entries})
