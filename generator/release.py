"""``falgen release``: the package's next version and its changelog entry, from the spec diff.

The previous release is the git tag (``[tool.falgen] tag``, ``fal-kling-vVERSION`` for
fal-kling) for the version recorded in
``generated/pyproject.toml``; without a tag, the commit that last changed ``released =
"VERSION"`` under ``[tool.falgen]`` in ``pyproject.toml`` (``falgen release`` writes it, and
the release's commit is the baseline of the next); failing both, the commit that set the
version in ``generated/pyproject.toml``.  Breaking changes bump the major version,
additions the minor, prices and docs only the patch.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .diff import Change, diff_specs, load_spec_set
from .diff.report import line, summary
from .errors import FalgenError
from .git import git_text
from .building import render
from .building.tree import write_tree
from .files import write_files
from .project import Project

Bump = Literal["major", "minor", "patch"]
_HEADINGS: tuple[tuple[str, str], ...] = (
    ("breaking", "Breaking changes"),
    ("non-breaking", "New and changed"),
    ("price", "Prices"),
    ("docs", "Documentation"),
)


@dataclass(frozen=True)
class Release:
    baseline: str
    current: str
    changes: tuple[Change, ...]
    bump: Bump | None
    version: str | None
    entry: str


def plan_release(project: Project, *, since: str | None = None) -> Release:
    current = released_version(project)
    baseline = since or _last_release(project, current)
    with ExitStack() as stack:
        before = load_spec_set(baseline, specs=project.specs, stack=stack)
        after = load_spec_set(str(project.specs), specs=project.specs, stack=stack)
    changes = tuple(diff_specs(before, after))
    if not changes:
        return Release(baseline, current, changes, None, None, "")
    severities = {c.severity for c in changes}
    bump: Bump = "major" if "breaking" in severities else "minor" if "non-breaking" in severities else "patch"
    version = bumped(current, bump)
    return Release(baseline, current, changes, bump, version, changelog_entry(version, current, changes))


def apply_release(project: Project, release: Release) -> None:
    """Write the new version and changelog entry, and regenerate the package; all checked first."""
    if release.version is None:
        return
    changelog = _prepend(project.read(project.changelog) if project.changelog.exists() else "", release.entry)
    pyproject = project.root / "pyproject.toml"
    settings = _with_version(pyproject, project.read(pyproject), release.version)
    files = render(project, version=release.version, changelog=changelog)
    write_files({pyproject: settings, project.changelog: changelog})
    write_tree(project.output, files)


def released_version(project: Project) -> str:
    """The version of the package as generated, from ``generated/pyproject.toml``."""
    metadata = project.output / "pyproject.toml"
    try:
        version = tomllib.loads(project.read(metadata))["project"]["version"]
    except (FalgenError, tomllib.TOMLDecodeError, KeyError) as error:
        raise FalgenError(
            f"{metadata}: cannot read the released version ({error}); run `falgen generate` first"
        ) from None
    if not isinstance(version, str):
        raise FalgenError(f"{metadata}: [project] version must be a string")
    return version


def version_parts(version: str) -> tuple[int, int, int]:
    """MAJOR, MINOR and PATCH of a version."""
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    if match is None:
        raise FalgenError(
            f"version {version!r} is not MAJOR.MINOR.PATCH; set [tool.falgen] package-version in pyproject.toml"
        )
    major, minor, patch = map(int, match.groups())
    return major, minor, patch


def bumped(version: str, bump: Bump) -> str:
    major, minor, patch = version_parts(version)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def changelog_entry(version: str, previous: str, changes: Sequence[Change]) -> str:
    lines = [f"## {version}", "", f"Spec changes since {previous}: {summary(changes)}.", ""]
    for severity, heading in _HEADINGS:
        chosen = [c for c in changes if c.severity == severity]
        if chosen:
            lines += [f"### {heading}", "", *(f"- {line(c).rsplit(' (', 1)[0]}{_flag(c)}" for c in chosen), ""]
    return "\n".join(lines)


def _flag(change: Change) -> str:
    return " (behaviour change)" if change.behaviour_change else ""


def _prepend(changelog: str, entry: str) -> str:
    """The entry goes above the newest one, below the file's heading and introduction."""
    first = re.search(r"^## ", changelog, re.MULTILINE)
    if first is None:
        head = changelog.rstrip() + "\n\n" if changelog.strip() else "# Changelog\n\n"
        return head + entry
    return changelog[: first.start()] + entry + "\n" + changelog[first.start() :]


def _last_release(project: Project, version: str) -> str:
    tag = project.target.tag_of(version)
    cwd = project.root
    found = git_text(["rev-parse", "--verify", "--quiet", f"refs/tags/{tag}^{{commit}}"], cwd=cwd)
    if found:
        return tag
    if project.released_version == version:
        pyproject = (project.root / "pyproject.toml").resolve()
        marked = git_text(["log", "-1", "--format=%h", "-G", _RELEASED_LINE, "--", str(pyproject)], cwd=cwd)
        if marked:
            return marked
    metadata = (project.output / "pyproject.toml").resolve()
    setting = git_text(["log", "-1", "--format=%h", "-G", r"^version = ", "--", str(metadata)], cwd=cwd)
    if not setting:
        raise FalgenError(
            f"cannot find the release of {project.target.distribution} {version}: there is no tag {tag} and no commit"
            f" that set the version in {project.output / 'pyproject.toml'}; pass --since REV"
        )
    return setting


_RELEASED_LINE = r"^released\s*="


def _with_version(pyproject: Path, text: str, version: str) -> str:
    """``pyproject.toml`` with the new version to generate and the record of its release."""
    updated, count = re.subn(r'(?m)^(package-version\s*=\s*)"[^"]*"', lambda m: f'{m[1]}"{version}"', text)
    if count != 1:
        raise FalgenError(f'{pyproject}: expected one `package-version = "…"` line under [tool.falgen]')
    updated, count = re.subn(r'(?m)^(released\s*=\s*)"[^"]*"', lambda m: f'{m[1]}"{version}"', updated)
    if count == 0:
        updated = re.sub(
            r'(?m)^(package-version\s*=\s*"[^"]*"\n)', lambda m: f'{m[1]}released = "{version}"\n', updated
        )
    return updated
