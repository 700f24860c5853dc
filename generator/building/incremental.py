"""Rendering a package incrementally, for any :class:`~falgen.render.Renderer`.

An endpoint's own files (for the Python package: its models, its client module, its JSON
Schemas, its docs page) are rendered from its :meth:`~falgen.ir.Api.scope` alone and
cached by it, so only an endpoint whose scope changed is rendered again.  The files every
endpoint adds to (the client, the registry, the indexes) are rendered whole, which is
cheap, and formatted piece by piece (:mod:`.pieces`), each piece cached per file.
Whatever is left to do runs on all cores (:mod:`.workers`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..cache import Cache, digest
from ..ir import Api
from ..render import Renderer
from ..render.formatting import format_python
from .pieces import Previous, layout
from .tree import MARKER, MARKER_TEXT, OnDisk, Wanted
from .workers import POOL_MINIMUM, run_all

_KEPT_PIECES = 4096

_Task = tuple[Renderer, Api] | str


def _work(task: _Task) -> dict[str, str] | str:
    """One task for the workers: an endpoint to render, or a module to format."""
    if isinstance(task, str):
        return format_python(task)
    renderer, scope = task
    return renderer.endpoint_files(scope)


def render(
    renderer: Renderer, api: Api, cache: Cache, on_disk: Mapping[str, Mapping[str, str]] | None = None
) -> tuple[Wanted, dict[str, str]]:
    """The output tree, where ``on_disk`` (by endpoint cache key, the files the output holds
    as rendered from it) marks files that need no text; and each endpoint file's origin
    (its cache key), for the stamp."""
    shared, python = renderer.shared_files(api, _cached_formatter(cache))
    # Without a cache there are no pieces to reuse or keep: the workers format whole modules,
    # beside the endpoints.
    whole = sorted(python) if cache.root is None else []
    files, origins, formatted = _endpoint_files(renderer, api, cache, on_disk or {}, [shared[path] for path in whole])
    out: dict[str, str | OnDisk] = dict(files)
    out.update({path: text for path, text in shared.items() if path not in python})
    out.update(zip(whole, formatted, strict=True))
    if cache.root is not None:
        out.update(_shared_python({path: shared[path] for path in python}, cache))
    out[MARKER] = MARKER_TEXT
    return dict(sorted(out.items())), origins


def _cached_formatter(cache: Cache) -> Callable[[str], str]:
    """black for the snippets a renderer formats itself, cached by their text."""

    def format_cached(source: str) -> str:
        key = digest("snippet", source)
        found = cache.get("black", key)
        if isinstance(found, str):
            return found
        formatted = format_python(source)
        cache.put("black", key, formatted)
        return formatted

    return format_cached


def _endpoint_files(
    renderer: Renderer, api: Api, cache: Cache, on_disk: Mapping[str, Mapping[str, str]], modules: Sequence[str]
) -> tuple[Wanted, dict[str, str], list[str]]:
    """Every endpoint's files, and each file's origin (its endpoint's cache key); and
    ``modules`` formatted, by the same workers.  An endpoint whose files the output already
    holds as rendered from the same key is not even read from the cache; the rest come
    from the cache, or are rendered (in parallel)."""
    keys = {e.id: digest("endpoint", renderer.key, api.scope_hashes[e.id]) for e in api.endpoints}
    files: dict[str, str | OnDisk] = {}
    origins: dict[str, str] = {}
    missing = []
    for endpoint_id, key in keys.items():
        kept = on_disk.get(key)
        entry = None if kept is not None else cache.get_texts("endpoints", key)
        if kept is not None:
            files.update({path: OnDisk(hash) for path, hash in kept.items()})
            origins.update(dict.fromkeys(kept, key))
        elif entry is not None:
            files.update(entry)
            origins.update(dict.fromkeys(entry, key))
        else:
            missing.append(endpoint_id)
    by_id = {e.id: e for e in api.endpoints}
    tasks: list[_Task] = [(renderer, api.scope(by_id[endpoint_id])) for endpoint_id in missing]
    done = run_all(_work, [*modules, *tasks], minimum=POOL_MINIMUM if not modules else 2)
    for endpoint_id, rendered in zip(missing, done[len(modules) :], strict=True):
        assert isinstance(rendered, dict)
        cache.put_texts("endpoints", keys[endpoint_id], rendered)
        files.update(rendered)
        origins.update(dict.fromkeys(rendered, keys[endpoint_id]))
    return files, origins, [text for text in done[: len(modules)] if isinstance(text, str)]


def _shared_python(texts: dict[str, str], cache: Cache) -> dict[str, str]:
    """Format the shared modules piece by piece.  Each file's cache entry holds its last
    layout (so only changed lines are parsed again), the formatted pieces, and the whole
    module under its own hash (so an unchanged module is not even cut)."""
    out: dict[str, str] = {}
    entries: dict[str, dict[str, Any]] = {}
    for path, text in texts.items():
        entry = cache.get("pieces", digest("pieces", path))
        entries[path] = entry if isinstance(entry, dict) and isinstance(entry.get("pieces"), dict) else {"pieces": {}}
        if entries[path].get("hash") == _hash(text) and isinstance(entries[path].get("formatted"), str):
            out[path] = entries[path]["formatted"]
    layouts = {
        path: layout(text, Previous.from_json(entries[path].get("layout")))
        for path, text in texts.items()
        if path not in out
    }
    formatted: dict[str, str] = {}
    for path, lay in layouts.items():
        for source in lay.sources():
            found = entries[path]["pieces"].get(_hash(source))
            if isinstance(found, str):
                formatted[source] = found
    missing = sorted({source for lay in layouts.values() for source in lay.sources()} - formatted.keys())
    formatted.update(zip(missing, run_all(format_python, missing), strict=True))
    for path, lay in layouts.items():
        out[path], previous = lay.assemble(formatted, format_python)
        cut = {_hash(source): formatted[source] for source in lay.sources()}
        # Pieces kept from before serve when a later edit reaches them; bounded, so the entry cannot grow without end.
        kept = {**entries[path]["pieces"], **cut}
        entry = {
            "hash": _hash(texts[path]),
            "formatted": out[path],
            "layout": previous.to_json(),
            "pieces": kept if len(kept) <= 2 * len(cut) + _KEPT_PIECES else cut,
        }
        cache.put("pieces", digest("pieces", path), entry)
    return out


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
