"""Where the templates are: the package tree, mirrored by ``templates/package``, and the partials."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..resources import TEMPLATE_ROOT

TEMPLATE_SUFFIX = ".jinja"


@dataclass(frozen=True)
class Templates:
    root: Path

    @property
    def package(self) -> Path:
        return self.root / "package"

    @property
    def partials(self) -> Path:
        return self.root / "partials"

    def files(self) -> Iterator[tuple[str, Path]]:
        """Every file of the package tree, by path relative to it."""
        for path in sorted(self.package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield path.relative_to(self.package).as_posix(), path


TEMPLATES = Templates(TEMPLATE_ROOT)
"""falgen's own templates."""
