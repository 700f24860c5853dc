"""Render a whole package: path (relative to ``generated/``) → content.

``templates/package`` mirrors the output tree: ``[package]`` in a path is the target's
import name, ``x.py.jinja`` renders to ``x.py``, a name with ``[module]`` or ``[slug]``
renders once per endpoint, and any other file is copied, a Python module with the
target's names (:meth:`~falgen.target.Target.rename`).  Python is formatted with black, Markdown has its blank lines
normalized, and JSON is serialized.

Rendering is incremental.  An endpoint's own files (its models, its client module, its
JSON Schemas, its docs page) are rendered from its :meth:`~falgen.ir.Api.scope` alone
and cached by it, so only an endpoint whose scope changed is rendered again.  The files
every endpoint adds to (the client, the registry, the indexes) are rendered whole, which
is cheap, and formatted piece by piece (:mod:`.pieces`), each piece cached per file.
Whatever is left to do runs on all cores.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2

from ..cache import NO_CACHE, Cache, digest
from ..ir import Api, Endpoint
from ..target import Target
from ..output import MARKER, MARKER_TEXT, OnDisk, Wanted
from .environment import environment
from .formatting import format_markdown, format_python, json_file
from ..ir.jsonschema import endpoint_schema
from .pieces import Previous, layout
from .python import annotation, argument_doc, field_arguments, field_doc, model_base, file_fields, model_imports, types_in_order
from .templates import TEMPLATE_SUFFIX, Templates
from .workers import POOL_MINIMUM, run_all

PACKAGE = "[package]"
PER_ENDPOINT = ("[module]", "[slug]")
_KEPT_PIECES = 4096


@cache
def _environment(templates: Templates, target: Target) -> jinja2.Environment:
    env = environment(templates.search_path, target.rename)
    env.filters["field_arguments"] = field_arguments
    env.globals.update(model_imports=model_imports, types_in_order=types_in_order, file_fields=file_fields, argument_doc=argument_doc, field_doc=field_doc, python_type=annotation, model_base=model_base)
    return env


@dataclass(frozen=True)
class _Endpoint:
    """What one endpoint's files are rendered from: its scope, the templates and the target."""

    scope: Api
    templates: Templates
    target: Target

    @property
    def endpoint(self) -> Endpoint:
        return self.scope.endpoints[0]


def _example(templates: Templates, target: Target, endpoint: Endpoint, cache: Cache = NO_CACHE) -> str:
    """The endpoint's Python example, formatted: its docs page shows it, the README one of them."""
    source = _environment(templates, target).get_template("example.py.jinja").render(endpoint=endpoint, package=target)
    key = digest("example", source)
    found = cache.get("black", key)
    if isinstance(found, str):
        return found
    [formatted] = run_all(format_python, [source])
    cache.put("black", key, formatted)
    return formatted


def _render_endpoint(task: _Endpoint) -> dict[str, str]:
    """One endpoint's files, by path."""
    env = _environment(task.templates, task.target)
    e, api = task.endpoint, task.scope
    target = task.target
    example = _example(task.templates, target, e)
    files = {
        f"{target.import_name}/schemas/{e.module}.input.json": json_file(endpoint_schema(e, e.input, api)),
        f"{target.import_name}/schemas/{e.module}.output.json": json_file(endpoint_schema(e, e.output, api)),
    }
    for name, _ in task.templates.files():
        if name.endswith(TEMPLATE_SUFFIX) and any(p in name for p in PER_ENDPOINT):
            path = _path(name.removesuffix(TEMPLATE_SUFFIX), target).replace("[module]", e.module).replace("[slug]", e.slug)
            files[path] = _finish(path, env.get_template(name).render(api=api, endpoint=e, package=target, python_example=example))
    return files


def _path(name: str, target: Target) -> str:
    return name.replace(PACKAGE, target.import_name)


def _work(task: _Endpoint | str) -> dict[str, str] | str:
    """One task for the workers: an endpoint to render, or a module to format."""
    return _render_endpoint(task) if isinstance(task, _Endpoint) else format_python(task)


