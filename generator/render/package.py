"""Render the whole ``fal-kling`` package: path (relative to ``generated/``) → content.

``templates/package`` mirrors the output tree: ``x.py.jinja`` renders to ``x.py``, a
name with ``[module]`` or ``[slug]`` renders once per endpoint, and any other file is
copied as it is.  Python is formatted with black, Markdown has its blank lines
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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ..cache import Cache, digest
from ..ir import Api, Endpoint
from ..output import MARKER, MARKER_TEXT
from .environment import environment
from .formatting import format_markdown, format_python, json_file
from .jsonschema import endpoint_schema
from .pieces import layout
from .python import field_arguments, file_fields, model_imports, types_in_order
from .workers import run_all

PACKAGE = "fal_kling"
TEMPLATE_SUFFIX = ".jinja"
PER_ENDPOINT = ("[module]", "[slug]")


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


@cache
def _environment(templates: Templates) -> jinja2.Environment:
    env = environment(templates.package, templates.partials)
    env.filters["field_arguments"] = field_arguments
    env.globals.update(model_imports=model_imports, types_in_order=types_in_order, file_fields=file_fields)
    return env


@dataclass(frozen=True)
class _Endpoint:
    """What one endpoint's files are rendered from: its scope, and the templates."""

    scope: Api
    templates: Templates

    @property
    def endpoint(self) -> Endpoint:
        return self.scope.endpoints[0]


@dataclass(frozen=True)
class Rendered:
    """One endpoint's files by path, and its formatted Python example (the README shows one)."""

    files: dict[str, str]
    example: str


def _render_endpoint(task: _Endpoint) -> Rendered:
    env = _environment(task.templates)
    e, api = task.endpoint, task.scope
    example = format_python(env.get_template("example.py.jinja").render(endpoint=e))
    files = {
        f"{PACKAGE}/schemas/{e.module}.input.json": json_file(endpoint_schema(e, e.input, api)),
        f"{PACKAGE}/schemas/{e.module}.output.json": json_file(endpoint_schema(e, e.output, api)),
    }
    for name, _ in task.templates.files():
        if name.endswith(TEMPLATE_SUFFIX) and any(p in name for p in PER_ENDPOINT):
            path = name.removesuffix(TEMPLATE_SUFFIX).replace("[module]", e.module).replace("[slug]", e.slug)
            files[path] = _finish(path, env.get_template(name).render(api=api, endpoint=e, python_example=example))
    return Rendered(files, example)


def _finish(path: str, text: str) -> str:
    if path.endswith(".py"):
        return format_python(text)
    if path.endswith(".md"):
        return format_markdown(text)
    return text


def _endpoint_files(api: Api, templates: Templates, cache: Cache) -> dict[str, Rendered]:
    """Each endpoint's files, by endpoint id: from the cache, or rendered (in parallel)."""
    tasks = {e.id: _Endpoint(api.scope(e), templates) for e in api.endpoints}
    keys = {endpoint_id: digest("endpoint", repr(task.scope)) for endpoint_id, task in tasks.items()}
    done: dict[str, Rendered] = {}
    for endpoint_id, key in keys.items():
        entry = cache.get("endpoints", key)
        if isinstance(entry, dict):
            done[endpoint_id] = Rendered(entry["files"], entry["example"])
    missing = [endpoint_id for endpoint_id in tasks if endpoint_id not in done]
    for endpoint_id, rendered in zip(missing, run_all(_render_endpoint, [tasks[i] for i in missing])):
        cache.put("endpoints", keys[endpoint_id], {"files": rendered.files, "example": rendered.example})
        done[endpoint_id] = rendered
    return done


def _shared_python(texts: dict[str, str], cache: Cache) -> dict[str, str]:
    """Format the shared modules piece by piece; each file's pieces are cached together."""
    layouts = {path: layout(text) for path, text in texts.items()}
    formatted: dict[str, str] = {}
    stored: dict[str, dict[str, str]] = {}
    for path, lay in layouts.items():
        entry = cache.get("pieces", digest("pieces", path))
        known = entry if isinstance(entry, dict) else {}
        stored[path] = {}
        for source in lay.sources():
            key = hashlib.sha256(source.encode()).hexdigest()
            if key in known:
                formatted[source] = known[key]
                stored[path][key] = known[key]
    missing = sorted({source for lay in layouts.values() for source in lay.sources()} - formatted.keys())
    formatted.update(zip(missing, run_all(format_python, missing)))
    out = {}
    for path, lay in layouts.items():
        out[path] = lay.assemble(formatted, format_python)
        pieces = {hashlib.sha256(s.encode()).hexdigest(): formatted[s] for s in lay.sources()}
        if pieces != stored[path]:
            cache.put("pieces", digest("pieces", path), pieces)
    return out


def render_shared(api: Api, templates: Templates, *, version: str, showcase_example: str) -> dict[str, str]:
    """The files every endpoint adds to, and the runtime modules; Python not yet formatted."""
    env = _environment(templates)
    context: dict[str, Any] = {"api": api, "version": version, "showcase_example": showcase_example}
    files: dict[str, str] = {}
    for name, path in templates.files():
        if any(p in name for p in PER_ENDPOINT):
            continue
        if name.endswith(TEMPLATE_SUFFIX):
            files[name.removesuffix(TEMPLATE_SUFFIX)] = env.get_template(name).render(context)
        else:
            files[name] = path.read_text(encoding="utf-8")
    return files


def render_package(api: Api, templates: Templates, *, version: str, cache: Cache, changelog: str | None = None) -> dict[str, str]:
    endpoints = _endpoint_files(api, templates, cache)
    files = {path: text for rendered in endpoints.values() for path, text in rendered.files.items()}
    shared = render_shared(api, templates, version=version, showcase_example=endpoints[api.showcase.id].example)
    copied = {name for name, _ in templates.files() if not name.endswith(TEMPLATE_SUFFIX)}
    python = {path: text for path, text in shared.items() if path.endswith(".py") and path not in copied}
    files.update({path: text if path in copied else _finish(path, text) for path, text in shared.items() if path not in python})
    files.update(_shared_python(python, cache))
    if changelog is not None:
        files["CHANGELOG.md"] = changelog
    files[MARKER] = MARKER_TEXT
    return dict(sorted(files.items()))
