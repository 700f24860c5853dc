"""The specs as one checked API: loaded, resolved, and their examples validated.

Every command that reads specs (generate, check, lint, sync, diff, release) goes through
:func:`load_api`, so a spec that one of them accepts, all of them accept.  Examples are
validated against the JSON Schemas the package ships, which the tests hold equal in
verdict to the generated models.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import NO_CACHE, Cache, digest
from .errors import Problem, SpecError
from .ir import Api, Endpoint, Model, resolve
from .ir.jsonschema import endpoint_schema
from .spec import SpecFile, load_spec_dir
from .spec.loader import LoadedSpecs
from .spec.model import EndpointSpec

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_SHOWN = 160


def load_api(specs: Path, cache: Cache = NO_CACHE, *, app: str | None = None) -> Api:
    """Load, resolve and check the specs of ``app`` (by default, of the app most of them
    belong to); raises :class:`SpecError` with every problem found."""
    return checked_api(load_spec_dir(specs, cache), specs, cache, app=app)


def checked_api(loaded: LoadedSpecs, specs: Path, cache: Cache = NO_CACHE, *, app: str | None = None) -> Api:
    """Resolve specs already loaded from ``specs`` and check their examples.

    An endpoint's examples are checked against JSON Schemas made from its scope, so a
    scope that passed before (its hash is in the cache) passes again.
    """
    api = resolve(loaded, specs, app)
    files = {file.spec.endpoint: file for file in loaded.endpoints}
    problems = []
    for endpoint in api.endpoints:
        key = digest("examples", api.scope_hashes[endpoint.id])
        if cache.get("examples", key) is True:
            continue
        found = _example_problems(api, endpoint, files[endpoint.id])
        if not found:
            cache.put("examples", key, True)
        problems.extend(found)
    if problems:
        raise SpecError(problems)
    return api


def _example_problems(api: Api, endpoint: Endpoint, file: SpecFile[EndpointSpec]) -> list[Problem]:
    problems = []
    for which, model, example in (
        ("input", endpoint.input, endpoint.example_input),
        ("output", endpoint.output, endpoint.example_output),
    ):
        if example is None:
            continue
        schema = endpoint_schema(endpoint, model, api)
        from jsonschema import Draft202012Validator  # only where an example is checked: a cached scope needs none

        for found in sorted(
            Draft202012Validator(schema).iter_errors(example), key=lambda e: [str(p) for p in e.absolute_path]
        ):
            error = _cause(found)
            where = [*error.absolute_path]
            dotted = ".".join(str(part) for part in where)
            problems.append(
                file.problem(
                    f"{which} example{f' at {dotted}' if dotted else ''}: {_message(error, api, schema)}",
                    "examples",
                    which,
                    *where,
                )
            )
    return problems


def _cause(error: ValidationError) -> ValidationError:
    """The error inside an optional field's ``anyOf: [schema, null]``, not the wrapper's."""
    while error.validator == "anyOf" and error.context:
        branches = [e for e in error.context if not (e.validator == "type" and e.validator_value == "null")]
        if not branches:
            break
        from jsonschema.exceptions import best_match

        error = best_match(branches)
    return error


def _message(error: ValidationError, api: Api, schema: dict[str, Any]) -> str:
    rule = _rule_broken(error, api, schema)
    if rule is not None:
        return f"breaks the rule: {rule}"
    text = error.message
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _rule_broken(error: ValidationError, api: Api, schema: dict[str, Any]) -> str | None:
    """The summary of the rule an error comes from, found by walking its schema path.

    jsonschema's paths step through a ``$ref`` without naming it, straight into the
    referenced schema, so a reference is followed whenever the next key is not its own.
    """
    models: dict[str, Model] = {m.name: m for m in api.models}
    node: Any = schema
    path = deque(error.absolute_schema_path)
    while path:
        part = path.popleft()
        if isinstance(node, dict) and "$ref" in node and part not in node:
            node = schema["$defs"][str(node["$ref"]).rsplit("/", 1)[-1]]
        if part == "allOf" and isinstance(node, dict) and "x-fal-rules" in node and path:
            model = models.get(node.get("title", ""))
            index = path[0]
            if model is not None and isinstance(index, int) and index < len(model.rules):
                return model.rules[index].summary
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return None
