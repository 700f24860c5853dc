"""Running git for commands that read older versions of the specs (diff, release)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import FalgenError


def git(args: list[str], *, cwd: Path) -> bytes | None:
    """git's output, or None when git fails (an unknown revision, not a repository)."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True)
    except FileNotFoundError:
        raise FalgenError("git is not installed; name spec directories instead of revisions") from None
    return done.stdout if done.returncode == 0 else None


def git_text(args: list[str], *, cwd: Path) -> str | None:
    output = git(args, cwd=cwd)
    return output.decode().strip() if output is not None else None
