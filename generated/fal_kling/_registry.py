"""What the registry knows about each endpoint; models and schemas load on first use."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import import_module
from typing import Any, cast

from ._base import InputModel, OutputModel
from ._errors import KlingError
from ._pricing import Estimate, estimate_model
from ._webhook import Webhook, parse_webhook

__all__ = ["EndpointInfo", "Endpoints", "UnknownEndpointError"]


class UnknownEndpointError(KlingError, KeyError):
    """An endpoint id the package does not know; the message suggests the closest one."""

    def __init__(self, endpoint_id: str, known: list[str]) -> None:
        import difflib

        close = difflib.get_close_matches(endpoint_id, known, n=1, cutoff=0.5)
        hint = (
            f"; did you mean {close[0]!r}?"
            if close
            else f"; `python -m fal_kling list` shows the {len(known)} known ids"
        )
        super().__init__(f"unknown endpoint {endpoint_id!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class EndpointInfo:
    """One endpoint: its id, title and call path, its input and output models, their JSON Schemas."""

    endpoint_id: str
    title: str
    call: str
    """Where the client has it: ``v3.pro.text_to_video`` is ``kling.v3.pro.text_to_video``."""
    module: str = field(repr=False)
    input_name: str = field(repr=False)
    output_name: str = field(repr=False)

    @cached_property
    def input_model(self) -> type[InputModel]:
        return cast("type[InputModel]", getattr(self._models, self.input_name))

    @cached_property
    def output_model(self) -> type[OutputModel]:
        return cast("type[OutputModel]", getattr(self._models, self.output_name))

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

    @property
    def pricing(self) -> dict[str, Any] | None:
        """What fal charges for a call (``x-fal-pricing``), or None where no source states it."""
        found = self.input_schema.get("x-fal-pricing")
        return found if isinstance(found, dict) else None

    def estimate(self, payload: Any) -> Estimate:
        """Validate an input payload, then estimate what the call will cost; raises
        :class:`KlingValidationError`, or :class:`KlingPriceUnknownError` where no price is known.
        """
        return estimate_model(self.endpoint_id, self.pricing, self.validate(payload))

    def parse_webhook(
        self,
        body: bytes | str,
        *,
        headers: Mapping[str, str] | None = None,
        jwks: Mapping[str, Any] | str | None = None,
        verify: bool = True,
    ) -> Webhook[OutputModel]:
        """Verify and parse what fal POSTs to ``webhook_url`` when a request to this
        endpoint ends (see :func:`fal_kling.parse_webhook`)."""
        return parse_webhook(
            body,
            self.output_model,
            self.endpoint_id,
            headers=headers,
            jwks=jwks,
            verify=verify,
        )

    @property
    def _models(self) -> Any:
        return import_module(f"{__package__}.models.{self.module}")

    def _schema(self, which: str) -> dict[str, Any]:
        import json
        from importlib.resources import files

        resource = files(__package__).joinpath("schemas", f"{self.module}.{which}.json")
        schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
        return schema


class Endpoints(Mapping[str, EndpointInfo]):
    """Every endpoint by id, read-only.  An unknown id raises :class:`UnknownEndpointError`
    (a ``KeyError``) naming the closest known one, so ``in`` and ``.get()`` work as usual.
    """

    def __init__(self, entries: Mapping[str, EndpointInfo]) -> None:
        self._entries = dict(entries)

    def __getitem__(self, endpoint_id: str) -> EndpointInfo:
        try:
            return self._entries[endpoint_id]
        except KeyError:
            raise UnknownEndpointError(endpoint_id, list(self._entries)) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<{len(self)} fal-kling endpoints>"
