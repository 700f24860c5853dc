"""``falgen sync``: read fal's docs pages and bring the specs up to date with them.

Stages: :mod:`source` (fetch and sanity-check a page) → :mod:`formats` (parse one of
the three page shapes into :mod:`page` records) → :mod:`facts` (interpret them) →
:mod:`merge` (update a spec without losing curation) → :mod:`spec_yaml` (edit the file
in place).  Every page is read and every result validated before any file is written.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import FalgenError, SpecError
from ..api import load_api
from ..files import UnreadableFile, read_text
from ..output import write_files
from ..spec.loader import MAX_SPEC_BYTES
from ..spec.model import spec_path
from .facts import PageFacts, page_facts
from .formats import read_page
from .merge import merge_endpoint
from .page import Format, PageError
from .source import DEFAULT_TIMEOUT, read_source
from .spec_yaml import render, same

__all__ = ["EndpointReport", "SyncReport", "sync", "DEFAULT_TIMEOUT"]


@dataclass(frozen=True)
class EndpointReport:
    endpoint: str
    path: Path
    created: bool
    changes: tuple[str, ...]


@dataclass(frozen=True)
class SyncReport:
    endpoints: tuple[EndpointReport, ...]
    notes: tuple[str, ...]
    dry_run: bool

    @property
    def changed(self) -> tuple[EndpointReport, ...]:
        return tuple(e for e in self.endpoints if e.changes)

    def lines(self) -> list[str]:
        verb = "would change" if self.dry_run else "changed"
        out: list[str] = []
        for e in self.endpoints:
            if e.created:
                out.append(f"{e.endpoint}: {'would create' if self.dry_run else 'created'} {e.path}")
            elif e.changes:
                out.append(f"{e.endpoint}: {verb} {e.path} ({len(e.changes)} {'change' if len(e.changes) == 1 else 'changes'})")
            else:
                out.append(f"{e.endpoint}: up to date")
            out.extend(f"  {change}" for change in e.changes if not e.created)
        out.extend(f"note: {note}" for note in self.notes)
        written = len(self.changed)
        tail = "nothing to change" if not written else f"{written} spec {'file' if written == 1 else 'files'} {'would be written (dry run)' if self.dry_run else 'written'}"
        out.append(tail)
        return out


@dataclass
class _Spec:
    path: Path
    text: str | None
    before: dict[str, Any] | None
    data: dict[str, Any] = field(default_factory=dict)


def sync(
    locations: Sequence[str],
    specs: Path,
    *,
    dry_run: bool = False,
    page_format: Format | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> SyncReport:
    """Update the specs under ``specs`` from the pages at ``locations``; all or nothing."""
    if not specs.is_dir():
        raise FalgenError(f"{specs}: specs directory not found")
    pages = _read_pages(locations, page_format, timeout)
    state: dict[str, _Spec] = {}
    for page in pages:
        for facts in page.endpoints:
            spec = state.get(facts.endpoint) or _load(specs, facts.endpoint)
            spec.data = merge_endpoint(spec.data or None, facts)
            state[facts.endpoint] = spec
    texts = {s.path: render(s.text, s.data) for s in state.values() if not same(s.before, s.data)}
    for spec in state.values():
        if spec.path in texts and yaml.safe_load(texts[spec.path]) != spec.data:
            raise FalgenError(f"{spec.path}: internal error: the written YAML would not read back as intended; nothing was written")
    _validate(specs, texts)
    if not dry_run:
        write_files(texts)
    reports = tuple(
        EndpointReport(endpoint, spec.path, spec.before is None, tuple(changes(spec.before or {}, spec.data)))
        for endpoint, spec in state.items()
    )
    notes = tuple(f"{page.source}: {note}" for page in pages for note in page.notes)
    return SyncReport(reports, notes, dry_run)


def _read_pages(locations: Sequence[str], page_format: Format | None, timeout: float) -> list[PageFacts]:
    pages, errors = [], []
    for location in locations:
        try:
            source = read_source(location, timeout=timeout)
            pages.append(page_facts(read_page(source.name, source.text, page_format)))
        except PageError as error:
            errors.append(str(error))
    if errors:
        raise FalgenError("\n".join([*errors, "no spec was changed"]))
    return pages


def _load(specs: Path, endpoint: str) -> _Spec:
    path = specs / spec_path(endpoint)
    if not path.exists():
        return _Spec(path, None, None)
    try:
        text = read_text(path, MAX_SPEC_BYTES)
    except UnreadableFile as error:
        raise FalgenError(f"{path}: {error}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise FalgenError(f"{path}: not valid YAML, fix it before syncing: {error}") from None
    if not isinstance(data, dict):
        raise FalgenError(f"{path}: expected a YAML mapping at the top level; fix it before syncing")
    return _Spec(path, text, data, data)


def _validate(specs: Path, texts: dict[Path, str]) -> None:
    """Load and check the specs as they would be after writing, in a scratch copy."""
    with tempfile.TemporaryDirectory(prefix="falgen-sync-") as scratch:
        copy = Path(scratch) / "specs"
        shutil.copytree(specs, copy)
        for path, text in texts.items():
            target = copy / path.relative_to(specs)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            load_api(copy)
        except SpecError as error:
            raise FalgenError(f"the synced specs would not be valid, so nothing was written:\n{error.relocated(copy, specs)}") from None


def changes(before: Any, after: Any, path: str = "") -> list[str]:
    """What differs between two versions of a spec, one line per changed value."""
    if isinstance(before, dict) and isinstance(after, dict):
        lines = [f"+ {path}{key}: {_show(after[key])}" for key in after if key not in before]
        lines += [f"- {path}{key}" for key in before if key not in after]
        for key in (k for k in after if k in before):
            lines += changes(before[key], after[key], f"{path}{key}.")
        shared = [k for k in after if k in before]
        if path.endswith("fields.") and shared != [k for k in before if k in after]:
            lines.append(f"~ {path.rstrip('.')}: order now {', '.join(shared)}")
        return lines
    if isinstance(before, list) and isinstance(after, list) and any(isinstance(v, dict) for v in before + after):
        lines = []
        for i in range(max(len(before), len(after))):
            if i >= len(before):
                lines.append(f"+ {path.rstrip('.')}[{i}]: {_show(after[i])}")
            elif i >= len(after):
                lines.append(f"- {path.rstrip('.')}[{i}]")
            else:
                lines += changes(before[i], after[i], f"{path.rstrip('.')}[{i}].")
        return lines
    if isinstance(before, list) and isinstance(after, list) and not same(before, after):
        added = [_show(v) for v in after if v not in before]
        removed = [_show(v) for v in before if v not in after]
        parts = ([f"added {', '.join(added)}"] if added else []) + ([f"removed {', '.join(removed)}"] if removed else [])
        return [f"~ {path.rstrip('.')}: {'; '.join(parts) or 'order changed'}"]
    if not same(before, after):
        return [f"~ {path.rstrip('.')}: {_show(before)} → {_show(after)}"]
    return []


def _show(value: Any, limit: int = 70) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
