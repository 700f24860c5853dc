"""Building a project's package: what ``falgen generate`` and ``falgen check`` run.

A build renders the project's package (:mod:`.incremental`: per-endpoint caching, shared
modules formatted piece by piece, work on all cores), then writes it as a whole
(:mod:`.tree`) or compares it with what is on disk.  The stamp (:mod:`.stamp`) lets an
untouched output answer "up to date" without rendering at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..project import Project
from ..render.package import PythonPackage
from .incremental import render as render_tree
from .stamp import inputs_digest, is_fresh, record, untouched
from .tree import Wanted, check_replaceable, differing, unified_diff, write_tree
from .workers import warm_workers

__all__ = ["Checked", "check", "generate", "render"]

_WARM = ("black", "falgen.render.package")
"""What the workers import while the specs load."""


def renderer(project: Project, *, version: str | None = None, changelog: str | None = None) -> PythonPackage:
    """The project's output target; ``version`` and ``changelog`` override the project's (for a release)."""
    if changelog is None and project.changelog.exists():
        changelog = project.read(project.changelog)
    return PythonPackage(project.templates, project.target, version or project.package_version, changelog)


def render(project: Project, *, version: str | None = None, changelog: str | None = None) -> dict[str, str]:
    """The package as files, every file's text by path."""
    files, _ = render_tree(renderer(project, version=version, changelog=changelog), project.api(), project.cache)
    return {path: text for path, text in files.items() if isinstance(text, str)}


def generate(project: Project) -> str:
    """Write the project's output (all or nothing) unless the stamp shows it fresh; what was done, in words."""
    check_replaceable(project.output)  # before any work: a refused run writes nothing, not even the cache
    inputs = _inputs(project)
    if inputs is not None and is_fresh(project.cache, project.output, inputs):
        return f"{project.output}: up to date"
    wanted, origins, known = _render(project, inputs)
    changes = write_tree(project.output, wanted, known=known)
    if inputs is not None:
        record(project.cache, project.output, inputs, wanted, origins)
    return f"{project.output}: {changes.summary()}"


@dataclass(frozen=True)
class Checked:
    diff: str
    """A unified diff from the output to what the specs make; empty when it is fresh."""

    @property
    def fresh(self) -> bool:
        return not self.diff


def check(project: Project) -> Checked:
    """Compare the project's output with what its specs make, writing nothing but the stamp."""
    inputs = _inputs(project)
    if inputs is not None and is_fresh(project.cache, project.output, inputs):
        return Checked("")
    wanted, origins, known = _render(project, inputs)
    diff = unified_diff(*differing(project.output, wanted, known=known), project.output.name)
    if not diff and inputs is not None:
        record(project.cache, project.output, inputs, wanted, origins)
    return Checked(diff)


def _inputs(project: Project) -> str | None:
    """A hash of everything a build reads (specs, names, own templates, version, changelog,
    falgen itself); None where there is no cache to keep a stamp in."""
    if project.cache.root is None:
        return None
    changelog = project.read(project.changelog) if project.changelog.exists() else ""
    settings = f"{project.target.key()}\0{project.templates.fingerprint}\0{project.package_version}\0{changelog}"
    return inputs_digest(project.specs, settings)


def _render(project: Project, inputs: str | None) -> tuple[Wanted, dict[str, str], dict[str, str] | None]:
    with warm_workers(_WARM):
        kept = untouched(project.cache, project.output) if inputs is not None else None
        wanted, origins = render_tree(
            renderer(project), project.api(), project.cache, kept.origins if kept is not None else None
        )
    return wanted, origins, kept.hashes if kept is not None else None
