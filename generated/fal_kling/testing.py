"""A local stand-in for fal, for tests: the real ``fal_client`` talks to it over HTTPS.

:class:`FakeFal` serves fal's queue API, its file uploads and the files it hosts on a
loopback port, with a throwaway certificate authority (``trustme``).  While it runs,
``fal_client`` is pointed at it and trusts its CA, and ``FAL_KEY`` is set if it was not,
so code under test runs unchanged, with no network and nothing paid for::

    from fal_kling import Kling
    from fal_kling.testing import FakeFal

    with FakeFal() as fal:
        result = Kling().v3.standard.text_to_video(prompt="a fox")
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
when fal-kling is installed (``pip install 'fal-kling[testing]'`` brings its dependencies).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

from . import _download
from ._fake_http import handler
from ._fake_queue import (
    Failure,
    FailOn,
    Fault,
    FaultOn,
    FaultPlan,
    FakeQueue,
    Submission,
)
from .registry import ENDPOINTS

__all__ = ["FakeFal", "Submission"]


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

        self._queue = FakeQueue(
            queue_polls=queue_polls,
            progress_polls=progress_polls,
            drip_interval=drip_interval,
        )
        self._signing_key = Ed25519PrivateKey.generate()
        self.user_id = "fake-fal-user"
        """The account its webhook deliveries are signed for."""
        self._server: ThreadingHTTPServer | None = None
        self._restore: list[tuple[Any, str, Any]] = []
        self._directory: tempfile.TemporaryDirectory[str] | None = None
        self._own_host = ""

    # What the test sees.

    @property
    def queue_polls(self) -> int:
        """Status polls a request spends queued; settable."""
        return self._queue.queue_polls

    @queue_polls.setter
    def queue_polls(self, polls: int) -> None:
        self._queue.queue_polls = polls

    @property
    def progress_polls(self) -> int:
        """Status polls a request spends in progress; settable."""
        return self._queue.progress_polls

    @progress_polls.setter
    def progress_polls(self, polls: int) -> None:
        self._queue.progress_polls = polls

    @property
    def drip_interval(self) -> float:
        """Seconds between the bytes of a dripping answer; settable."""
        return self._queue.drip_interval

    @drip_interval.setter
    def drip_interval(self, seconds: float) -> None:
        self._queue.drip_interval = seconds

    @property
    def jwks_fetches(self) -> int:
        """How often :attr:`jwks_url` was fetched."""
        return self._queue.jwks_fetches

    @property
    def connections(self) -> int:
        """How many connections clients opened to it (each one a TLS handshake)."""
        return self._queue.connections

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
        """Variables that point a ``fal_client`` (and fal-kling) in a child process at the
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
            "FAL_KLING_DOWNLOAD_HOSTS": host,
            "FAL_KLING_PLATFORM_API": self.url + "/v1",
        }

    @property
    def submissions(self) -> list[Submission]:
        """Every POST that reached the queue, in order, hung and rejected ones included."""
        with self._queue.lock:
            return list(self._queue.state.submissions)

    def submissions_to(self, endpoint_id: str) -> list[Submission]:
        return [s for s in self.submissions if s.endpoint_id == endpoint_id]

    @property
    def uploads(self) -> dict[str, bytes]:
        """Uploaded files by the URL the upload answered with."""
        with self._queue.lock:
            return dict(self._queue.state.uploads)

    @property
    def cancelled(self) -> list[str]:
        """Ids of the requests cancelled."""
        with self._queue.lock:
            return [
                rid
                for rid, request in self._queue.state.requests.items()
                if request.cancelled
            ]

    # What the test arranges.

    def set_output(self, endpoint_id: str, output: Any) -> None:
        """Answer requests to ``endpoint_id`` with ``output`` instead of the spec's example."""
        ENDPOINTS[endpoint_id]  # an unknown id fails here, naming the closest one
        with self._queue.lock:
            self._queue.state.outputs[endpoint_id] = output

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
        with self._queue.lock:
            self._queue.state.failures.append(
                Failure(status, detail, on, endpoint_id, times)
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
        with self._queue.lock:
            self._queue.state.faults.append(FaultPlan(kind, on, endpoint_id, times))

    def reset(self) -> None:
        """End every failure, fault and hang arranged so far: answers are fal's own again."""
        with self._queue.lock:
            self._queue.state.failures.clear()
            self._queue.state.faults.clear()
            self._queue.state.hung.clear()

    def redirect(self, name: str, location: str) -> str:
        """A URL the stand-in answers with a redirect to ``location``."""
        path = f"/files/redirect/{quote(name)}"
        with self._queue.lock:
            self._queue.state.redirects[path] = location
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
        with self._queue.lock:
            request = self._queue.state.requests.get(request_id)
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

        with self._queue.lock:
            request = self._queue.state.requests.get(request_id)
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
        with self._queue.lock:
            self._queue.state.hung[endpoint_id or ""] = times

    def host(
        self, name: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> str:
        """Serve ``data`` and return its URL, for outputs that point at files.  ``name`` is
        the URL's last segment, percent-encoded whole (a ``/`` in it too)."""
        path = f"/files/hosted/{quote(name, safe='')}"
        with self._queue.lock:
            self._queue.state.files[path] = (data, content_type)
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
        self._directory = tempfile.TemporaryDirectory(prefix="fal-kling-fake-")
        bundle = Path(self._directory.name, "ca.pem")
        authority.cert_pem.write_to_path(str(bundle))

        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), handler(self._queue, lambda: self.jwks)
        )
        server.daemon_threads = True
        server.socket = context.wrap_socket(server.socket, server_side=True)
        self._server = server
        self._queue.stopping.clear()
        threading.Thread(
            target=server.serve_forever, name="fal-kling-fake", daemon=True
        ).start()

        self._queue.url = self.url
        self._own_host = self.url.removeprefix("https://")
        _download.testing_hosts.append(self._own_host)
        self._patch(os.environ, "SSL_CERT_FILE", str(bundle))
        self._patch(os.environ, "FAL_KLING_PLATFORM_API", self.url + "/v1")
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
        self._queue.stopping.set()
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
