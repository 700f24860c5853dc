"""Calling endpoints: validate, upload local files, submit once, wait, parse.

The queue work (one submit POST, bounded waits, fal_client's handles, errors translated)
is :mod:`._queue`'s, imported only when a request is made, so importing :mod:`fal_kling_image`
to validate payloads stays cheap.

Every submit carries fal's request timeout header, through ``start_timeout``
(:data:`DEFAULT_START_TIMEOUT` unless the call passes its own): fal gives up on a request
that has not *started* within that many seconds, so a job cannot wait in the queue for
ever.  ``start_timeout=None`` sends no limit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from ._base import InputModel, OutputModel
from ._errors import KlingImageOutputError, KlingImageValidationError
from ._files import (
    async_uploader,
    hosted_files,
    local_files,
    upload_all,
    upload_all_async,
    uploader,
)
from ._pricing import Estimate, estimate_model
from ._webhook import Webhook, parse_webhook

if TYPE_CHECKING:
    import fal_client

    from ._download import Downloads
    from ._queue import AsyncQueue, Queue

__all__ = [
    "DEFAULT_START_TIMEOUT",
    "AsyncEndpoint",
    "AsyncRequestHandle",
    "Endpoint",
    "Priority",
    "QueueUpdate",
    "RequestHandle",
]

InputT = TypeVar("InputT", bound=InputModel)
OutputT = TypeVar("OutputT", bound=OutputModel)

QueueUpdate = Callable[["fal_client.Status"], None]
"""Called with every queue status (``Queued``, ``InProgress`` with logs, ``Completed``)."""
Priority = Literal["normal", "low"]

DEFAULT_START_TIMEOUT = 3600.0
"""Seconds a request may wait in fal's queue before it starts; fal drops it after that.
Sending this limit is what stops fal_client from re-sending an unanswered submit."""
DEFAULT_POLL_INTERVAL = 0.5
"""Seconds between status polls while a call waits for its result."""


class _Calling(Generic[OutputT]):
    """What the handles and endpoints share: turning fal's answers into typed results."""

    endpoint_id: str
    output_model: type[OutputT]

    def _output(
        self, result: Any, request_id: str | None, downloads: Downloads
    ) -> OutputT:
        try:
            output = self.output_model.model_validate(result)
        except KlingImageValidationError as error:
            raise KlingImageOutputError(
                self.endpoint_id, request_id or "unknown", result, error
            ) from None
        for file in hosted_files(output):
            file._downloads = (
                downloads  # the client's trusted hosts and connection pool
            )
        return output


class RequestHandle(_Calling[OutputT]):
    """A submitted request: poll it, wait for its typed result, or cancel it."""

    def __init__(
        self,
        handle: fal_client.SyncRequestHandle,
        queue: Queue,
        endpoint_id: str,
        output_model: type[OutputT],
    ) -> None:
        self._handle = handle
        self._queue = queue
        self.endpoint_id = endpoint_id
        self.output_model = output_model

    @property
    def request_id(self) -> str:
        return self._handle.request_id

    def status(self, *, with_logs: bool = False) -> fal_client.Status:
        return self._queue.call(
            self.endpoint_id,
            lambda: self._handle.status(with_logs=with_logs),
            self.request_id,
        )

    def iter_events(
        self, *, with_logs: bool = False, interval: float = DEFAULT_POLL_INTERVAL
    ) -> Iterator[fal_client.Status]:
        """Poll until the request completes, yielding each status."""
        import time

        from fal_client import Completed

        while True:
            status = self.status(with_logs=with_logs)
            yield status
            if isinstance(status, Completed):
                return
            time.sleep(interval)

    def get(self, *, interval: float = DEFAULT_POLL_INTERVAL) -> OutputT:
        """Wait for the request to finish and return its validated output.

        Raises:
            KlingImageOutputError: fal's output does not fit the model; it is kept, with the id.
            KlingImageHTTPError: the job failed; the error keeps its status and request id.
            KlingImageConnectionError, KlingImageTimeoutError: fal stopped answering; the request id
                is kept, to fetch the result later.
        """
        result = self._queue.call(
            self.endpoint_id,
            lambda: self._handle.get(interval=interval),
            self.request_id,
        )
        return self._output(result, self.request_id, self._queue.downloads)

    def cancel(self) -> None:
        """Ask fal to cancel the request (a request already running may still finish)."""
        self._queue.call(self.endpoint_id, self._handle.cancel, self.request_id)

    def __repr__(self) -> str:
        return f"<RequestHandle {self.request_id} → {self.output_model.__name__}>"


