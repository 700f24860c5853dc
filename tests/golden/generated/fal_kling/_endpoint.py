"""Calling endpoints through ``fal_client``: validate, upload local files, submit, parse.

``fal_client`` is imported only when a request is made, so importing :mod:`fal_kling`
to validate payloads stays cheap.

Submits are never sent twice.  ``fal_client`` re-sends a submit whose answer does not
arrive within the client's ``default_timeout`` unless the request carries fal's request
timeout header; a re-sent submit that fal had in fact received is a second paid job.  So
every submit carries that header, through ``start_timeout`` (:data:`DEFAULT_START_TIMEOUT`
unless the call passes its own): fal then gives up on a request that has not *started*
within that many seconds, and fal_client raises instead of re-sending, which the client
turns into :class:`KlingTimeoutError` with no request id.  ``start_timeout=None`` sends no
header: no limit on the wait in fal's queue, and fal_client's re-sends (and their risk)
come back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from ._base import InputModel, OutputModel
from ._errors import (
    KlingHTTPError,
    KlingOutputError,
    KlingTimeoutError,
    KlingValidationError,
)
from ._files import (
    async_uploader,
    local_files,
    upload_all,
    upload_all_async,
    uploader,
)
from ._webhook import Webhook, parse_webhook

if TYPE_CHECKING:
    import fal_client

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


def _translated(
    error: BaseException,
    endpoint_id: str,
    request_id: str | None,
    timeout: float | None,
) -> BaseException | None:
    """fal_client's and httpx's errors as fal-kling's, keeping what identifies the request."""
    import httpx
    from fal_client.client import FalClientHTTPError, FalClientTimeoutError

    if isinstance(error, FalClientTimeoutError):
        rid = error.request_id or request_id
        return KlingTimeoutError(
            endpoint_id, error.timeout, rid, cancelled=error.request_id is not None
        )
    if isinstance(error, httpx.TimeoutException):
        return KlingTimeoutError(endpoint_id, timeout, request_id)
    if isinstance(error, FalClientHTTPError):
        if error.status_code == 422 and isinstance(error.message, list):
            return KlingValidationError.from_fal(error.message, endpoint_id, request_id)
        return KlingHTTPError(
            endpoint_id, error.status_code, error.message, request_id, error.error_type
        )
    return None


class _Calling(Generic[OutputT]):
    """What the handles and endpoints share: turning fal's answers into typed results."""

    endpoint_id: str
    output_model: type[OutputT]

    def _output(self, result: Any, request_id: str | None) -> OutputT:
        try:
            return self.output_model.model_validate(result)
        except KlingValidationError as error:
            raise KlingOutputError(
                self.endpoint_id, request_id or "unknown", result, error
            ) from None

    def _fail(
        self, error: BaseException, request_id: str | None, timeout: float | None
    ) -> BaseException:
        return _translated(error, self.endpoint_id, request_id, timeout) or error


class RequestHandle(_Calling[OutputT]):
    """A submitted request: poll it, wait for its typed result, or cancel it."""

    def __init__(
        self,
        handle: fal_client.SyncRequestHandle,
        endpoint_id: str,
        output_model: type[OutputT],
    ) -> None:
        self._handle = handle
        self.endpoint_id = endpoint_id
        self.output_model = output_model

    @property
    def request_id(self) -> str:
        return self._handle.request_id

    def status(self, *, with_logs: bool = False) -> fal_client.Status:
        try:
            return self._handle.status(with_logs=with_logs)
        except Exception as error:
            raise self._fail(error, self.request_id, None) from error

    def iter_events(
        self, *, with_logs: bool = False, interval: float = DEFAULT_POLL_INTERVAL
    ) -> Iterator[fal_client.Status]:
        """Poll until the request completes, yielding each status."""
        try:
            yield from self._handle.iter_events(with_logs=with_logs, interval=interval)
        except Exception as error:
            raise self._fail(error, self.request_id, None) from error

    def get(self, *, interval: float = DEFAULT_POLL_INTERVAL) -> OutputT:
        """Wait for the request to finish and return its validated output.

        Raises:
            KlingOutputError: fal's output does not fit the model; it is kept, with the id.
            KlingHTTPError: the job failed; the error keeps its status and request id.
        """
        try:
            result = self._handle.get(interval=interval)
        except Exception as error:
            raise self._fail(error, self.request_id, None) from error
        return self._output(result, self.request_id)

    def cancel(self) -> None:
        try:
            self._handle.cancel()
        except Exception as error:
            raise self._fail(error, self.request_id, None) from error

    def __repr__(self) -> str:
        return f"<RequestHandle {self.request_id} → {self.output_model.__name__}>"


class AsyncRequestHandle(_Calling[OutputT]):
    """The asynchronous :class:`RequestHandle`."""

    def __init__(
        self,
        handle: fal_client.AsyncRequestHandle,
        endpoint_id: str,
        output_model: type[OutputT],
    ) -> None:
        self._handle = handle
        self.endpoint_id = endpoint_id
        self.output_model = output_model

    @property
    def request_id(self) -> str:
        return self._handle.request_id

    async def status(self, *, with_logs: bool = False) -> fal_client.Status:
        try:
            return await self._handle.status(with_logs=with_logs)
        except Exception as error:
            raise self._fail(error, self.request_id, None) from error

    async def iter_events(
        self, *, with_logs: bool = False, interval: float = DEFAULT_POLL_INTERVAL
    ) -> AsyncIterator[fal_client.Status]:
        try:
            async for event in self._handle.iter_events(
                with_logs=with_logs, interval=interval
            ):
                yield event
        except Exception as error:
            raise self._fail(error, self.request_id, None) from error

    async def get(self, *, interval: float = DEFAULT_POLL_INTERVAL) -> OutputT:
        try:
            result = await self._handle.get(interval=interval)
        except Exception as error:
            raise self._fail(error, self.request_id, None) from error
        return self._output(result, self.request_id)

    async def cancel(self) -> None:
        try:
            await self._handle.cancel()
        except Exception as error:
            raise self._fail(error, self.request_id, None) from error

    def __repr__(self) -> str:
        return f"<AsyncRequestHandle {self.request_id} → {self.output_model.__name__}>"


