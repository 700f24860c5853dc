"""The stand-in's HTTP face: fal's queue, upload, file-hosting and key routes, served
from a :class:`~._fake_queue.FakeQueue`, with the faults a test arranges (a dropped
connection, a garbled or dripping answer, an ingress page)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ._fake_queue import Fault, FaultOn, FakeQueue, Submission

__all__ = ["handler"]

_REQUEST = re.compile(
    r"^/(?P<app>[^/]+/[^/]+)/requests/(?P<id>[^/]+)(?P<rest>/status|/cancel)?$"
)
_FAL_HEADERS = {"x-fal-request-id": "fake"}
"""What marks an answer as coming from fal's queue rather than from an ingress."""
_HUNG_FOR = 600.0
"""Seconds a hung request waits at most; stopping the stand-in ends the wait at once."""


def handler(
    queue: FakeQueue, jwks: Callable[[], dict[str, Any]]
) -> type[BaseHTTPRequestHandler]:
    """The HTTP face of ``queue``; ``jwks`` gives the keys webhook deliveries are signed with."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as separate writes

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: tests read the stand-in's submissions instead."""

        def setup(self) -> None:
            super().setup()
            with queue.lock:
                queue.connections += 1

        def do_POST(self) -> None:
            body = self._body()
            path = urlsplit(self.path).path
            if path == "/storage/auth/token":
                self._json(
                    200,
                    {
                        "token": "fake-cdn-token",
                        "token_type": "Bearer",
                        "base_url": queue.url,
                        "expires_at": "2999-01-01T00:00:00+00:00",
                    },
                )
            elif path == "/files/upload":
                name = self.headers.get("X-Fal-File-Name") or "upload.bin"
                self._json(
                    *queue.upload(body, self.headers.get("Content-Type", ""), name)
                )
            else:
                endpoint_id = path.strip("/")
                fault = queue.take_fault("submit", endpoint_id)
                if fault == "ingress":  # the POST arrived, and never reached the queue
                    queue.record(
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
                answer = queue.submit(endpoint_id, payload, dict(self.headers), hook)
                if answer is None:
                    queue.stopping.wait(_HUNG_FOR)
                    self.close_connection = True
                    return
                self._answer(fault, *answer)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/v1/models/requests/by-endpoint":
                query = parse_qs(parts.query)
                self._json(*queue.listed(query.get("endpoint_id", [""])[0]))
                return
            if parts.path == "/.well-known/jwks.json":
                with queue.lock:
                    queue.jwks_fetches += 1
                self._json(200, jwks())
                return
            with queue.lock:
                location = queue.state.redirects.get(parts.path)
            if location is not None:
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            hosted = queue.file(parts.path)
            if hosted is not None:
                fault = queue.take_fault("file", None)
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
            fault = queue.take_fault(on, queue.endpoint_of(match["id"]))
            if fault == "ingress":
                self._ingress()
            elif match["rest"] == "/status":
                status, body = queue.status(
                    match["id"],
                    "logs=true" in parts.query.lower() or "logs=1" in parts.query,
                )
                if fault == "unknown_status" and status == 200:
                    body = {**body, "status": "SOMETHING_NEW"}
                self._answer(fault, status, body)
            elif match["rest"] is None:
                self._answer(fault, *queue.result(match["id"]))
            else:
                self._json(405, {"detail": "use PUT to cancel"})

        def do_PUT(self) -> None:
            self._body()
            match = _REQUEST.match(urlsplit(self.path).path)
            if match is None or match["rest"] != "/cancel":
                self._json(404, {"detail": f"no such path {self.path}"})
            else:
                self._json(*queue.cancel(match["id"]))

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
                if queue.stopping.wait(queue.drip_interval):
                    return
                try:
                    self.wfile.write(data[index : index + 1])
                    self.wfile.flush()
                except OSError:  # the client gave up waiting
                    self.close_connection = True
                    return

    return Handler
