"""Webhook deliveries parse into a request id, a status, and a typed output or an error."""

from __future__ import annotations

import json
from typing import Any

import pytest

import fal_kling
from fal_kling import Kling, KlingOutputError, KlingValidationError, UnknownEndpointError, WebhookError
from fal_kling.models import V3StandardImageToVideoOutput
from falgen.api import load_api

from .conftest import SPECS

I2V = "fal-ai/kling-video/v3/standard/image-to-video"
OUTPUT = load_api(SPECS).endpoint(I2V).example_output


def _delivery(**fields: Any) -> dict[str, Any]:
    return {"request_id": "req-7", "gateway_request_id": "gw-7", **fields}


@pytest.mark.parametrize("encode", [json.dumps, lambda body: json.dumps(body).encode(), dict], ids=["str", "bytes", "mapping"])
def test_a_successful_delivery_gives_the_typed_output(encode: Any) -> None:
    delivery = fal_kling.parse_webhook(encode(_delivery(status="OK", payload=OUTPUT, error=None)), I2V)
    assert delivery.ok and delivery.status == "OK" and delivery.error is None
    assert (delivery.request_id, delivery.gateway_request_id) == ("req-7", "gw-7")
    assert isinstance(delivery.output, V3StandardImageToVideoOutput)
    assert delivery.output.video.url == OUTPUT["video"]["url"] and delivery.payload == OUTPUT


def test_the_endpoint_parses_its_own_deliveries() -> None:
    delivery = Kling(key="k").v3.standard.image_to_video.parse_webhook(json.dumps(_delivery(status="OK", payload=OUTPUT)))
    assert isinstance(delivery.output, V3StandardImageToVideoOutput)
    assert fal_kling.ENDPOINTS[I2V].parse_webhook(_delivery(status="OK", payload=OUTPUT)).output == delivery.output


def test_a_failed_request_gives_fals_error_and_its_details() -> None:
    detail = {"detail": [{"loc": ["body", "duration"], "msg": "unexpected value", "type": "literal_error"}]}
    delivery = fal_kling.parse_webhook(_delivery(status="ERROR", error="Invalid status code: 422", payload=detail), I2V)
    assert not delivery.ok and delivery.output is None
    assert delivery.error == "Invalid status code: 422" and delivery.payload == detail


def test_an_output_fal_could_not_send_says_why() -> None:
    delivery = fal_kling.parse_webhook(_delivery(status="OK", payload=None, payload_error="Response payload is not JSON serializable"), I2V)
    assert not delivery.ok and delivery.output is None
    assert delivery.error == "fal could not send the output: Response payload is not JSON serializable"


def test_an_output_that_does_not_fit_keeps_the_request_id_and_the_raw_output() -> None:
    wrong = {"video": {"content_type": "video/mp4"}}  # no url
    with pytest.raises(KlingOutputError, match=r"request req-7") as caught:
        fal_kling.parse_webhook(_delivery(status="OK", payload=wrong), I2V)
    assert (caught.value.request_id, caught.value.endpoint_id, caught.value.output) == ("req-7", I2V, wrong)
    assert isinstance(caught.value.error, KlingValidationError)
    assert not isinstance(caught.value, KlingValidationError)  # a paid result, not a bad input


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "the webhook body is not JSON"),
        ("[1, 2]", "the webhook body is JSON list, not an object"),
        ("[" * 100_000 + "]" * 100_000, "the webhook body is not JSON"),
        (json.dumps({"status": "OK", "payload": {}}), "not a fal webhook delivery: it has no request_id"),
        (json.dumps({"request_id": "r", "status": "DONE"}), "webhook for r: status is 'DONE'; fal sends 'OK' or 'ERROR'"),
    ],
    ids=["malformed", "not an object", "nested too deeply", "no request id", "unknown status"],
)
def test_a_body_that_is_not_a_delivery_is_refused_plainly(body: str, message: str) -> None:
    with pytest.raises(WebhookError, match="^" + message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        fal_kling.parse_webhook(body, I2V)
    assert issubclass(WebhookError, ValueError)


def test_an_unknown_endpoint_names_the_closest() -> None:
    with pytest.raises(UnknownEndpointError, match="did you mean"):
        fal_kling.parse_webhook(_delivery(status="OK", payload=OUTPUT), I2V + "s")