class _Base(_Calling[OutputT], Generic[InputT, OutputT]):
    input_model: type[InputT]

    def validate(self, payload: Mapping[str, Any]) -> InputT:
        """Check a JSON-style payload without sending it; raises :class:`KlingValidationError`."""
        return self.input_model.model_validate(payload)

    def parse_webhook(self, body: bytes | str | Mapping[str, Any]) -> Webhook[OutputT]:
        """Parse what fal POSTs to ``webhook_url`` when a request to this endpoint ends."""
        return parse_webhook(body, self.output_model, self.endpoint_id)

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
        "headers": dict(headers or {}),
    }


def _limits(start_timeout: float | None, client_timeout: float | None) -> float | None:
    """The start timeout to send: within ``client_timeout``, which ends the wait anyway."""
    if start_timeout is None or client_timeout is None:
        return start_timeout
    return min(start_timeout, client_timeout)


class Endpoint(_Base[InputT, OutputT]):
    """One endpoint on the synchronous client."""

    def __init__(self, fal: Callable[[], fal_client.SyncClient]) -> None:
        self._fal = fal

    def _payload(self, arguments: dict[str, Any]) -> dict[str, Any]:
        model, pending = self._checked(arguments)
        if pending is None:
            return model.to_arguments()
        copied, uploads = pending
        try:
            upload_all(uploads, uploader(self._fal()))
        except Exception as error:
            raise self._fail(error, None, None) from error
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
        fal = self._fal()
        queued: list[str] = []

        def enqueued(request_id: str) -> None:
            queued.append(request_id)
            if on_enqueue is not None:
                on_enqueue(request_id)

        try:
            result = fal.subscribe(
                self.endpoint_id,
                payload,
                with_logs=with_logs,
                on_queue_update=on_queue_update,
                on_enqueue=enqueued,
                interval=poll_interval,
                client_timeout=client_timeout,
                **_submit_options(
                    _limits(start_timeout, client_timeout), priority, hint, headers
                ),
            )
        except Exception as error:
            request_id = queued[0] if queued else None
            raise self._fail(error, request_id, fal.default_timeout) from error
        return self._output(result, queued[0] if queued else None)

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
        fal = self._fal()
        try:
            handle = fal.submit(
                self.endpoint_id,
                payload,
                webhook_url=webhook_url,
                **_submit_options(start_timeout, priority, hint, headers),
            )
        except Exception as error:
            raise self._fail(error, None, fal.default_timeout) from error
        return RequestHandle(handle, self.endpoint_id, self.output_model)

    def handle(self, request_id: str) -> RequestHandle[OutputT]:
        """Re-attach to a request submitted earlier, by its id."""
        return RequestHandle(
            self._fal().get_handle(self.endpoint_id, request_id),
            self.endpoint_id,
            self.output_model,
        )


class AsyncEndpoint(_Base[InputT, OutputT]):
    """One endpoint on the asynchronous client."""

    def __init__(self, fal: Callable[[], fal_client.AsyncClient]) -> None:
        self._fal = fal

    async def _payload(self, arguments: dict[str, Any]) -> dict[str, Any]:
        model, pending = self._checked(arguments)
        if pending is None:
            return model.to_arguments()
        copied, uploads = pending
        try:
            await upload_all_async(uploads, async_uploader(self._fal()))
        except Exception as error:
            raise self._fail(error, None, None) from error
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
        fal = self._fal()
        queued: list[str] = []

        def enqueued(request_id: str) -> None:
            queued.append(request_id)
            if on_enqueue is not None:
                on_enqueue(request_id)

        try:
            result = await fal.subscribe(
                self.endpoint_id,
                payload,
                with_logs=with_logs,
                on_queue_update=on_queue_update,
                on_enqueue=enqueued,
                interval=poll_interval,
                client_timeout=client_timeout,
                **_submit_options(
                    _limits(start_timeout, client_timeout), priority, hint, headers
                ),
            )
        except Exception as error:
            request_id = queued[0] if queued else None
            raise self._fail(error, request_id, fal.default_timeout) from error
        return self._output(result, queued[0] if queued else None)

    async def _submit(
        self,
        arguments: dict[str, Any],
        *,
        webhook_url: str | None,
        start_timeout: float | None,
        priority: Priority | None,
        hint: str | None,
        headers: Mapping[str, str] | None,
    ) -> AsyncRequestHandle[OutputT]:
        payload = await self._payload(arguments)
        fal = self._fal()
        try:
            handle = await fal.submit(
                self.endpoint_id,
                payload,
                webhook_url=webhook_url,
                **_submit_options(start_timeout, priority, hint, headers),
            )
        except Exception as error:
            raise self._fail(error, None, fal.default_timeout) from error
        return AsyncRequestHandle(handle, self.endpoint_id, self.output_model)

    async def handle(self, request_id: str) -> AsyncRequestHandle[OutputT]:
        """Re-attach to a request submitted earlier, by its id."""
        return AsyncRequestHandle(
            await self._fal().get_handle(self.endpoint_id, request_id),
            self.endpoint_id,
            self.output_model,
        )