class AsyncRequestHandle(_Calling[OutputT]):
    """The asynchronous :class:`RequestHandle`."""

    def __init__(
        self,
        handle: fal_client.AsyncRequestHandle,
        queue: AsyncQueue,
        endpoint_id: str,
        output_model: type[OutputT],
    ) -> None:
        self._handle = handle
        self._queue = queue
        self.endpoint_id = endpoint_id
        self.output_model = output_model

    @property
    def request_id(self) -> str:
        return self._handle.request_id

    async def status(self, *, with_logs: bool = False) -> fal_client.Status:
        return await self._queue.call(
            self.endpoint_id,
            lambda: self._handle.status(with_logs=with_logs),
            self.request_id,
        )

    async def iter_events(
        self, *, with_logs: bool = False, interval: float = DEFAULT_POLL_INTERVAL
    ) -> AsyncIterator[fal_client.Status]:
        import asyncio

        from fal_client import Completed

        while True:
            status = await self.status(with_logs=with_logs)
            yield status
            if isinstance(status, Completed):
                return
            await asyncio.sleep(interval)

    async def get(self, *, interval: float = DEFAULT_POLL_INTERVAL) -> OutputT:
        result = await self._queue.call(
            self.endpoint_id,
            lambda: self._handle.get(interval=interval),
            self.request_id,
        )
        return self._output(result, self.request_id, self._queue.downloads)

    async def cancel(self) -> None:
        await self._queue.call(self.endpoint_id, self._handle.cancel, self.request_id)

    def __repr__(self) -> str:
        return f"<AsyncRequestHandle {self.request_id} → {self.output_model.__name__}>"


class _Base(_Calling[OutputT], Generic[InputT, OutputT]):
    input_model: type[InputT]

    def validate(self, payload: Mapping[str, Any]) -> InputT:
        """Check a JSON-style payload without sending it; raises :class:`KlingImageValidationError`."""
        return self.input_model.model_validate(payload)

    def parse_webhook(
        self,
        body: bytes | str,
        *,
        headers: Mapping[str, str] | None = None,
        jwks: Mapping[str, Any] | str | None = None,
        verify: bool = True,
    ) -> Webhook[OutputT]:
        """Verify and parse what fal POSTs to ``webhook_url`` when a request to this
        endpoint ends (see :func:`fal_kling_image.parse_webhook`)."""
        return parse_webhook(
            body,
            self.output_model,
            self.endpoint_id,
            headers=headers,
            jwks=jwks,
            verify=verify,
        )

    def _estimate(self, arguments: dict[str, Any]) -> Estimate:
        """What a call with ``arguments`` would cost; local files are checked, not uploaded."""
        from .registry import ENDPOINTS

        model, _ = self._checked(arguments)
        return estimate_model(
            self.endpoint_id, ENDPOINTS[self.endpoint_id].pricing, model
        )

    def _checked(self, arguments: dict[str, Any]) -> tuple[InputT, Any]:
        """The validated arguments, or, when they hold local files, the copy of the
        arguments in which the uploads will put their URLs and the uploads; the files are
        validated as they stand, so an invalid call uploads nothing."""
        copied, uploads = local_files(arguments, self.input_model)
        if not uploads:
            return self.input_model(**arguments), None
        for upload in uploads:
            upload.holder[upload.key] = upload.stand_in
        return self.input_model(**copied), (copied, uploads)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.endpoint_id}>"


def _submit_options(
    start_timeout: float | None,
    priority: Priority | None,
    hint: str | None,
    headers: Mapping[str, str] | None,
) -> dict[str, Any]:
    return {
        "start_timeout": start_timeout,
        "priority": priority,
        "hint": hint,
        "headers": headers,
    }


def _limits(start_timeout: float | None, client_timeout: float | None) -> float | None:
    """The start timeout to send: within ``client_timeout``, which ends the wait anyway."""
    if start_timeout is None or client_timeout is None:
        return start_timeout
    return min(start_timeout, client_timeout)


