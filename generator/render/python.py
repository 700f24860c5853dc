"""What the model templates need to know beyond one field: imports, ``Field(...)`` arguments,
and an order of the shared types that defines each before the types that use it."""

from __future__ import annotations

from collections.abc import Sequence

from ..ir import Api, Field, Model, TypeRef
from ..ir.naming import param_name
from ..spec.constraints import BY_KEY
from .environment import enum_words, python_literal

# Each spec scalar type as users write it (signatures, docs) and as the models annotate it,
# where ``Integer`` also takes whole numbers written as ``3.0``, as JSON Schema's ``integer`` does.
_SCALARS = {
    "string": ("str", "str"),
    "integer": ("int", "Integer"),
    "float": ("float", "float"),
    "boolean": ("bool", "bool"),
}


def annotation(
    ref: TypeRef, *, validated: bool = False, params: bool = False, argument: bool = False, files: bool = False
) -> str:
    """The Python annotation of a type: ``list[str]``, ``File``; ``validated`` gives the models'
    form, ``params`` lets a nested input be its model or a dict (``File | FileParam``), and
    ``argument`` makes a list of them a ``Sequence``, which (unlike ``list``) takes a
    ``list[FileParam]`` as well as a literal.  ``files`` (a file field's URL) also takes a
    local file, and a list of them is a ``Sequence`` too."""
    if ref.kind == "list":
        assert ref.item is not None
        item = annotation(ref.item, validated=validated, params=params, files=files)
        return f"Sequence[{item}]" if (argument and ref.item.kind == "model") or files else f"list[{item}]"
    if files and ref.kind == "string":
        return "str | LocalFile"
    if ref.kind == "model":
        assert ref.model is not None
        return f"{ref.model} | {param_name(ref.model)}" if params else ref.model
    user, models = _SCALARS[ref.kind]
    return models if validated else user


def model_base(model: Model) -> str:
    """The runtime class a model derives from.  An output whose one file field is a URL is a
    file fal hosts: ``OutputFile``, which can ``download()`` it."""
    if model.direction == "input":
        return "InputModel"
    files = [f for f in model.fields if f.file is not None]
    return "OutputFile" if len(files) == 1 and files[0].type.kind == "string" else "OutputModel"


def field_arguments(field: Field) -> str:
    """The arguments of the field's ``Field(...)``: its fal name and its limits; empty if none."""
    arguments = [f"alias={python_literal(field.name)}"] if field.renamed else []
    arguments += [f"{BY_KEY[key].pydantic}={python_literal(value)}" for key, value in field.limits.items()]
    return ", ".join(arguments)


def field_doc(field: Field) -> str:
    """A model attribute's docstring: the field's description, then what file it takes."""
    return _sentences([field.description.strip()] if field.description.strip() else [], field)


def argument_doc(field: Field) -> str:
    """A call parameter's line under ``Args:``: what it is, what it takes, fal's default."""
    return _sentences([field.description.strip() or "See the endpoint docs."], field, call=True)


def _sentences(sentences: list[str], field: Field, *, call: bool = False) -> str:
    """The one way a field is described in sentences, each closed by a full stop."""
    if field.file is not None:
        sentences.append(f"File: {field.file.summary}")
    if not call:
        return _joined(sentences)
    if field.enum is not None:
        sentences.append(f"One of {enum_words(field.enum)}")
    if field.has_default:
        sentences.append(f"fal's default: ``{python_literal(field.default)}``.")
    if field.renamed:
        sentences.append(f"Sent to fal as ``{field.name}``.")
    return _joined(sentences)


def _joined(sentences: list[str]) -> str:
    return " ".join(text if text.endswith((".", "!", "?")) else text + "." for text in sentences)


def file_fields(model: Model) -> dict[str, dict[str, object]]:
    """The model's file fields by fal name: kind and limits, as the ``__files__`` class attribute."""
    return {f.name: f.file.stated for f in model.fields if f.file is not None}


def _uses_integer(ref: TypeRef) -> bool:
    return ref.kind == "integer" or (ref.item is not None and _uses_integer(ref.item))


def model_imports(models: Sequence[Model], *, params: bool = False) -> str:
    """The import block of a module defining ``models``; nested types come from ``.types``.
    With ``params``, also what the inputs' TypedDicts use: their file fields take local files."""
    abc: set[str] = set()
    typing: set[str] = set()
    pydantic: set[str] = set()
    base = {model_base(model) for model in models} | ({"Rules"} if any(model.rules for model in models) else set())
    files = base & {"OutputFile"}
    base -= files
    defined = {model.name for model in models}
    nested = {name for model in models for name in model.referenced_types} - defined
    for model in models:
        for field in model.fields:
            if field.enum is not None:
                typing.add("Literal")
            elif _uses_integer(field.type):
                base.add("Integer")
            if field_arguments(field):
                typing.add("Annotated")
                pydantic.add("Field")
            if params and model.direction == "input" and field.file is not None:
                files.add("LocalFile")
                if field.type.kind == "list":
                    abc.add("Sequence")
    groups = [
        [f"from collections.abc import {', '.join(sorted(abc))}"] if abc else [],
        [f"from typing import {', '.join(sorted(typing))}"] if typing else [],
        [f"from pydantic import {', '.join(sorted(pydantic))}"] if pydantic else [],
        [f"from .._base import {', '.join(sorted(base))}"]
        + ([f"from .._files import {', '.join(sorted(files))}"] if files else [])
        + ([f"from .types import {', '.join(sorted(nested))}"] if nested else []),
    ]
    return "\n\n".join("\n".join(group) for group in groups if group)


def types_in_order(api: Api) -> list[Model]:
    """The shared types, each after the types its fields use (by name where there is a choice)."""
    ordered: dict[str, Model] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in ordered or name in path:
            return  # defined already, or a cycle, which pydantic resolves once all are defined
        for used in sorted(api.types[name].referenced_types):
            visit(used, (*path, name))
        ordered[name] = api.types[name]

    for name in sorted(api.types):
        visit(name, ())
    return list(ordered.values())
