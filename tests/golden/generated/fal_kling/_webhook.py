"""Webhook deliveries: what fal POSTs to a request's ``webhook_url`` when the request ends.

fal sends ``{"request_id", "gateway_request_id", "status": "OK" | "ERROR", "payload",
"error"}``: on success ``payload`` is the endpoint's output; on failure ``error`` says
what went wrong and ``payload`` holds the details (a rejected input's ``detail`` list).
When the output could not be serialized, ``payload`` is null and ``payload_error`` says why.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from ._base import OutputModel
from ._errors import KlingOutputError, KlingValidationError

__all__ = ["Webhook", "WebhookError", "parse_webhook"]

OutputT = TypeVar("OutputT", bound=OutputModel)


class WebhookError(ValueError):
    """A body that is not a fal webhook delivery."""


@dataclass(frozen=True)
class Webhook(Generic[OutputT]):
    """One delivery: the typed ``output`` when the request succeeded, else ``error``."""

    request_id: str
    status: Literal["OK", "ERROR"]
    output: OutputT | None
    """The endpoint's output, validated; None when the request failed."""
    error: str | None
    """Why the request failed, or why fal could not send its output; None on success."""
    payload: Any
    """The payload as fal sent it: the raw output, or the failure's details."""
    gateway_request_id: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the request succeeded and its output is here."""
        return self.output is not None


def parse_webhook(
    body: bytes | str | Mapping[str, Any], output_model: type[OutputT], endpoint_id: str
) -> Webhook[OutputT]:
    """Parse a delivery for an endpoint whose output is ``output_model``.

    Raises :class:`WebhookError` for a body that is not a delivery, and
    :class:`KlingOutputError` (with the request id and the raw output) when the output
    does not fit the model.
    """
    data = _json(body)
    request_id, status = data.get("request_id"), data.get("status")
    if not isinstance(request_id, str) or not request_id:
        raise WebhookError("not a fal webhook delivery: it has no request_id")
    if status not in ("OK", "ERROR"):
        raise WebhookError(
            f"webhook for {request_id}: status is {status!r}; fal sends 'OK' or 'ERROR'"
        )
    gateway = data.get("gateway_request_id")
    gateway = gateway if isinstance(gateway, str) else None
    payload = data.get("payload")
    if status == "ERROR":
        error = data.get("error")
        reason = error if isinstance(error, str) and error else "the request failed"
        return Webhook(request_id, "ERROR", None, reason, payload, gateway)
    if payload is None:
        problem = data.get("payload_error")
        reason = f"fal could not send the output: {problem or 'no payload'}"
        return Webhook(request_id, "OK", None, reason, None, gateway)
    try:
        output = output_model.model_validate(payload)
    except KlingValidationError as error:
        raise KlingOutputError(endpoint_id, request_id, payload, error) from None
    return Webhook(request_id, "OK", output, None, payload, gateway)


def _json(body: bytes | str | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(body, Mapping):
        return body
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise WebhookError(f"the webhook body is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise WebhookError(
            f"the webhook body is JSON {type(data).__name__}, not an object"
        )
    return data
