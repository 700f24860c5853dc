"""Webhook deliveries are verified as fal signs them, then parsed into a request id, a
status, and a typed output or an error.  The deliveries are signed by the stand-in, which
serves its keys as a JWKS, as fal does."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

import fal_kling
from fal_kling import Kling, KlingError, KlingOutputError, KlingValidationError, UnknownEndpointError, WebhookError
from fal_kling import _webhook
from fal_kling.models import V3StandardImageToVideoOutput
from fal_kling.testing import FakeFal
from falgen.api import load_api

from ..conftest import SPECS

I2V = "fal-ai/kling-video/v3/standard/image-to-video"
OUTPUT = load_api(SPECS).endpoint(I2V).example_output


def _body(**fields: Any) -> bytes:
    return json.dumps({"request_id": "req-7", "gateway_request_id": "gw-7", **fields}).encode()


@pytest.fixture(autouse=True)
def _fresh_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test fetches keys anew: the cache is per process, the stand-ins per test."""
    monkeypatch.setattr(_webhook, "_KEYS", _webhook._Keys())


def test_a_signed_delivery_gives_the_typed_output(fake_fal: FakeFal) -> None:
    body = _body(status="OK", payload=OUTPUT, error=None)
    for jwks in (fake_fal.jwks, fake_fal.jwks_url):
        delivery = fal_kling.parse_webhook(body, I2V, headers=fake_fal.sign(body, "req-7"), jwks=jwks)
        assert delivery.ok and delivery.verified and delivery.status == "OK" and delivery.error is None
        assert (delivery.request_id, delivery.gateway_request_id, delivery.user_id) == ("req-7", "gw-7", fake_fal.user_id)
        assert isinstance(delivery.output, V3StandardImageToVideoOutput)
        assert delivery.output.video.url == OUTPUT["video"]["url"] and delivery.payload == OUTPUT


def test_the_endpoint_and_the_registry_parse_their_own_deliveries(fake_fal: FakeFal) -> None:
    body = _body(status="OK", payload=OUTPUT)
    headers = {name.lower(): value for name, value in fake_fal.sign(body, "req-7").items()}  # frameworks lower-case them
    delivery = Kling(key="k").v3.standard.image_to_video.parse_webhook(body, headers=headers, jwks=fake_fal.jwks)
    assert isinstance(delivery.output, V3StandardImageToVideoOutput)
    assert fal_kling.ENDPOINTS[I2V].parse_webhook(body, headers=headers, jwks=fake_fal.jwks).output == delivery.output
    untyped = fal_kling.parse_webhook(body, headers=headers, jwks=fake_fal.jwks)  # no endpoint named
    assert untyped.ok and untyped.output is None and untyped.payload == OUTPUT


def _forgeries(fake: FakeFal) -> Iterator[tuple[str, bytes, dict[str, str], str]]:
    body = _body(status="OK", payload={"video": {"url": "https://attacker.example/x.mp4"}})
    signed = fake.sign(body, "req-7")
    yield "unsigned", body, {}, "X-Fal-Webhook-Request-Id, X-Fal-Webhook-User-Id, X-Fal-Webhook-Timestamp, X-Fal-Webhook-Signature missing"
    for header in ("Request-Id", "User-Id", "Timestamp", "Signature"):
        partial = {k: v for k, v in signed.items() if k != f"X-Fal-Webhook-{header}"}
        yield f"no {header}", body, partial, f"X-Fal-Webhook-{header} missing"
    yield "forged signature", body, {**signed, "X-Fal-Webhook-Signature": "ab" * 64}, "does not verify"
    yield "not hex", body, {**signed, "X-Fal-Webhook-Signature": "zz"}, "not hex"
    altered = body.replace(b"attacker", b"attackor")
    yield "altered body", altered, signed, "does not verify"
    other = FakeFal()
    yield "another key", body, other.sign(body, "req-7"), "does not verify"
    yield "another request", body, {**signed, "X-Fal-Webhook-Request-Id": "req-8"}, "does not verify"
    yield "stale", body, fake.sign(body, "req-7", timestamp=signed_at(-400)), "ago, outside the 300 s allowed"
    yield "from the future", body, fake.sign(body, "req-7", timestamp=signed_at(400)), "ahead, outside the 300 s allowed"
    yield "bad timestamp", body, {**signed, "X-Fal-Webhook-Timestamp": "soon"}, "is not a number"
    error = _body(status="ERROR", error="Invalid status code: 500", payload={"detail": "x"})
    yield "error for a real request, signed by another", error, other.sign(error, "req-7"), "does not verify"
    renamed = _body(status="OK", payload=OUTPUT).replace(b'"req-7"', b'"req-9"', 1)
    yield "body names another request", renamed, fake.sign(renamed, "req-7"), "names request 'req-9', not the signed one"


