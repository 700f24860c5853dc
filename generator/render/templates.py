"""Where the templates are: the package tree, mirrored by ``templates/package``, the
partials, and a project's own templates laid over the package tree."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..resources import TEMPLATE_ROOT

TEMPLATE_SUFFIX = ".jinja"


@dataclass(frozen=True)
class Templates:
    root: Path
    overlay: Path | None = None
    """A project's own package templates: a file here replaces the one at the same path
    under ``package``, or adds to the tree."""

    @property
    def package(self) -> Path:
        return self.root / "package"

    @property
    def partials(self) -> Path:
        return self.root / "partials"

    @property
    def search_path(self) -> list[Path]:
        """Where Jinja finds a template by name, first match first."""
        return [*([self.overlay] if self.overlay is not None else []), self.package, self.partials]

    def files(self) -> Iterator[tuple[str, Path]]:
        """Every file of the package tree, by path relative to it; the overlay's where both have one."""
        found = dict(_tree(self.package))
        if self.overlay is not None:
            found.update(_tree(self.overlay))
        yield from sorted(found.items())

    @cached_property
    def fingerprint(self) -> str:
        """A hash of the overlay's files (falgen's own are in the toolkit's fingerprint)."""
        digest = hashlib.sha256()
        for name, path in _tree(self.overlay) if self.overlay is not None else ():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()


def _tree(root: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path.relative_to(root).as_posix(), path


TEMPLATES = Templates(TEMPLATE_ROOT)
"""falgen's own templates."""
