"""Errors a user can cause: each one says where (file and line) and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.message}"


class FalgenError(Exception):
    """A user-facing failure; the CLI prints it without a traceback and exits non-zero."""


class SpecError(FalgenError):
    """One or more problems found in the specs."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def relocated(self, scratch: Path, shown: Path) -> SpecError:
        """The same problems, for specs checked in ``scratch`` but known to users as ``shown``."""
        return SpecError([
            Problem(
                shown / p.path.relative_to(scratch) if p.path.is_relative_to(scratch) else p.path, p.line, p.message
            )
            for p in self.problems
        ])
