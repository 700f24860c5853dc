"""What the registry knows about each endpoint, JSON Schemas loaded on first use."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import files
from typing import Any

from ._base import InputModel, OutputModel

__all__ = ["EndpointInfo", "UnknownEndpointError"]


class UnknownEndpointError(KeyError):
    """An endpoint id the package does not know; the message suggests the closest one."""

    def __init__(self, endpoint_id: str, known: list[str]) -> None:
        close = difflib.get_close_matches(endpoint_id, known, n=1, cutoff=0.5)
        hint = (
            f"; did you mean {close[0]!r}?"
            if close
            else f"; known endpoints: {', '.join(known)}"
        )
        super().__init__(f"unknown endpoint {endpoint_id!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class EndpointInfo:
    endpoint_id: str
    title: str
    input_model: type[InputModel]
    output_model: type[OutputModel]
    schema_name: str = field(repr=False)

    def _schema(self, which: str) -> dict[str, Any]:
        text = (
            files("fal_kling")
            .joinpath("schemas", f"{self.schema_name}.{which}.json")
            .read_text(encoding="utf-8")
        )
        schema: dict[str, Any] = json.loads(text)
        return schema

    @cached_property
    def input_schema(self) -> dict[str, Any]:
        """JSON Schema (draft 2020-12) of the endpoint's input."""
        return self._schema("input")

    @cached_property
    def output_schema(self) -> dict[str, Any]:
        """JSON Schema (draft 2020-12) of the endpoint's output."""
        return self._schema("output")

    def validate(self, payload: Any) -> InputModel:
        """Validate an input payload; raises :class:`KlingValidationError`."""
        return self.input_model.model_validate(payload)
