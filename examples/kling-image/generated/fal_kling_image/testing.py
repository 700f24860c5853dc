"""A local stand-in for fal, for tests: the real ``fal_client`` talks to it over HTTPS.

:class:`FakeFal` serves fal's queue API, its file uploads and the files it hosts on a
loopback port, with a throwaway certificate authority (``trustme``).  While it runs,
``fal_client`` is pointed at it and trusts its CA, and ``FAL_KEY`` is set if it was not,
so code under test runs unchanged, with no network and nothing paid for::

    from fal_kling_image import KlingImage
    from fal_kling_image.testing import FakeFal

    with FakeFal() as fal:
        result = KlingImage().v3.standard.text_to_video(prompt="a fox")
        assert fal.submissions[0].payload == {"prompt": "a fox"}

Each submitted payload is checked against the endpoint's JSON Schema (fal's 422 when it
does not fit), the request walks the queue states with logs, and the answer is the spec's
output example, whose file URLs point at the stand-in, or an output the test sets with
:meth:`FakeFal.set_output`.  :meth:`FakeFal.fail` and :meth:`FakeFal.hang` make requests
fail or never answer, and :meth:`FakeFal.fault` makes the network misbehave: a connection
dropped after the request was read, a garbled answer, an unknown status, an answer that
drips in a byte at a time, an ingress error.  The files it hosts are trusted for download
while it runs (:meth:`FakeFal.host`, :meth:`FakeFal.redirect`).

It signs webhook deliveries as fal does and serves its keys as a JWKS
(:attr:`FakeFal.jwks`, :attr:`FakeFal.jwks_url`): :meth:`FakeFal.deliver` POSTs a
request's signed delivery to the ``webhook_url`` it was submitted with, and
:meth:`FakeFal.webhook_delivery` gives its body and headers, to test a receiver with.

With pytest, the ``fake_fal`` fixture gives a running stand-in per test; it is registered
when fal-kling-image is installed (``pip install 'fal-kling-image[testing]'`` brings its dependencies).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qs, quote, unquote, urlsplit

from . import _download
from .registry import ENDPOINTS

__all__ = ["FakeFal", "Submission"]

FailOn = Literal["submit", "status", "result"]
FaultOn = Literal["submit", "status", "result", "file"]
Fault = Literal["drop", "garble", "unknown_status", "missing_keys", "drip", "ingress"]
"""How an answer goes wrong:

- ``drop``: the request is read (a submit is queued) and the connection closed unanswered;
  a file is cut short after half its bytes;
- ``garble``: a 200 whose body is not JSON;
- ``unknown_status``: a status poll answers with a status fal does not have;
- ``missing_keys``: a 200 JSON object without the keys fal's API sends;
- ``drip``: the right answer, one byte at a time (``drip_interval`` seconds apart);
- ``ingress``: an nginx 502 page, before the request reaches the queue (nothing is queued).
"""

_REQUEST = re.compile(
    r"^/(?P<app>[^/]+/[^/]+)/requests/(?P<id>[^/]+)(?P<rest>/status|/cancel)?$"
)
_FAL_HEADERS = {"x-fal-request-id": "fake"}
"""What marks an answer as coming from fal's queue rather than from an ingress."""
_HUNG_FOR = 600.0
"""Seconds a hung request waits at most; stopping the stand-in ends the wait at once."""


@dataclass
class Submission:
    """One POST that reached the queue: accepted (it has a ``request_id``) or not."""

    endpoint_id: str
    payload: Any
    headers: dict[str, str]
    request_id: str | None = None
    status_code: int = 200
    webhook_url: str | None = None
    sent_at: str = field(
        default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    )


@dataclass
class _Failure:
    status: int
    detail: Any
    on: FailOn
    endpoint_id: str | None
    times: int | None

    def applies(self, on: FailOn, endpoint_id: str) -> bool:
        return (
            self.on == on
            and self.endpoint_id in (None, endpoint_id)
            and self.times != 0
        )


@dataclass
class _Fault:
    kind: Fault
    on: FaultOn
    endpoint_id: str | None
    times: int | None


