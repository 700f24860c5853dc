"""Webhook deliveries: what fal POSTs to a request's ``webhook_url`` when the request ends.

fal signs every delivery.  Four headers carry the signature: ``X-Fal-Webhook-Request-Id``,
``X-Fal-Webhook-User-Id``, ``X-Fal-Webhook-Timestamp`` (Unix seconds) and
``X-Fal-Webhook-Signature`` (hex): an Ed25519 signature over the request id, the user id,
the timestamp and the SHA-256 (hex) of the raw body, joined by newlines, made with one of
the keys fal publishes as a JWKS (:data:`JWKS_URL`).  :func:`parse_webhook` checks it all
before it reads the body: the headers, the timestamp (within :data:`TOLERANCE` seconds of
now, so an old delivery cannot be replayed later), the signature against fal's keys
(fetched at most once a day, and again when a delivery is signed with a key not seen
yet: fal rotates its keys), and that the body names the request the headers name.

The body is ``{"request_id", "gateway_request_id", "status": "OK" | "ERROR", "payload",
"error"}``: on success ``payload`` is the endpoint's output; on failure ``error`` says what
went wrong and ``payload`` holds the details (a rejected input's ``detail`` list).  When
the output could not be serialized, ``payload`` is null and ``payload_error`` says why.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from ._base import OutputModel
from ._errors import KlingImageError, KlingImageOutputError, KlingImageValidationError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

__all__ = [
    "JWKS_URL",
    "TOLERANCE",
    "Webhook",
    "WebhookError",
    "parse_webhook",
    "verify_webhook",
]

OutputT = TypeVar("OutputT", bound=OutputModel)

JWKS_URL = "https://rest.fal.ai/.well-known/jwks.json"
"""Where fal publishes the public keys its webhook signatures are made with."""
TOLERANCE = 300.0
"""Seconds a delivery's timestamp may be from now, either way (fal's figure)."""
KEYS_MAX_AGE = 24 * 3600.0
"""Seconds fetched keys are used before they are fetched again (fal says at most a day)."""
KEYS_REFRESH = 60.0
"""Seconds between fetches prompted by a signature no known key verifies."""
_HEADERS = ("request-id", "user-id", "timestamp", "signature")
_PREFIX = "x-fal-webhook-"


class WebhookError(KlingImageError, ValueError):
    """A delivery that cannot be trusted or read: unsigned, forged, too old, not fal's."""


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
    user_id: str | None = None
    """The fal account the delivery is for, from its signed headers (None unverified)."""
    verified: bool = False
    """Whether fal's signature was checked and holds."""

    @property
    def ok(self) -> bool:
        """Whether the request succeeded and its output is here."""
        return self.status == "OK" and self.error is None


