"""The Python package target: path (relative to the output) → content.

``templates/package`` mirrors the output tree: ``[package]`` in a path is the target's
import name, ``x.py.jinja`` renders to ``x.py``, a name with ``[module]`` or ``[slug]``
renders once per endpoint, and any other file is copied, a Python module with the
target's names (:meth:`~falgen.target.Target.rename`).  Python is formatted with black,
Markdown has its blank lines normalized, and JSON is serialized.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import jinja2

from ..cache import digest
from ..ir import Api, Endpoint
from ..ir.jsonschema import endpoint_schema
from ..target import Target
from .environment import environment
from .formatting import format_markdown, format_python, json_file
from .python import (
    annotation,
    argument_doc,
    field_arguments,
    field_doc,
    file_fields,
    model_base,
    model_imports,
    types_in_order,
)
from .templates import TEMPLATE_SUFFIX, Templates

PACKAGE = "[package]"
PER_ENDPOINT = ("[module]", "[slug]")


@cache
def _environment(templates: Templates, target: Target) -> jinja2.Environment:
    env = environment(templates.search_path, target.rename)
    env.filters["field_arguments"] = field_arguments
    env.globals.update(
        model_imports=model_imports,
        types_in_order=types_in_order,
        file_fields=file_fields,
        argument_doc=argument_doc,
        field_doc=field_doc,
        python_type=annotation,
        model_base=model_base,
    )
    return env


@dataclass(frozen=True)
class PythonPackage:
    """A typed Python client package (a :class:`~falgen.render.Renderer`): models, client,
    registry, JSON Schemas, docs, and the runtime modules."""

    templates: Templates
    target: Target
    version: str
    changelog: str | None = None

    @cached_property
    def key(self) -> str:
        return digest("python-package", self.target.key(), self.templates.fingerprint)

    def endpoint_files(self, scope: Api) -> dict[str, str]:
        env = _environment(self.templates, self.target)
        [e] = scope.endpoints
        package = self.target.import_name
        example = self._example(e, format_python)
        files = {
            f"{package}/schemas/{e.module}.input.json": json_file(endpoint_schema(e, e.input, scope)),
            f"{package}/schemas/{e.module}.output.json": json_file(endpoint_schema(e, e.output, scope)),
        }
        for name, _ in self.templates.files():
            if name.endswith(TEMPLATE_SUFFIX) and any(p in name for p in PER_ENDPOINT):
                path = (
                    self._path(name.removesuffix(TEMPLATE_SUFFIX))
                    .replace("[module]", e.module)
                    .replace("[slug]", e.slug)
                )
                files[path] = _finish(
                    path,
                    env.get_template(name).render(api=scope, endpoint=e, package=self.target, python_example=example),
                )
        return files

    def shared_files(self, api: Api, format_python: Callable[[str], str]) -> tuple[dict[str, str], frozenset[str]]:
        raw = self.shared_sources(api, showcase_example=self._example(api.showcase, format_python))
        verbatim = self._verbatim()
        python = frozenset(path for path in raw if path.endswith(".py") and path not in verbatim)
        files = {
            path: text if path in verbatim or path in python else _finish(path, text) for path, text in raw.items()
        }
        if self.changelog is not None:
            files["CHANGELOG.md"] = self.changelog
        return files, python

    def shared_sources(self, api: Api, *, showcase_example: str) -> dict[str, str]:
        """The files every endpoint adds to, and the runtime modules, as rendered: not yet formatted."""
        env = _environment(self.templates, self.target)
        context: dict[str, Any] = {
            "api": api,
            "package": self.target,
            "version": self.version,
            "showcase_example": showcase_example,
        }
        files: dict[str, str] = {}
        for name, path in self.templates.files():
            if any(p in name for p in PER_ENDPOINT):
                continue
            if name.endswith(TEMPLATE_SUFFIX):
                files[self._path(name.removesuffix(TEMPLATE_SUFFIX))] = env.get_template(name).render(context)
            else:
                text = path.read_text(encoding="utf-8")
                files[self._path(name)] = self.target.rename(text) if name.endswith(".py") else text
        return files

    def _example(self, endpoint: Endpoint, format_python: Callable[[str], str]) -> str:
        """The endpoint's Python example, formatted: its docs page shows it, the README one of them."""
        return format_python(
            _environment(self.templates, self.target)
            .get_template("example.py.jinja")
            .render(endpoint=endpoint, package=self.target)
        )

    def _path(self, name: str) -> str:
        return name.replace(PACKAGE, self.target.import_name)

    def _verbatim(self) -> set[str]:
        """The output paths of the files copied byte for byte: every file that is not a
        template, but a runtime module the target renames, which black formats again (a
        longer name may need another line break)."""
        copied = set()
        for name, path in self.templates.files():
            if name.endswith(TEMPLATE_SUFFIX):
                continue
            if name.endswith(".py") and self.target.rename(text := path.read_text(encoding="utf-8")) != text:
                continue
            copied.add(self._path(name))
        return copied


def _finish(path: str, text: str) -> str:
    if path.endswith(".py"):
        return format_python(text)
    if path.endswith(".md"):
        return format_markdown(text)
    return text
