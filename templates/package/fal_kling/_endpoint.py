"""Calling endpoints through ``fal_client``: validate first, then submit, then parse.

``fal_client`` is imported only when a request is made, so importing :mod:`fal_kling`
to validate payloads stays cheap.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._base import InputModel, OutputModel
from ._webhook import Webhook, parse_webhook

if TYPE_CHECKING:
    import fal_client

__all__ = [
    "AsyncEndpoint",
    "AsyncRequestHandle",
    "Endpoint",
    "QueueUpdate",
    "RequestHandle",
]

InputT = TypeVar("InputT", bound=InputModel)
OutputT = TypeVar("OutputT", bound=OutputModel)

QueueUpdate = Callable[["fal_client.Status"], None]
"""Called with every queue status (``Queued``, ``InProgress`` with logs, ``Completed``)."""


class RequestHandle(Generic[OutputT]):
    """A submitted request: poll it, wait for its typed result, or cancel it."""

    def __init__(
        self, handle: fal_client.SyncRequestHandle, output_model: type[OutputT]
    ) -> None:
        self._handle = handle
        self._output_model = output_model

    @property
    def request_id(self) -> str:
        return self._handle.request_id

    def status(self, *, with_logs: bool = False) -> fal_client.Status:
        return self._handle.status(with_logs=with_logs)

    def iter_events(
        self, *, with_logs: bool = False, interval: float = 0.1
    ) -> Iterator[fal_client.Status]:
        """Poll until the request completes, yielding each status."""
        return self._handle.iter_events(with_logs=with_logs, interval=interval)

    def get(self) -> OutputT:
        """Wait for the request to finish and return its validated output."""
        return self._output_model.model_validate(self._handle.get())

    def cancel(self) -> None:
        self._handle.cancel()

    def __repr__(self) -> str:
        return f"<RequestHandle {self.request_id} → {self._output_model.__name__}>"


class AsyncRequestHandle(Generic[OutputT]):
    """The asynchronous :class:`RequestHandle`."""

    def __init__(
        self, handle: fal_client.AsyncRequestHandle, output_model: type[OutputT]
    ) -> None:
        self._handle = handle
        self._output_model = output_model

    @property
    def request_id(self) -> str:
        return self._handle.request_id

    async def status(self, *, with_logs: bool = False) -> fal_client.Status:
        return await self._handle.status(with_logs=with_logs)

    async def iter_events(
        self, *, with_logs: bool = False, interval: float = 0.1
    ) -> AsyncIterator[fal_client.Status]:
        async for event in self._handle.iter_events(
            with_logs=with_logs, interval=interval
        ):
            yield event

    async def get(self) -> OutputT:
        return self._output_model.model_validate(await self._handle.get())

    async def cancel(self) -> None:
        await self._handle.cancel()

    def __repr__(self) -> str:
        return f"<AsyncRequestHandle {self.request_id} → {self._output_model.__name__}>"


class _Base(Generic[InputT, OutputT]):
    endpoint_id: str
    input_model: type[InputT]
    output_model: type[OutputT]

    def validate(self, payload: Mapping[str, Any]) -> InputT:
        """Check a JSON-style payload without sending it; raises :class:`KlingValidationError`."""
        return self.input_model.model_validate(payload)

    def parse_webhook(self, body: bytes | str | Mapping[str, Any]) -> Webhook[OutputT]:
        """Parse what fal POSTs to ``webhook_url`` when a request to this endpoint ends."""
        return parse_webhook(body, self.output_model, self.endpoint_id)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.endpoint_id}>"


class Endpoint(_Base[InputT, OutputT]):
    """One endpoint on the synchronous client."""

    def __init__(self, fal: Callable[[], fal_client.SyncClient]) -> None:
        self._fal = fal

    def _subscribe(
        self,
        arguments: InputT,
        *,
        with_logs: bool,
        on_queue_update: QueueUpdate | None,
        on_enqueue: Callable[[str], None] | None,
    ) -> OutputT:
        result = self._fal().subscribe(
            self.endpoint_id,
            arguments.to_arguments(),
            with_logs=with_logs,
            on_queue_update=on_queue_update,
            on_enqueue=on_enqueue,
        )
        return self.output_model.model_validate(result)

    def _submit(
        self, arguments: InputT, *, webhook_url: str | None
    ) -> RequestHandle[OutputT]:
        handle = self._fal().submit(
            self.endpoint_id, arguments.to_arguments(), webhook_url=webhook_url
        )
        return RequestHandle(handle, self.output_model)

    def handle(self, request_id: str) -> RequestHandle[OutputT]:
        """Re-attach to a request submitted earlier, by its id."""
        return RequestHandle(
            self._fal().get_handle(self.endpoint_id, request_id), self.output_model
        )


class AsyncEndpoint(_Base[InputT, OutputT]):
    """One endpoint on the asynchronous client."""

    def __init__(self, fal: Callable[[], fal_client.AsyncClient]) -> None:
        self._fal = fal

    async def _subscribe(
        self,
        arguments: InputT,
        *,
        with_logs: bool,
        on_queue_update: QueueUpdate | None,
        on_enqueue: Callable[[str], None] | None,
    ) -> OutputT:
        result = await self._fal().subscribe(
            self.endpoint_id,
            arguments.to_arguments(),
            with_logs=with_logs,
            on_queue_update=on_queue_update,
            on_enqueue=on_enqueue,
        )
        return self.output_model.model_validate(result)

    async def _submit(
        self, arguments: InputT, *, webhook_url: str | None
    ) -> AsyncRequestHandle[OutputT]:
        handle = await self._fal().submit(
            self.endpoint_id, arguments.to_arguments(), webhook_url=webhook_url
        )
        return AsyncRequestHandle(handle, self.output_model)

    async def handle(self, request_id: str) -> AsyncRequestHandle[OutputT]:
        """Re-attach to a request submitted earlier, by its id."""
        return AsyncRequestHandle(
            await self._fal().get_handle(self.endpoint_id, request_id),
            self.output_model,
        )
