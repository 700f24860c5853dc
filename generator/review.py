"""``falgen review --base REV``: what a change to the specs does to the package's users, and
whether the version says so.

It prints ``falgen diff``'s Markdown from REV to the working tree (for a pull request's
summary) and a verdict: a breaking change needs a major version above REV's, which
``falgen release`` writes.  Exit 1 when it is missing.
"""

from __future__ import annotations

import tomllib
from contextlib import ExitStack
from dataclasses import dataclass

from .diff import Change, diff_specs, load_spec_set, markdown
from .errors import FalgenError
from .git import git_text
from .project import Project
from .release import version_parts


@dataclass(frozen=True)
class Review:
    package: str
    base: str
    base_version: str
    version: str
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> int:
        return sum(c.severity == "breaking" for c in self.changes)

    @property
    def ok(self) -> bool:
        return not self.breaking or _major(self.version) > _major(self.base_version)

    def report(self) -> str:
        body = markdown(self.changes, title=f"Spec changes from {self.base}")
        if self.ok:
            verdict = f"{self.package} {self.base_version} → {self.version}: the version covers these changes."
        else:
            verdict = (
                f"**{self.breaking} breaking change{'s' if self.breaking != 1 else ''}, but {self.package} stays at "
                f"major version {_major(self.version)} ({self.base_version} → {self.version}).** "
                "Run `falgen release` and commit what it writes."
            )
        return f"{body.rstrip()}\n\n{verdict}\n"


def review(project: Project, base: str) -> Review:
    with ExitStack() as stack:
        before = load_spec_set(base, specs=project.specs, stack=stack)
        after = load_spec_set(str(project.specs), specs=project.specs, stack=stack)
    changes = tuple(diff_specs(before, after))
    return Review(project.target.distribution, base, _version_at(project, base), project.package_version, changes)


def _version_at(project: Project, base: str) -> str:
    """The package version ``pyproject.toml`` set at revision ``base``."""
    root = git_text(["rev-parse", "--show-toplevel"], cwd=project.root)
    if root is None:
        raise FalgenError(f"{project.root}: not inside a git repository, so there is no {base} to review against")
    relative = (project.root / "pyproject.toml").resolve().relative_to(root).as_posix()
    text = git_text(["show", f"{base}:{relative}"], cwd=project.root)
    if text is None:
        raise FalgenError(f"{base}: no {relative} at that revision")
    try:
        value = tomllib.loads(text).get("tool", {}).get("falgen", {}).get("package-version")
    except tomllib.TOMLDecodeError as error:
        raise FalgenError(f"{base}:{relative}: invalid TOML: {error}") from None
    if not isinstance(value, str):
        raise FalgenError(f"{base}:{relative}: no [tool.falgen] package-version")
    return value


def _major(version: str) -> int:
    return version_parts(version)[0]