def signed_at(offset: float) -> float:
    import time

    return time.time() + offset


def test_every_forged_or_replayed_delivery_is_refused(fake_fal: FakeFal) -> None:
    cases = list(_forgeries(fake_fal))
    assert len(cases) == 15
    for name, body, headers, message in cases:
        with pytest.raises(WebhookError, match=message.replace("(", r"\(")) as caught:
            fal_kling.parse_webhook(body, I2V, headers=headers, jwks=fake_fal.jwks_url)
        assert isinstance(caught.value, KlingError), name
    assert fake_fal.jwks_fetches == 1, "forged deliveries must not make the receiver fetch keys again and again"


def test_keys_are_cached_and_fetched_again_when_fal_rotates_them(fake_fal: FakeFal, monkeypatch: pytest.MonkeyPatch) -> None:
    body = _body(status="OK", payload=OUTPUT)
    for _ in range(3):
        fal_kling.parse_webhook(body, I2V, headers=fake_fal.sign(body, "req-7"), jwks=fake_fal.jwks_url)
    assert fake_fal.jwks_fetches == 1
    fake_fal.rotate_key()
    monkeypatch.setattr(_webhook, "KEYS_REFRESH", 0.0)  # the minute between fetches has passed
    assert fal_kling.parse_webhook(body, I2V, headers=fake_fal.sign(body, "req-7"), jwks=fake_fal.jwks_url).ok
    assert fake_fal.jwks_fetches == 2
    monkeypatch.setattr(_webhook, "KEYS_MAX_AGE", 0.0)  # a day has passed
    fal_kling.parse_webhook(body, I2V, headers=fake_fal.sign(body, "req-7"), jwks=fake_fal.jwks_url)
    assert fake_fal.jwks_fetches == 3


def test_keys_that_cannot_be_had_are_a_webhook_error(fake_fal: FakeFal) -> None:
    body = _body(status="OK", payload=OUTPUT)
    headers = fake_fal.sign(body, "req-7")
    for jwks, message in (
        (fake_fal.url + "/no-such-keys", "cannot fetch fal's webhook keys"),
        ("http://example.com/jwks.json", "use an https URL"),
        ({"keys": []}, "holds no Ed25519 key"),
        ({"nothing": 1}, "not a JWKS document"),
    ):
        with pytest.raises(WebhookError, match=message):
            fal_kling.parse_webhook(body, I2V, headers=headers, jwks=jwks)


