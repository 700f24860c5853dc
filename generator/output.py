"""Writing a rendered tree: all or nothing.

When every file's bytes already match, nothing is touched.  Otherwise the new tree is
built in a sibling directory and swapped in with two renames, so a failed or
interrupted run leaves the previous ``generated/`` whole.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def summary(self) -> str:
        if self.empty:
            return "up to date"
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"


def read_tree(root: Path) -> dict[str, str]:
    """Every file below ``root`` (path relative to it, POSIX style) → text."""
    if not root.is_dir():
        return {}
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc") and ".egg-info" not in str(path):
            out[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    return out


def compare(current: dict[str, str], wanted: dict[str, str]) -> Changes:
    return Changes(
        added=tuple(sorted(set(wanted) - set(current))),
        changed=tuple(sorted(p for p in wanted if p in current and current[p] != wanted[p])),
        removed=tuple(sorted(set(current) - set(wanted))),
    )


def unified_diff(current: dict[str, str], wanted: dict[str, str], label: str) -> str:
    changes = compare(current, wanted)
    chunks: list[str] = []
    for path in sorted((*changes.added, *changes.changed, *changes.removed)):
        chunks.extend(
            difflib.unified_diff(
                current.get(path, "").splitlines(keepends=True),
                wanted.get(path, "").splitlines(keepends=True),
                fromfile=f"{label}/{path} (committed)",
                tofile=f"{label}/{path} (from specs)",
            )
        )
    return "".join(chunk if chunk.endswith("\n") else chunk + "\n" for chunk in chunks)


def write_tree(root: Path, wanted: dict[str, str]) -> Changes:
    """Make ``root`` hold exactly ``wanted``, atomically."""
    current = read_tree(root)
    changes = compare(current, wanted)
    if changes.empty:
        return changes
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.new-", dir=root.parent))
    retired = root.parent / f".{root.name}.old-{staging.name.rsplit('-', 1)[-1]}"
    try:
        for relative, content in wanted.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
        if root.exists():
            os.rename(root, retired)
        os.rename(staging, root)
    except BaseException:
        if retired.exists() and not root.exists():
            os.rename(retired, root)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    return changes


def write_files(texts: dict[Path, str]) -> None:
    """Replace a few files: each is staged beside its target, then all are renamed into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in sorted(texts.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            staged.append((Path(name), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