class _Keys:
    """fal's public keys by JWKS URL, fetched when first needed and kept for a day."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fetched: dict[str, tuple[float, list[Ed25519PublicKey]]] = {}

    def get(self, url: str, *, fresh: bool = False) -> list[Ed25519PublicKey]:
        with self._lock:
            known = self._fetched.get(url)
            age = time.monotonic() - known[0] if known else None
            if (
                known
                and age is not None
                and age < (KEYS_REFRESH if fresh else KEYS_MAX_AGE)
            ):
                return known[1]
            keys = _public_keys(_fetch(url), url)
            self._fetched[url] = (time.monotonic(), keys)
            return keys


_KEYS = _Keys()


def _fetch(url: str) -> Any:
    import httpx

    if not url.startswith(("https://", "http://127.", "http://localhost")):
        raise WebhookError(
            f"refusing to fetch webhook keys from {url}: use an https URL"
        )
    try:
        response = httpx.get(url, timeout=10.0, follow_redirects=False)
        response.raise_for_status()
        return response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise WebhookError(
            f"cannot fetch fal's webhook keys from {url}: {error}; the delivery was not "
            "verified (answer with an error, and fal will deliver it again)"
        ) from None


def _public_keys(document: Any, where: str) -> list[Ed25519PublicKey]:
    """The Ed25519 keys of a JWKS document."""
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    entries = document.get("keys") if isinstance(document, Mapping) else None
    if not isinstance(entries, list):
        raise WebhookError(f'{where} is not a JWKS document (no "keys" list)')
    keys = []
    for entry in entries:
        if not isinstance(entry, Mapping) or (entry.get("kty"), entry.get("crv")) != (
            "OKP",
            "Ed25519",
        ):
            continue
        x = entry.get("x")
        try:
            raw = base64.urlsafe_b64decode(str(x) + "=" * (-len(str(x)) % 4))
            keys.append(Ed25519PublicKey.from_public_bytes(raw))
        except ValueError:
            continue
    if not keys:
        raise WebhookError(f"{where} holds no Ed25519 key to verify webhooks with")
    return keys


def verify_webhook(
    body: bytes,
    headers: Mapping[str, str],
    *,
    jwks: Mapping[str, Any] | str | None = None,
    tolerance: float = TOLERANCE,
) -> tuple[str, str]:
    """Check fal's signature on a delivery; its (request id, user id) from the signed
    headers.  Raises :class:`WebhookError` for anything that does not hold."""
    lowered = {str(name).lower(): str(value) for name, value in headers.items()}
    missing = [_PREFIX + name for name in _HEADERS if not lowered.get(_PREFIX + name)]
    if missing:
        names = ", ".join(
            "X-Fal-Webhook-" + n.removeprefix(_PREFIX).title() for n in missing
        )
        raise WebhookError(
            f"not a signed fal delivery: {names} missing (pass the request's headers; "
            "parse_webhook(..., verify=False) skips the check, for bodies from a trusted store)"
        )
    request_id, user_id, stamp, signature = (
        lowered[_PREFIX + name] for name in _HEADERS
    )
    try:
        sent_at = float(stamp)
    except ValueError:
        raise WebhookError(
            f"webhook for {request_id}: timestamp {stamp!r} is not a number"
        ) from None
    skew = time.time() - sent_at
    if not abs(skew) <= tolerance:
        raise WebhookError(
            f"webhook for {request_id}: signed {skew:.0f} s {'ago' if skew > 0 else 'ahead'}, "
            f"outside the {tolerance:g} s allowed (a replayed or delayed delivery)"
        )
    try:
        signed = bytes.fromhex(signature)
    except ValueError:
        raise WebhookError(
            f"webhook for {request_id}: the signature is not hex"
        ) from None
    message = "\n".join(
        (request_id, user_id, stamp, hashlib.sha256(body).hexdigest())
    ).encode()
    if isinstance(jwks, Mapping):
        verified = _verifies(_public_keys(jwks, "the jwks given"), signed, message)
    else:
        url = jwks or JWKS_URL
        verified = _verifies(_KEYS.get(url), signed, message) or _verifies(
            _KEYS.get(url, fresh=True), signed, message  # a key fal rotated in since
        )
    if verified:
        return request_id, user_id
    raise WebhookError(
        f"webhook for {request_id}: the signature does not verify with fal's keys "
        "(a forged or altered delivery)"
    )


def _verifies(keys: list[Ed25519PublicKey], signature: bytes, message: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature

    for key in keys:
        try:
            key.verify(signature, message)
        except InvalidSignature:
            continue
        return True
    return False


def parse_webhook(
    body: bytes | str,
    output_model: type[OutputT] | None,
    endpoint_id: str | None,
    *,
    headers: Mapping[str, str] | None,
    jwks: Mapping[str, Any] | str | None = None,
    verify: bool = True,
    tolerance: float = TOLERANCE,
) -> Webhook[OutputT]:
    """Verify a delivery (unless ``verify=False``) and parse it; the output is typed by
    ``output_model`` when there is one.

    Raises :class:`WebhookError` for a delivery that is not verified or not a delivery,
    and :class:`KlingImageOutputError` (with the request id and the raw output) when the output
    does not fit the model.
    """
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    signed_id = user_id = None
    if verify:
        signed_id, user_id = verify_webhook(
            raw, headers or {}, jwks=jwks, tolerance=tolerance
        )
    data = _json(raw)
    request_id, status = data.get("request_id"), data.get("status")
    if not isinstance(request_id, str) or not request_id:
        raise WebhookError("not a fal webhook delivery: it has no request_id")
    if signed_id is not None and request_id != signed_id:
        raise WebhookError(
            f"webhook for {signed_id}: the body names request {request_id!r}, not the signed one"
        )
    if status not in ("OK", "ERROR"):
        raise WebhookError(
            f"webhook for {request_id}: status is {status!r}; fal sends 'OK' or 'ERROR'"
        )
    gateway = data.get("gateway_request_id")
    base: dict[str, Any] = {
        "gateway_request_id": gateway if isinstance(gateway, str) else None,
        "user_id": user_id,
        "verified": verify,
    }
    payload = data.get("payload")
    if status == "ERROR":
        error = data.get("error")
        reason = error if isinstance(error, str) and error else "the request failed"
        return Webhook(request_id, "ERROR", None, reason, payload, **base)
    if payload is None:
        problem = data.get("payload_error")
        reason = f"fal could not send the output: {problem or 'no payload'}"
        return Webhook(request_id, "OK", None, reason, None, **base)
    if output_model is None:
        return Webhook(request_id, "OK", None, None, payload, **base)
    try:
        output = output_model.model_validate(payload)
    except KlingImageValidationError as error:
        raise KlingImageOutputError(
            endpoint_id or "the endpoint", request_id, payload, error
        ) from None
    return Webhook(request_id, "OK", output, None, payload, **base)


def _json(body: bytes) -> Mapping[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise WebhookError(f"the webhook body is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise WebhookError(
            f"the webhook body is JSON {type(data).__name__}, not an object"
        )
    return data