class _Receiver(BaseHTTPRequestHandler):
    """A minimal receiver, as the README shows one: verify, then act on the delivery."""

    jwks = ""
    received: list[Any] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        try:
            delivery = fal_kling.parse_webhook(body, I2V, headers=dict(self.headers), jwks=self.jwks)
        except WebhookError:
            self.send_response(401)
        else:
            self.received.append(delivery)
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_the_stand_in_delivers_signed_webhooks_to_a_receiver(fake_fal: FakeFal) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.jwks, _Receiver.received = fake_fal.jwks_url, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        hook = f"http://127.0.0.1:{server.server_address[1]}/fal"
        handle = Kling().v3.standard.image_to_video.submit(start_image_url="https://x/a.png", prompt="p", webhook_url=hook)
        assert fake_fal.submissions[0].webhook_url == hook
        assert fake_fal.deliver(handle.request_id) == 200
        [delivery] = _Receiver.received
        assert delivery.request_id == handle.request_id and isinstance(delivery.output, V3StandardImageToVideoOutput)
        body, headers = fake_fal.webhook_delivery(handle.request_id)
        forged = body.replace(b'"OK"', b'"ERROR"')
        import httpx

        assert httpx.post(hook, content=forged, headers=headers).status_code == 401
        assert len(_Receiver.received) == 1
    finally:
        server.shutdown()
        server.server_close()


# Parsing, once verified (or with verify=False, for bodies from a store the receiver trusts).


def _unverified(body: bytes | str, endpoint_id: str | None = I2V) -> fal_kling.Webhook[Any]:
    return fal_kling.parse_webhook(body, endpoint_id, headers=None, verify=False)


@pytest.mark.parametrize("encode", [json.dumps, lambda body: json.dumps(body).encode()], ids=["str", "bytes"])
def test_parsing_without_verification_must_be_asked_for(encode: Any) -> None:
    body = encode({"request_id": "req-7", "status": "OK", "payload": OUTPUT})
    with pytest.raises(WebhookError, match="missing"):
        fal_kling.parse_webhook(body, I2V, headers=None)
    delivery = _unverified(body)
    assert delivery.ok and not delivery.verified and delivery.user_id is None
    assert isinstance(delivery.output, V3StandardImageToVideoOutput)


def test_a_failed_request_gives_fals_error_and_its_details() -> None:
    detail = {"detail": [{"loc": ["body", "duration"], "msg": "unexpected value", "type": "literal_error"}]}
    delivery = _unverified(_body(status="ERROR", error="Invalid status code: 422", payload=detail))
    assert not delivery.ok and delivery.output is None
    assert delivery.error == "Invalid status code: 422" and delivery.payload == detail


def test_an_output_fal_could_not_send_says_why() -> None:
    delivery = _unverified(_body(status="OK", payload=None, payload_error="Response payload is not JSON serializable"))
    assert not delivery.ok and delivery.output is None
    assert delivery.error == "fal could not send the output: Response payload is not JSON serializable"


def test_an_output_that_does_not_fit_keeps_the_request_id_and_the_raw_output() -> None:
    wrong = {"video": {"content_type": "video/mp4"}}  # no url
    with pytest.raises(KlingOutputError, match=r"request req-7") as caught:
        _unverified(_body(status="OK", payload=wrong))
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
        _unverified(body)
    assert issubclass(WebhookError, ValueError) and issubclass(WebhookError, KlingError)


def test_an_unknown_endpoint_names_the_closest() -> None:
    with pytest.raises(UnknownEndpointError, match="did you mean"):
        _unverified(_body(status="OK", payload=OUTPUT), I2V + "s")


def test_keys_are_read_as_jwks_write_them() -> None:
    """RFC 8037, appendix A.4: its Ed25519 JWK verifies its signature, and nothing else."""
    import base64

    keys = _webhook._public_keys({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}, "RFC 8037")
    signature = base64.urlsafe_b64decode("hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg==")
    signed = b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
    assert _webhook._verifies(keys, signature, signed)
    assert not _webhook._verifies(keys, signature, signed + b".")


def test_a_delivery_inside_the_window_is_accepted_either_way(fake_fal: FakeFal) -> None:
    body = _body(status="OK", payload=OUTPUT)
    for offset in (-250, 250):
        headers = fake_fal.sign(body, "req-7", timestamp=signed_at(offset))
        assert fal_kling.parse_webhook(body, I2V, headers=headers, jwks=fake_fal.jwks).verified
