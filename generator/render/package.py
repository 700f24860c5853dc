"""Render the whole ``fal-kling`` package: path (relative to ``generated/``) → content.

``templates/package`` mirrors the output tree: ``x.py.jinja`` renders to ``x.py``, and
a name with ``[module]`` or ``[slug]`` renders once per endpoint.  Python is formatted
with black, Markdown has its blank lines normalized, and JSON is serialized.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..cache import Cache
from ..ir import Api, Endpoint
from ..output import MARKER, MARKER_TEXT
from .environment import environment
from .jsonschema import endpoint_schema
from .python import field_arguments, file_fields, model_imports, types_in_order

PACKAGE = "fal_kling"
TEMPLATE_SUFFIX = ".jinja"


@dataclass(frozen=True)
class Templates:
    root: Path

    @property
    def package(self) -> Path:
        return self.root / "package"

    @property
    def partials(self) -> Path:
        return self.root / "partials"


def format_python(source: str, cache: Cache) -> str:
    def run_black() -> str:
        import black
        from black.mode import Mode, TargetVersion

        return black.format_str(source, mode=Mode(target_versions={TargetVersion.PY310}))

    return cache.text("black", version("black") + "\0" + source, run_black)


def format_markdown(text: str) -> str:
    """One blank line between blocks, none at the end; code fences are left as they are."""
    lines: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        opening = re.match(r"^(`{3,})", line)
        if fence is None and opening:
            fence = opening[1]
        elif fence is not None and line == fence:
            fence = None
        elif fence is None and not line.strip() and (not lines or not lines[-1].strip()):
            continue
        lines.append(line)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"


def _json_file(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _endpoint_names(endpoint: Endpoint) -> dict[str, str]:
    return {"[module]": endpoint.module, "[slug]": endpoint.slug}


def render_package(api: Api, templates: Templates, *, version: str, cache: Cache, changelog: str | None = None) -> dict[str, str]:
    env = environment(templates.package, templates.partials)
    env.filters["field_arguments"] = field_arguments
    env.globals.update(model_imports=model_imports, types_in_order=types_in_order, file_fields=file_fields)
    context: dict[str, Any] = {"api": api, "version": version}

    files: dict[str, str] = {}
    for e in api.endpoints:
        files[f"{PACKAGE}/schemas/{e.module}.input.json"] = _json_file(endpoint_schema(e, e.input, api))
        files[f"{PACKAGE}/schemas/{e.module}.output.json"] = _json_file(endpoint_schema(e, e.output, api))

    examples = {
        e.id: format_python(env.get_template("example.py.jinja").render(endpoint=e), cache) for e in api.endpoints
    }
    for template_path in sorted(templates.package.rglob("*" + TEMPLATE_SUFFIX)):
        name = template_path.relative_to(templates.package).as_posix()
        template = env.get_template(name)
        target = name.removesuffix(TEMPLATE_SUFFIX)
        if "[" in target:
            for e in api.endpoints:
                path = target
                for placeholder, value in _endpoint_names(e).items():
                    path = path.replace(placeholder, value)
                files[path] = template.render(context, endpoint=e, python_example=examples[e.id])
        else:
            files[target] = template.render(context, showcase_example=examples[api.showcase.id])
    if changelog is not None:
        files["CHANGELOG.md"] = changelog
    files[MARKER] = MARKER_TEXT
    for path, content in files.items():
        if path.endswith(".py"):
            files[path] = format_python(content, cache)
        elif path.endswith(".md"):
            files[path] = format_markdown(content)
    return dict(sorted(files.items()))
