"""The stand-in's queue: fal's queue API as state and answers, without the HTTP.

:class:`FakeQueue` keeps what reached it (submissions, requests, uploads, hosted files)
and what a test arranged (outputs, failures, faults, hangs), and answers each queue call
as ``(HTTP status, JSON body)``: a submit, a status poll, a result, a cancel, an upload,
fal's request list.  :mod:`._fake_http` serves it; :class:`~fal_kling_image.testing.FakeFal`
is what tests hold.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote, unquote, urlsplit

from .registry import ENDPOINTS

__all__ = ["Fault", "FaultOn", "FailOn", "FakeQueue", "Submission", "app_of"]

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
class Failure:
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
class FaultPlan:
    kind: Fault
    on: FaultOn
    endpoint_id: str | None
    times: int | None


@dataclass
class Request:
    endpoint_id: str
    output: Any
    polls: int = 0
    cancelled: bool = False
    failure: Failure | None = None
    webhook_url: str | None = None


@dataclass
class State:
    submissions: list[Submission] = field(default_factory=list)
    requests: dict[str, Request] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    faults: list[FaultPlan] = field(default_factory=list)
    hung: dict[str, int | None] = field(default_factory=dict)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    uploads: dict[str, bytes] = field(default_factory=dict)


class FakeQueue:
    """fal's queue for one stand-in: the requests it holds and how it answers them.

    Args:
        queue_polls: Status polls a request spends queued (position counting down to 0).
        progress_polls: Status polls it then spends in progress, with one log line each.
        drip_interval: Seconds between the bytes of an answer that drips.
    """

    def __init__(
        self, *, queue_polls: int, progress_polls: int, drip_interval: float
    ) -> None:
        self.queue_polls = queue_polls
        self.progress_polls = progress_polls
        self.drip_interval = drip_interval
        self.url = ""
        """The stand-in's base URL, which answers point at; set while it serves."""
        self.state = State()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        """Set when the stand-in stops: hung and dripping answers end at once."""
        self.connections = 0
        self.jwks_fetches = 0

    def submit(
        self,
        endpoint_id: str,
        payload: Any,
        headers: dict[str, str],
        webhook_url: str | None = None,
    ) -> tuple[int, Any] | None:
        """The answer to a submit, or None when it is to hang."""
        submission = Submission(endpoint_id, payload, headers, webhook_url=webhook_url)
        with self.lock:
            self.state.submissions.append(submission)
            number = len(self.state.submissions)
            for key in (endpoint_id, ""):
                if key in self.state.hung:
                    left = self.state.hung[key]
                    if left is not None and left <= 1:
                        del self.state.hung[key]
                    elif left is not None:
                        self.state.hung[key] = left - 1
                    submission.status_code = 0
                    return None
            failure = self.take_failure("submit", endpoint_id)
        if failure is not None:
            submission.status_code = failure.status
            return failure.status, {"detail": failure.detail}
        if endpoint_id not in ENDPOINTS:
            submission.status_code = 404
            return 404, {"detail": f"Application {endpoint_id!r} not found"}
        problems = schema_problems(endpoint_id, payload)
        if problems:
            submission.status_code = 422
            return 422, {"detail": problems}
        request_id = f"{number:08d}-fake-{endpoint_id.rsplit('/', 1)[-1]}"
        with self.lock:
            output = self.state.outputs.get(endpoint_id)
            if output is None:
                output = self.example_output(endpoint_id, request_id)
            self.state.requests[request_id] = Request(
                endpoint_id,
                output,
                failure=self.take_failure("result", endpoint_id),
                webhook_url=webhook_url,
            )
            submission.request_id = request_id
        base = f"{self.url}/{app_of(endpoint_id)}/requests/{request_id}"
        return 200, {
            "request_id": request_id,
            "response_url": base,
            "status_url": base + "/status",
            "cancel_url": base + "/cancel",
            "queue_position": self.queue_polls,
        }

    def listed(self, endpoint_id: str) -> tuple[int, Any]:
        """fal's Platform API list of an endpoint's recent requests, newest first."""
        with self.lock:
            items = [
                {
                    "request_id": s.request_id,
                    "endpoint_id": s.endpoint_id,
                    "sent_at": s.sent_at,
                    "status_code": 200,
                    "json_input": s.payload,
                }
                for s in reversed(self.state.submissions)
                if s.endpoint_id == endpoint_id and s.request_id is not None
            ]
        return 200, {"items": items, "next_cursor": None, "has_more": False}

    def record(self, submission: Submission) -> None:
        with self.lock:
            self.state.submissions.append(submission)

    def take_fault(self, on: FaultOn, endpoint_id: str | None) -> Fault | None:
        with self.lock:
            for fault in self.state.faults:
                if (
                    fault.on == on
                    and fault.endpoint_id in (None, endpoint_id)
                    and fault.times != 0
                ):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault.kind
        return None

    def endpoint_of(self, request_id: str) -> str | None:
        with self.lock:
            request = self.state.requests.get(request_id)
        return None if request is None else request.endpoint_id

    def take_failure(self, on: FailOn, endpoint_id: str) -> Failure | None:
        for failure in self.state.failures:
            if failure.applies(on, endpoint_id):
                if failure.times is not None:
                    failure.times -= 1
                return failure
        return None

    def status(self, request_id: str, with_logs: bool) -> tuple[int, Any]:
        with self.lock:
            request = self.state.requests.get(request_id)
            if request is None:
                return 404, {"detail": f"Request {request_id!r} not found"}
            failure = self.take_failure("status", request.endpoint_id)
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

    def result(self, request_id: str) -> tuple[int, Any]:
        with self.lock:
            request = self.state.requests.get(request_id)
        if request is None:
            return 404, {"detail": f"Request {request_id!r} not found"}
        if request.cancelled:
            return 400, {"detail": "Request was cancelled"}
        if request.polls < self.queue_polls + self.progress_polls:
            return 400, {"detail": "Request is still in progress"}
        if request.failure is not None:
            return request.failure.status, {"detail": request.failure.detail}
        return 200, request.output

    def cancel(self, request_id: str) -> tuple[int, Any]:
        with self.lock:
            request = self.state.requests.get(request_id)
            if request is None:
                return 404, {"detail": f"Request {request_id!r} not found"}
            if request.polls >= self.queue_polls + self.progress_polls:
                return 400, {"status": "ALREADY_COMPLETED"}
            request.cancelled = True
        return 202, {"status": "CANCELLATION_REQUESTED"}

    def upload(self, data: bytes, content_type: str, name: str) -> tuple[int, Any]:
        with self.lock:
            path = f"/files/uploads/{len(self.state.uploads) + 1}/{quote(name)}"
            self.state.files[path] = (data, content_type)
            self.state.uploads[self.url + path] = data
        return 200, {"access_url": self.url + path}

    def example_output(self, endpoint_id: str, request_id: str) -> Any:
        """The spec's output example, its file URLs served by the stand-in."""
        examples = ENDPOINTS[endpoint_id].output_schema.get("examples") or [{}]

        def hosted(value: Any, key: str = "") -> Any:
            if isinstance(value, dict):
                served = {k: hosted(v, k) for k, v in value.items()}
                url = served.get("url")
                if isinstance(served.get("file_size"), int) and isinstance(url, str):
                    content = self.state.files.get(urlsplit(url).path)
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
                self.state.files[path] = (
                    f"fal-kling-image stand-in file {name}\n".encode(),
                    "application/octet-stream",
                )
                return self.url + path
            return value

        return hosted(json.loads(json.dumps(examples[0])))

    def file(self, path: str) -> tuple[bytes, str] | None:
        with self.lock:
            return self.state.files.get(path)


def app_of(endpoint_id: str) -> str:
    """The app an endpoint id belongs to: its first two segments."""
    return "/".join(endpoint_id.split("/")[:2])


def schema_problems(endpoint_id: str, payload: Any) -> list[dict[str, Any]]:
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