class Endpoint(_Base[InputT, OutputT]):
    """One endpoint on the synchronous client."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    def _payload(self, arguments: dict[str, Any]) -> dict[str, Any]:
        model, pending = self._checked(arguments)
        if pending is None:
            return model.to_arguments()
        copied, uploads = pending
        queue = self._queue()
        queue.call(
            self.endpoint_id, lambda: upload_all(uploads, uploader(queue.fal)), None
        )
        return self.input_model(**copied).to_arguments()

    def _subscribe(
        self,
        arguments: dict[str, Any],
        *,
        with_logs: bool,
        on_queue_update: QueueUpdate | None,
        on_enqueue: Callable[[str], None] | None,
        client_timeout: float | None,
        start_timeout: float | None,
        priority: Priority | None,
        hint: str | None,
        headers: Mapping[str, str] | None,
        poll_interval: float,
    ) -> OutputT:
        payload = self._payload(arguments)
        queue = self._queue()
        queued: list[str] = []

        def enqueued(request_id: str) -> None:
            queued.append(request_id)
            if on_enqueue is not None:
                on_enqueue(request_id)

        result = queue.run(
            self.endpoint_id,
            payload,
            on_enqueue=enqueued,
            on_queue_update=on_queue_update,
            with_logs=with_logs,
            client_timeout=client_timeout,
            poll_interval=poll_interval,
            webhook_url=None,
            **_submit_options(
                _limits(start_timeout, client_timeout), priority, hint, headers
            ),
        )
        return self._output(result, queued[0] if queued else None, queue.downloads)

    def _submit(
        self,
        arguments: dict[str, Any],
        *,
        webhook_url: str | None,
        start_timeout: float | None,
        priority: Priority | None,
        hint: str | None,
        headers: Mapping[str, str] | None,
    ) -> RequestHandle[OutputT]:
        payload = self._payload(arguments)
        queue = self._queue()
        handle = queue.call(
            self.endpoint_id,
            lambda: queue.submit(
                self.endpoint_id,
                payload,
                webhook_url=webhook_url,
                **_submit_options(start_timeout, priority, hint, headers),
            ),
            None,
        )
        return RequestHandle(handle, queue, self.endpoint_id, self.output_model)

    def handle(self, request_id: str) -> RequestHandle[OutputT]:
        """Re-attach to a request submitted earlier, by its id."""
        queue = self._queue()
        return RequestHandle(
            queue.handle(self.endpoint_id, request_id),
            queue,
            self.endpoint_id,
            self.output_model,
        )


class AsyncEndpoint(_Base[InputT, OutputT]):
    """One endpoint on the asynchronous client."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    async def _payload(self, arguments: dict[str, Any]) -> dict[str, Any]:
        model, pending = self._checked(arguments)
        if pending is None:
            return model.to_arguments()
        copied, uploads = pending
        queue = self._queue()
        await queue.call(
            self.endpoint_id,
            lambda: upload_all_async(uploads, async_uploader(queue.fal)),
            None,
        )
        return self.input_model(**copied).to_arguments()

    async def _subscribe(
        self,
        arguments: dict[str, Any],
        *,
        with_logs: bool,
        on_queue_update: QueueUpdate | None,
        on_enqueue: Callable[[str], None] | None,
        client_timeout: float | None,
        start_timeout: float | None,
        priority: Priority | None,
        hint: str | None,
        headers: Mapping[str, str] | None,
        poll_interval: float,
    ) -> OutputT:
        payload = await self._payload(arguments)
        queue = self._queue()
        queued: list[str] = []

        def enqueued(request_id: str) -> None:
            queued.append(request_id)
            if on_enqueue is not None:
                on_enqueue(request_id)

        result = await queue.run(
            self.endpoint_id,
            payload,
            on_enqueue=enqueued,
            on_queue_update=on_queue_update,
            with_logs=with_logs,
            client_timeout=client_timeout,
            poll_interval=poll_interval,
            webhook_url=None,
            **_submit_options(
                _limits(start_timeout, client_timeout), priority, hint, headers
            ),
        )
        return self._output(result, queued[0] if queued else None, queue.downloads)

    async def _submit(
        self,
        arguments: dict[str, Any],
        *,
        webhook_url: str | None,
        start_timeout: float | None,
        priority: Priority | None,
        hint: str | None,
        headers: Mapping[str, str] | None,
        before: Callable[[dict[str, Any]], Awaitable[None]] | None = None,
    ) -> AsyncRequestHandle[OutputT]:
        payload = await self._payload(arguments)
        if before is not None:  # the payload as it will be sent, uploads done
            await before(payload)
        queue = self._queue()
        handle = await queue.call(
            self.endpoint_id,
            lambda: queue.submit(
                self.endpoint_id,
                payload,
                webhook_url=webhook_url,
                **_submit_options(start_timeout, priority, hint, headers),
            ),
            None,
        )
        return AsyncRequestHandle(handle, queue, self.endpoint_id, self.output_model)

    async def handle(self, request_id: str) -> AsyncRequestHandle[OutputT]:
        """Re-attach to a request submitted earlier, by its id."""
        queue = self._queue()
        return AsyncRequestHandle(
            queue.handle(self.endpoint_id, request_id),
            queue,
            self.endpoint_id,
            self.output_model,
        )