def _finish(path: str, text: str) -> str:
    if path.endswith(".py"):
        return format_python(text)
    if path.endswith(".md"):
        return format_markdown(text)
    return text


def _endpoint_files(
    api: Api, templates: Templates, target: Target, cache: Cache, on_disk: Mapping[str, Mapping[str, str]], modules: Sequence[str]
) -> tuple[Wanted, dict[str, str], list[str]]:
    """Every endpoint's files, and each file's origin (its endpoint's cache key); and
    ``modules`` formatted, by the same workers.  An endpoint whose files the output already
    holds as rendered from the same key is not even read from the cache; the rest come
    from the cache, or are rendered (in parallel)."""
    keys = {e.id: digest("endpoint", target.key(), templates.fingerprint, api.scope_hashes[e.id]) for e in api.endpoints}
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
    tasks: list[_Endpoint | str] = [_Endpoint(api.scope(by_id[endpoint_id]), templates, target) for endpoint_id in missing]
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
    layouts = {path: layout(text, Previous.from_json(entries[path].get("layout"))) for path, text in texts.items() if path not in out}
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


def render_shared(api: Api, templates: Templates, target: Target, *, version: str, showcase_example: str) -> dict[str, str]:
    """The files every endpoint adds to, and the runtime modules; Python not yet formatted."""
    env = _environment(templates, target)
    context: dict[str, Any] = {"api": api, "package": target, "version": version, "showcase_example": showcase_example}
    files: dict[str, str] = {}
    for name, path in templates.files():
        if any(p in name for p in PER_ENDPOINT):
            continue
        if name.endswith(TEMPLATE_SUFFIX):
            files[_path(name.removesuffix(TEMPLATE_SUFFIX), target)] = env.get_template(name).render(context)
        else:
            text = path.read_text(encoding="utf-8")
            files[_path(name, target)] = target.rename(text) if name.endswith(".py") else text
    return files


def _verbatim(templates: Templates, target: Target) -> set[str]:
    """The output paths of the files copied byte for byte: every file that is not a template,
    but a runtime module the target renames, which black formats again (a longer name may
    need another line break)."""
    return {
        _path(name, target)
        for name, path in templates.files()
        if not name.endswith(TEMPLATE_SUFFIX) and not (name.endswith(".py") and target.rename(text := path.read_text(encoding="utf-8")) != text)
    }


def render_package(
    api: Api, templates: Templates, target: Target, *, version: str, cache: Cache, changelog: str | None = None
) -> dict[str, str]:
    """The package, every file's text by path."""
    files, _ = render_changes(api, templates, target, version=version, cache=cache, changelog=changelog)
    return {path: text for path, text in files.items() if isinstance(text, str)}


def render_changes(
    api: Api,
    templates: Templates,
    target: Target,
    *,
    version: str,
    cache: Cache,
    changelog: str | None = None,
    on_disk: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[Wanted, dict[str, str]]:
    """The package, where ``on_disk`` (by endpoint cache key, the files the output holds as
    rendered from it) marks files that need no text; and each endpoint file's origin, for the stamp."""
    shared = render_shared(api, templates, target, version=version, showcase_example=_example(templates, target, api.showcase, cache))
    copied = _verbatim(templates, target)
    python = {path: text for path, text in shared.items() if path.endswith(".py") and path not in copied}
    # Without a cache there are no pieces to reuse or keep: the workers format whole modules,
    # beside the endpoints.
    whole = sorted(python) if cache.root is None else []
    files, origins, formatted = _endpoint_files(api, templates, target, cache, on_disk or {}, [python[path] for path in whole])
    out: dict[str, str | OnDisk] = dict(files)
    out.update({path: text if path in copied else _finish(path, text) for path, text in shared.items() if path not in python})
    out.update(zip(whole, formatted, strict=True))
    if cache.root is not None:
        out.update(_shared_python(python, cache))
    if changelog is not None:
        out["CHANGELOG.md"] = changelog
    out[MARKER] = MARKER_TEXT
    return dict(sorted(out.items())), origins
