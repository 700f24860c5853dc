"""Where a version of the specs comes from: a directory, or ``specs/`` at a git revision."""

from __future__ import annotations

import io
import tarfile
import tempfile
from contextlib import ExitStack
from pathlib import Path

from .changes import SpecSet
from ..errors import FalgenError, SpecError
from ..git import git, git_text
from ..api import checked_api
from ..spec import load_spec_dir


def load_spec_set(location: str, *, specs: Path, stack: ExitStack) -> SpecSet:
    """``location`` as a spec directory if one exists there, else as a git revision of ``specs``."""
    path = Path(location)
    if path.is_dir():
        return _load(path, shown=path, label=str(path))
    root = git_text(["rev-parse", "--show-toplevel"], cwd=specs.parent if specs.parent.is_dir() else Path.cwd())
    if root is None:
        raise FalgenError(f"{location}: not a directory, and not inside a git repository to read it as a revision")
    commit = git_text(["rev-parse", "--verify", "--quiet", f"{location}^{{commit}}"], cwd=Path(root))
    if commit is None:
        raise FalgenError(f"{location}: neither a spec directory nor a git revision")
    relative = specs.resolve().relative_to(Path(root).resolve()).as_posix()
    archive = git(["archive", "--format=tar", commit, "--", relative], cwd=Path(root))
    if archive is None:
        raise FalgenError(f"{location}: revision {commit[:12]} has no {relative}/ directory")
    scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="falgen-diff-")))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(scratch, filter="data")
    return _load(scratch / relative, shown=Path(f"{location}:{relative}"), label=f"{relative} at {location}")


def _load(directory: Path, *, shown: Path, label: str) -> SpecSet:
    try:
        loaded = load_spec_dir(directory)
        checked_api(loaded, directory)
    except SpecError as error:
        raise FalgenError(f"{label}: the specs are not valid:\n{error.relocated(directory, shown)}") from None
    return SpecSet(
        endpoints={f.spec.endpoint: f.spec for f in loaded.endpoints},
        types={f.name: f.spec for f in loaded.types},
    )