@dataclass
class _Request:
    endpoint_id: str
    output: Any
    polls: int = 0
    cancelled: bool = False
    failure: _Failure | None = None
    webhook_url: str | None = None


@dataclass
class _State:
    submissions: list[Submission] = field(default_factory=list)
    requests: dict[str, _Request] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    failures: list[_Failure] = field(default_factory=list)
    faults: list[_Fault] = field(default_factory=list)
    hung: dict[str, int | None] = field(default_factory=dict)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    uploads: dict[str, bytes] = field(default_factory=dict)


class FakeFal:
    """fal's queue, uploads and file hosting on ``https://127.0.0.1:PORT``, built from the specs.

    Args:
        queue_polls: Status polls a request spends queued (position counting down to 0).
        progress_polls: Status polls it then spends in progress, with one log line each.
    """

    def __init__(
        self,
        *,
        queue_polls: int = 1,
        progress_polls: int = 1,
        drip_interval: float = 0.2,
    ) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        self.queue_polls = queue_polls
        self.progress_polls = progress_polls
        self.drip_interval = drip_interval
        self._signing_key = Ed25519PrivateKey.generate()
        self.user_id = "fake-fal-user"
        """The account its webhook deliveries are signed for."""
        self.jwks_fetches = 0
        """How often :attr:`jwks_url` was fetched."""
        self.connections = 0
        """How many connections clients opened to it (each one a TLS handshake)."""
        self._state = _State()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._restore: list[tuple[Any, str, Any]] = []
        self._directory: tempfile.TemporaryDirectory[str] | None = None
        self._own_host = ""

    # What the test sees.

    @property
    def url(self) -> str:
        """The stand-in's base URL."""
        if self._server is None:
            raise RuntimeError(
                "the stand-in is not running; use `with FakeFal() as fal:`"
            )
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    @property
    def environment(self) -> dict[str, str]:
        """Variables that point a ``fal_client`` (and fal-kling-image) in a child process at the
        stand-in: its queue, the files it hosts and its request list (uploads go to fal's
        own hosts, which only the in-process patch redirects)."""
        if self._directory is None:
            raise RuntimeError(
                "the stand-in is not running; use `with FakeFal() as fal:`"
            )
        host = self.url.removeprefix("https://")
        return {
            "FAL_QUEUE_RUN_HOST": host,
            "FAL_RUN_HOST": host,
            "SSL_CERT_FILE": str(Path(self._directory.name, "ca.pem")),
            "FAL_KEY": os.environ.get("FAL_KEY") or "fake-fal-key",
            "FAL_KLING_IMAGE_DOWNLOAD_HOSTS": host,
            "FAL_KLING_IMAGE_PLATFORM_API": self.url + "/v1",
        }

    @property
    def submissions(self) -> list[Submission]:
        """Every POST that reached the queue, in order, hung and rejected ones included."""
        with self._lock:
            return list(self._state.submissions)

    def submissions_to(self, endpoint_id: str) -> list[Submission]:
        return [s for s in self.submissions if s.endpoint_id == endpoint_id]

    @property
    def uploads(self) -> dict[str, bytes]:
        """Uploaded files by the URL the upload answered with."""
        with self._lock:
            return dict(self._state.uploads)

    @property
    def cancelled(self) -> list[str]:
        """Ids of the requests cancelled."""
        with self._lock:
            return [
                rid
                for rid, request in self._state.requests.items()
                if request.cancelled
            ]

    # What the test arranges.

    def set_output(self, endpoint_id: str, output: Any) -> None:
        """Answer requests to ``endpoint_id`` with ``output`` instead of the spec's example."""
        ENDPOINTS[endpoint_id]  # an unknown id fails here, naming the closest one
        with self._lock:
            self._state.outputs[endpoint_id] = output

    def fail(
        self,
        status: int = 500,
        detail: Any = "Internal Server Error",
        *,
        on: FailOn = "submit",
        endpoint_id: str | None = None,
        times: int | None = 1,
    ) -> None:
        """Answer with HTTP ``status`` and ``{"detail": detail}``: at submit, at a status
        poll, or when the result is fetched (the job then ends in error).  ``times=None``
        fails every matching request."""
        with self._lock:
            self._state.failures.append(
                _Failure(status, detail, on, endpoint_id, times)
            )

    def fault(
        self,
        kind: Fault,
        *,
        on: FaultOn = "submit",
        endpoint_id: str | None = None,
        times: int | None = 1,
    ) -> None:
        """Make the next ``times`` answers of a kind go wrong the way ``kind`` says
        (:data:`Fault`); ``times=None`` makes every one go wrong."""
        with self._lock:
            self._state.faults.append(_Fault(kind, on, endpoint_id, times))

    def reset(self) -> None:
        """End every failure, fault and hang arranged so far: answers are fal's own again."""
        with self._lock:
            self._state.failures.clear()
            self._state.faults.clear()
            self._state.hung.clear()

    def redirect(self, name: str, location: str) -> str:
        """A URL the stand-in answers with a redirect to ``location``."""
        path = f"/files/redirect/{quote(name)}"
        with self._lock:
            self._state.redirects[path] = location
        return self.url + path

    @property
    def jwks(self) -> dict[str, Any]:
        """The public key its webhook deliveries are signed with, as a JWKS document."""
        import base64

        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        raw = self._signing_key.public_key().public_bytes(
            Encoding.Raw, PublicFormat.Raw
        )
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        return {
            "keys": [
                {
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "alg": "EdDSA",
                    "use": "sig",
                    "x": x,
                    "kid": "fake",
                }
            ]
        }

    def rotate_key(self) -> None:
        """Sign with a new key from now on, as fal does when it rotates its keys; the JWKS
        then lists the new key only."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        self._signing_key = Ed25519PrivateKey.generate()

    @property
    def jwks_url(self) -> str:
        """Where it serves :attr:`jwks`."""
        return self.url + "/.well-known/jwks.json"

    def sign(
        self, body: bytes, request_id: str, *, timestamp: float | None = None
    ) -> dict[str, str]:
        """The headers fal sends with ``body``: its signature, as fal makes it."""
        stamp = str(int(time.time() if timestamp is None else timestamp))
        message = "\n".join(
            (request_id, self.user_id, stamp, hashlib.sha256(body).hexdigest())
        ).encode()
        return {
            "Content-Type": "application/json",
            "X-Fal-Webhook-Request-Id": request_id,
            "X-Fal-Webhook-User-Id": self.user_id,
            "X-Fal-Webhook-Timestamp": stamp,
            "X-Fal-Webhook-Signature": self._signing_key.sign(message).hex(),
        }

    def webhook_delivery(self, request_id: str) -> tuple[bytes, dict[str, str]]:
        """The signed delivery fal would POST for a request: its body and headers."""
        with self._lock:
            request = self._state.requests.get(request_id)
        if request is None:
            raise KeyError(f"no request {request_id!r} reached the stand-in")
        delivery: dict[str, Any] = {
            "request_id": request_id,
            "gateway_request_id": request_id,
        }
        if request.failure is not None:
            detail = request.failure.detail
            delivery.update(
                status="ERROR",
                error=f"Invalid status code: {request.failure.status}",
                payload={"detail": detail},
            )
        else:
            delivery.update(status="OK", payload=request.output)
        body = json.dumps(delivery).encode()
        return body, self.sign(body, request_id)

    def deliver(self, request_id: str) -> int:
        """POST a request's signed delivery to the ``webhook_url`` it was submitted with;
        the receiver's HTTP status."""
        import httpx

        with self._lock:
            request = self._state.requests.get(request_id)
        if request is None or request.webhook_url is None:
            raise KeyError(
                f"request {request_id!r} was not submitted with a webhook_url"
            )
        body, headers = self.webhook_delivery(request_id)
        return httpx.post(
            request.webhook_url, content=body, headers=headers, timeout=10
        ).status_code

    def hang(self, *, endpoint_id: str | None = None, times: int | None = None) -> None:
        """Accept submits but never answer them (until the stand-in stops)."""
        with self._lock:
            self._state.hung[endpoint_id or ""] = times

    def host(
        self, name: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> str:
        """Serve ``data`` and return its URL, for outputs that point at files.  ``name`` is
        the URL's last segment, percent-encoded whole (a ``/`` in it too)."""
        path = f"/files/hosted/{quote(name, safe='')}"
        with self._lock:
            self._state.files[path] = (data, content_type)
        return self.url + path

    # Lifecycle.

    def __enter__(self) -> FakeFal:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Serve on a free loopback port and point ``fal_client`` at it."""
        import ssl

        import fal_client.client as fal_module
        import trustme

        authority = trustme.CA()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        self._directory = tempfile.TemporaryDirectory(prefix="fal-kling-image-fake-")
        bundle = Path(self._directory.name, "ca.pem")
        authority.cert_pem.write_to_path(str(bundle))

        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        server.daemon_threads = True
        server.socket = context.wrap_socket(server.socket, server_side=True)
        self._server = server
        self._stopping.clear()
        threading.Thread(
            target=server.serve_forever, name="fal-kling-image-fake", daemon=True
        ).start()

        self._own_host = self.url.removeprefix("https://")
        _download.testing_hosts.append(self._own_host)
        self._patch(os.environ, "SSL_CERT_FILE", str(bundle))
        self._patch(os.environ, "FAL_KLING_IMAGE_PLATFORM_API", self.url + "/v1")
        self._patch(os.environ, "FAL_KEY", os.environ.get("FAL_KEY") or "fake-fal-key")
        for name, value in {
            "QUEUE_URL_FORMAT": self.url + "/",
            "RUN_URL_FORMAT": self.url + "/",
            "REST_URL": self.url,
            "CDN_URL": self.url,
        }.items():
            self._patch(fal_module, name, value)

    def stop(self) -> None:
        """Stop serving, end hung requests and restore ``fal_client`` and the environment."""
        self._stopping.set()
        if self._own_host in _download.testing_hosts:
            _download.testing_hosts.remove(self._own_host)
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        for target, name, old in reversed(self._restore):
            if target is os.environ:
                if old is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = old
            else:
                setattr(target, name, old)
        self._restore.clear()
        if self._directory is not None:
            self._directory.cleanup()
            self._directory = None

    def _patch(self, target: Any, name: str, value: str) -> None:
        if target is os.environ:
            self._restore.append((target, name, os.environ.get(name)))
            os.environ[name] = value
        else:
            self._restore.append((target, name, getattr(target, name)))
            setattr(target, name, value)

    # The queue, as the request handler drives it.

    def _submit(
        self,
        endpoint_id: str,
        payload: Any,
        headers: dict[str, str],
        webhook_url: str | None = None,
    ) -> tuple[int, Any] | None:
        """The answer to a submit, or None when it is to hang."""
        submission = Submission(endpoint_id, payload, headers, webhook_url=webhook_url)
        with self._lock:
            self._state.submissions.append(submission)
            number = len(self._state.submissions)
            for key in (endpoint_id, ""):
                if key in self._state.hung:
                    left = self._state.hung[key]
                    if left is not None and left <= 1:
                        del self._state.hung[key]
                    elif left is not None:
                        self._state.hung[key] = left - 1
                    submission.status_code = 0
                    return None
            failure = self._take_failure("submit", endpoint_id)
        if failure is not None:
            submission.status_code = failure.status
            return failure.status, {"detail": failure.detail}
        if endpoint_id not in ENDPOINTS:
            submission.status_code = 404
            return 404, {"detail": f"Application {endpoint_id!r} not found"}
        problems = _schema_problems(endpoint_id, payload)
        if problems:
            submission.status_code = 422
            return 422, {"detail": problems}
        request_id = f"{number:08d}-fake-{endpoint_id.rsplit('/', 1)[-1]}"
        with self._lock:
            output = self._state.outputs.get(endpoint_id)
            if output is None:
                output = self._example_output(endpoint_id, request_id)
            self._state.requests[request_id] = _Request(
                endpoint_id,
                output,
                failure=self._take_failure("result", endpoint_id),
                webhook_url=webhook_url,
            )
            submission.request_id = request_id
        base = f"{self.url}/{_app(endpoint_id)}/requests/{request_id}"
        return 200, {
            "request_id": request_id,
            "response_url": base,
            "status_url": base + "/status",
            "cancel_url": base + "/cancel",
            "queue_position": self.queue_polls,
        }

    def _listed(self, endpoint_id: str) -> tuple[int, Any]:
        """fal's Platform API list of an endpoint's recent requests, newest first."""
        with self._lock:
            items = [
                {
                    "request_id": s.request_id,
                    "endpoint_id": s.endpoint_id,
                    "sent_at": s.sent_at,
                    "status_code": 200,
                    "json_input": s.payload,
                }
                for s in reversed(self._state.submissions)
                if s.endpoint_id == endpoint_id and s.request_id is not None
            ]
        return 200, {"items": items, "next_cursor": None, "has_more": False}

    def _record(self, submission: Submission) -> None:
        with self._lock:
            self._state.submissions.append(submission)

    def _take_fault(self, on: FaultOn, endpoint_id: str | None) -> Fault | None:
        with self._lock:
            for fault in self._state.faults:
                if (
                    fault.on == on
                    and fault.endpoint_id in (None, endpoint_id)
                    and fault.times != 0
                ):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault.kind
        return None

    def _endpoint_of(self, request_id: str) -> str | None:
        with self._lock:
            request = self._state.requests.get(request_id)
        return None if request is None else request.endpoint_id

    def _take_failure(self, on: FailOn, endpoint_id: str) -> _Failure | None:
        for failure in self._state.failures:
            if failure.applies(on, endpoint_id):
                if failure.times is not None:
                    failure.times -= 1
                return failure
        return None

    def _status(self, request_id: str, with_logs: bool) -> tuple[int, Any]:
        with self._lock:
            request = self._state.requests.get(request_id)
            if request is None:
                return 404, {"detail": f"Request {request_id!r} not found"}
            failure = self._take_failure("status", request.endpoint_id)
            if failure is not None:
                return failure.status, {"detail": failure.detail}
            request.polls += 1
            polls = request.polls
        logs = [
            {
                "message": f"step {n} of {self.progress_polls}",
                "level": "INFO",
                "source": "user",
                "timestamp": "2026-01-01T00:00:00",
            }
            for n in range(1, min(polls - self.queue_polls, self.progress_polls) + 1)
        ]
        if polls <= self.queue_polls and not request.cancelled:
            return 200, {
                "status": "IN_QUEUE",
                "queue_position": self.queue_polls - polls,
                "request_id": request_id,
            }
        if polls <= self.queue_polls + self.progress_polls and not request.cancelled:
            return 200, {
                "status": "IN_PROGRESS",
                "logs": logs if with_logs else None,
                "request_id": request_id,
            }
        done: dict[str, Any] = {
            "status": "COMPLETED",
            "logs": logs if with_logs else None,
            "metrics": {"inference_time": 1.0},
            "request_id": request_id,
        }
        if request.cancelled:
            done["error"] = "Request was cancelled"
        elif request.failure is not None:
            done["error"] = str(request.failure.detail)
        return 200, done

    def _result(self, request_id: str) -> tuple[int, Any]:
        with self._lock:
            request = self._state.requests.get(request_id)
        if request is None:
            return 404, {"detail": f"Request {request_id!r} not found"}
        if request.cancelled:
            return 400, {"detail": "Request was cancelled"}
        if request.polls < self.queue_polls + self.progress_polls:
            return 400, {"detail": "Request is still in progress"}
        if request.failure is not None:
            return request.failure.status, {"detail": request.failure.detail}
        return 200, request.output

    def _cancel(self, request_id: str) -> tuple[int, Any]:
        with self._lock:
            request = self._state.requests.get(request_id)
            if request is None:
                return 404, {"detail": f"Request {request_id!r} not found"}
            if request.polls >= self.queue_polls + self.progress_polls:
                return 400, {"status": "ALREADY_COMPLETED"}
            request.cancelled = True
        return 202, {"status": "CANCELLATION_REQUESTED"}

    def _upload(self, data: bytes, content_type: str, name: str) -> tuple[int, Any]:
        with self._lock:
            path = f"/files/uploads/{len(self._state.uploads) + 1}/{quote(name)}"
            self._state.files[path] = (data, content_type)
            self._state.uploads[self.url + path] = data
        return 200, {"access_url": self.url + path}

    def _example_output(self, endpoint_id: str, request_id: str) -> Any:
        """The spec's output example, its file URLs served by the stand-in."""
        examples = ENDPOINTS[endpoint_id].output_schema.get("examples") or [{}]

        def hosted(value: Any, key: str = "") -> Any:
            if isinstance(value, dict):
                served = {k: hosted(v, k) for k, v in value.items()}
                url = served.get("url")
                if isinstance(served.get("file_size"), int) and isinstance(url, str):
                    content = self._state.files.get(urlsplit(url).path)
                    if (
                        content is not None
                    ):  # the size of what is served, as fal states it
                        served["file_size"] = len(content[0])
                return served
            if isinstance(value, list):
                return [hosted(item, key) for item in value]
            if (
                isinstance(value, str)
                and key.endswith("url")
                and value.startswith(("http://", "https://"))
            ):
                name = unquote(urlsplit(value).path.rsplit("/", 1)[-1]) or "file"
                path = f"/files/{request_id}/{quote(name)}"
                self._state.files[path] = (
                    f"fal-kling-image stand-in file {name}\n".encode(),
                    "application/octet-stream",
                )
                return self.url + path
            return value

        return hosted(json.loads(json.dumps(examples[0])))

    def _file(self, path: str) -> tuple[bytes, str] | None:
        with self._lock:
            return self._state.files.get(path)


def _app(endpoint_id: str) -> str:
    return "/".join(endpoint_id.split("/")[:2])


def _schema_problems(endpoint_id: str, payload: Any) -> list[dict[str, Any]]:
    """fal's 422 ``detail`` items for a payload that does not fit the endpoint's schema."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(ENDPOINTS[endpoint_id].input_schema)
    return [
        {
            "loc": ["body", *error.absolute_path],
            "msg": error.message,
            "type": "value_error",
        }
        for error in sorted(
            validator.iter_errors(payload),
            key=lambda e: list(map(str, e.absolute_path)),
        )
    ]


def _handler(fake: FakeFal) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as separate writes

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: tests read :attr:`FakeFal.submissions` instead."""

        def setup(self) -> None:
            super().setup()
            with fake._lock:
                fake.connections += 1

        def do_POST(self) -> None:
            body = self._body()
            path = urlsplit(self.path).path
            if path == "/storage/auth/token":
                self._json(
                    200,
                    {
                        "token": "fake-cdn-token",
                        "token_type": "Bearer",
                        "base_url": fake.url,
                        "expires_at": "2999-01-01T00:00:00+00:00",
                    },
                )
            elif path == "/files/upload":
                name = self.headers.get("X-Fal-File-Name") or "upload.bin"
                self._json(
                    *fake._upload(body, self.headers.get("Content-Type", ""), name)
                )
            else:
                endpoint_id = path.strip("/")
                fault = fake._take_fault("submit", endpoint_id)
                if fault == "ingress":  # the POST arrived, and never reached the queue
                    fake._record(
                        Submission(
                            endpoint_id, None, dict(self.headers), status_code=502
                        )
                    )
                    self._ingress()
                    return
                try:
                    payload = json.loads(body or b"null")
                except ValueError:
                    self._json(
                        422,
                        {
                            "detail": [
                                {
                                    "loc": ["body"],
                                    "msg": "body is not JSON",
                                    "type": "value_error",
                                }
                            ]
                        },
                    )
                    return
                hook = parse_qs(urlsplit(self.path).query).get("fal_webhook", [None])[0]
                answer = fake._submit(endpoint_id, payload, dict(self.headers), hook)
                if answer is None:
                    fake._stopping.wait(_HUNG_FOR)
                    self.close_connection = True
                    return
                self._answer(fault, *answer)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/v1/models/requests/by-endpoint":
                query = parse_qs(parts.query)
                self._json(*fake._listed(query.get("endpoint_id", [""])[0]))
                return
            if parts.path == "/.well-known/jwks.json":
                with fake._lock:
                    fake.jwks_fetches += 1
                self._json(200, fake.jwks)
                return
            with fake._lock:
                location = fake._state.redirects.get(parts.path)
            if location is not None:
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            hosted = fake._file(parts.path)
            if hosted is not None:
                fault = fake._take_fault("file", None)
                if (
                    fault == "drop"
                ):  # cut short: half the bytes of what Content-Length says
                    self.send_response(200)
                    self.send_header("Content-Type", hosted[1])
                    self.send_header("Content-Length", str(len(hosted[0])))
                    self.end_headers()
                    self.wfile.write(hosted[0][: len(hosted[0]) // 2])
                    self.close_connection = True
                    return
                self._send(200, hosted[0], hosted[1], drip=fault == "drip")
                return
            match = _REQUEST.match(parts.path)
            if match is None:
                self._json(404, {"detail": f"no such path {parts.path}"})
                return
            on: FaultOn = "status" if match["rest"] == "/status" else "result"
            fault = fake._take_fault(on, fake._endpoint_of(match["id"]))
            if fault == "ingress":
                self._ingress()
            elif match["rest"] == "/status":
                status, body = fake._status(
                    match["id"],
                    "logs=true" in parts.query.lower() or "logs=1" in parts.query,
                )
                if fault == "unknown_status" and status == 200:
                    body = {**body, "status": "SOMETHING_NEW"}
                self._answer(fault, status, body)
            elif match["rest"] is None:
                self._answer(fault, *fake._result(match["id"]))
            else:
                self._json(405, {"detail": "use PUT to cancel"})

        def do_PUT(self) -> None:
            self._body()
            match = _REQUEST.match(urlsplit(self.path).path)
            if match is None or match["rest"] != "/cancel":
                self._json(404, {"detail": f"no such path {self.path}"})
            else:
                self._json(*fake._cancel(match["id"]))

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _answer(self, fault: Fault | None, status: int, body: Any) -> None:
            """fal's answer, or that answer gone wrong as ``fault`` says."""
            if fault == "drop":
                self.close_connection = True  # read, and never answered
            elif fault == "garble":
                self._send(
                    200, b"<html><body>Bad Gateway", "application/json", _FAL_HEADERS
                )
            elif fault == "missing_keys":
                self._json(200, {"detail": "ok"})
            else:
                self._json(status, body, drip=fault == "drip")

        def _ingress(self) -> None:
            page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
            self._send(502, page, "text/html")

        def _json(self, status: int, body: Any, *, drip: bool = False) -> None:
            self._send(
                status,
                json.dumps(body).encode(),
                "application/json",
                _FAL_HEADERS,
                drip=drip,
            )

        def _send(
            self,
            status: int,
            data: bytes,
            content_type: str,
            headers: dict[str, str] | None = None,
            *,
            drip: bool = False,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if not drip:
                self.wfile.write(data)
                return
            for index in range(len(data)):
                if fake._stopping.wait(fake.drip_interval):
                    return
                try:
                    self.wfile.write(data[index : index + 1])
                    self.wfile.flush()
                except OSError:  # the client gave up waiting
                    self.close_connection = True
                    return

    return Handler


try:
    import pytest
except ImportError:  # the fixture is for pytest users; the stand-in works without it
    pass
else:
    __all__ += ["fake_fal"]

    @pytest.fixture
    def fake_fal() -> Iterator[FakeFal]:
        """A running :class:`FakeFal`; ``fal_client`` talks to it for the test's duration."""
        with FakeFal() as fal:
            yield fal
