"""fal's queue, reached once per call: one submit POST, bounded waits, errors translated.

``fal_client`` re-sends a submit after a dropped connection, a timeout or an nginx-style
502/503, up to ten times; when fal had queued the first one, every re-send is another paid
job.  Its API has no switch for that, so fal-kling-image sends the submit POST itself, with
``fal_client``'s credentials, URL and headers, and re-sends it only where the request
provably did not reach fal's queue:

- no connection was made (refused, unresolvable, the connect timed out): the body never
  left this machine;
- fal answered 429 (too many requests), or an ingress error: a 502, 503 or 504 that did
  not come from fal's queue (no ``x-fal-request-id`` header, an nginx page), which
  ``fal_client`` tells apart the same way.

Once the body went out and no answer came back (a dropped connection, a timeout, a body
cut short), the request may be queued: it is never sent again, and the call raises
:class:`KlingImageConnectionError` (``maybe_queued``) or :class:`KlingImageTimeoutError` with no
request id, saying how to find it.

Status polls, results and cancels stay on ``fal_client``'s request handles, run over this
module's HTTP client: its transport holds every request to the client's
``default_timeout`` (and to what is left of a call's ``client_timeout``), tries a
connection that could not be made a few times within seconds, and turns every other
transport failure into an error ``fal_client`` does not retry, so an unreachable fal is
reported within seconds rather than after a minute of retries.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
)
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ._download import Downloads
from ._errors import (
    KlingImageConnectionError,
    KlingImageCredentialsError,
    KlingImageError,
    KlingImageHTTPError,
    KlingImageResponseError,
    KlingImageTimeoutError,
    KlingImageUsageError,
    KlingImageValidationError,
)

if TYPE_CHECKING:
    import fal_client

__all__ = ["AsyncQueue", "Queue", "translated"]

T = TypeVar("T")

CONNECT_ATTEMPTS = 3
"""Tries at a connection that cannot be made, before fal is reported unreachable."""
CONNECT_BACKOFF = 0.25
"""Seconds before the second try at a connection; doubled for each further try."""
SUBMIT_ATTEMPTS = 5
"""Answers of 429 or an ingress error a submit goes through before giving up."""
SUBMIT_BACKOFF = 0.5
"""Seconds before a submit is sent again after 429 or an ingress error; doubled each time."""

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "fal_kling_deadline", default=None
)
"""When the current call's ``client_timeout`` runs out (``time.monotonic()``), if it has one."""


class _Failed(Exception):
    """A transport failure, raised past ``fal_client`` so that it does not retry it.

    Not an ``httpx.HTTPError`` on purpose: ``fal_client`` retries those."""

    def __init__(self, error: httpx.TransportError, *, connected: bool) -> None:
        super().__init__(str(error) or type(error).__name__)
        self.error = error
        self.connected = connected
        """Whether a connection was made (so the request may have reached fal)."""

    @property
    def timed_out(self) -> bool:
        return isinstance(self.error, httpx.TimeoutException)

    @property
    def reason(self) -> str:
        text = str(self.error).strip()
        kind = type(self.error).__name__
        return f"{kind}: {text}" if text and text != kind else kind


_NOT_CONNECTED = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Transport failures before any byte of the request left this machine."""


def _bounded(request: httpx.Request, limit: float) -> float:
    """Hold the request's timeouts to ``limit`` and to the call's deadline; the bound used."""
    deadline = _DEADLINE.get()
    if deadline is not None:
        limit = min(limit, max(deadline - time.monotonic(), 0.001))
    timeouts = request.extensions.get("timeout", {})
    request.extensions["timeout"] = {
        kind: limit if value is None else min(value, limit)
        for kind, value in {
            "connect": None,
            "read": None,
            "write": None,
            "pool": None,
            **timeouts,
        }.items()
    }
    return limit


def _over(started: float, limit: float) -> None:
    if time.monotonic() - started > limit:
        raise _Failed(httpx.ReadTimeout("the answer took too long"), connected=True)


class _BoundedStream(httpx.SyncByteStream):
    """A response body that must arrive whole within the request's time bound: a server
    dripping a byte at a time cannot hold a call past it."""

    def __init__(
        self, stream: httpx.SyncByteStream, started: float, limit: float
    ) -> None:
        self._stream, self._started, self._limit = stream, started, limit

    def __iter__(self) -> Iterator[bytes]:
        try:
            for chunk in self._stream:
                _over(self._started, self._limit)
                yield chunk
        except httpx.TransportError as error:
            raise _Failed(error, connected=True) from error

    def close(self) -> None:
        self._stream.close()


class _AsyncBoundedStream(httpx.AsyncByteStream):
    def __init__(
        self, stream: httpx.AsyncByteStream, started: float, limit: float
    ) -> None:
        self._stream, self._started, self._limit = stream, started, limit

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._stream:
                _over(self._started, self._limit)
                yield chunk
        except httpx.TransportError as error:
            raise _Failed(error, connected=True) from error

    async def aclose(self) -> None:
        await self._stream.aclose()


class _Transport(httpx.BaseTransport):
    """Every request bounded in time; connections that cannot be made tried again briefly;
    every other transport failure raised as :class:`_Failed`."""

    def __init__(self, inner: httpx.BaseTransport, limit: float) -> None:
        self._inner, self._limit = inner, limit

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        limit = _bounded(request, self._limit)
        started = time.monotonic()
        for attempt in range(1, CONNECT_ATTEMPTS + 1):
            try:
                response = self._inner.handle_request(request)
            except _NOT_CONNECTED as error:
                if attempt == CONNECT_ATTEMPTS or _late(started, limit, attempt):
                    raise _Failed(error, connected=False) from error
                time.sleep(CONNECT_BACKOFF * 2.0 ** (attempt - 1))
                continue
            except httpx.TransportError as error:
                raise _Failed(error, connected=True) from error
            assert isinstance(response.stream, httpx.SyncByteStream)
            response.stream = _BoundedStream(response.stream, started, limit)
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        self._inner.close()


class _AsyncTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, limit: float) -> None:
        self._inner, self._limit = inner, limit

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        limit = _bounded(request, self._limit)
        started = time.monotonic()
        for attempt in range(1, CONNECT_ATTEMPTS + 1):
            try:
                # The headers too must come within the bound, however slowly they drip.
                response = await asyncio.wait_for(
                    self._inner.handle_async_request(request), limit
                )
            except _NOT_CONNECTED as error:
                if attempt == CONNECT_ATTEMPTS or _late(started, limit, attempt):
                    raise _Failed(error, connected=False) from error
                await asyncio.sleep(CONNECT_BACKOFF * 2.0 ** (attempt - 1))
                continue
            except asyncio.TimeoutError as error:
                late = httpx.ReadTimeout("no answer within the time allowed")
                raise _Failed(late, connected=True) from error
            except httpx.TransportError as error:
                raise _Failed(error, connected=True) from error
            assert isinstance(response.stream, httpx.AsyncByteStream)
            response.stream = _AsyncBoundedStream(response.stream, started, limit)
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    async def aclose(self) -> None:
        await self._inner.aclose()


def _late(started: float, limit: float, attempt: int) -> bool:
    return time.monotonic() - started + CONNECT_BACKOFF * 2.0 ** (attempt - 1) >= limit


def _credentials(key: str | None) -> str:
    """The Authorization header ``fal_client`` would send."""
    from fal_client.auth import (
        AuthCredentials,
        MissingCredentialsError,
        fetch_auth_credentials,
    )

    if key is not None:
        return AuthCredentials("Key", key).header_value
    try:
        return fetch_auth_credentials().header_value
    except MissingCredentialsError:
        raise KlingImageCredentialsError(
            "no fal credentials found: set the FAL_KEY environment variable (a key from "
            "https://fal.ai/dashboard/keys), or pass KlingImage(key=...)"
        ) from None


def _submit_request(
    endpoint_id: str,
    *,
    webhook_url: str | None,
    start_timeout: float | None,
    priority: Any,
    hint: str | None,
    headers: Mapping[str, str] | None,
) -> tuple[str, dict[str, str]]:
    """The submit's URL and headers, by ``fal_client``'s rules."""
    from urllib.parse import urlencode

    from fal_client import client as fal_module
    from fal_client._headers import (
        add_fal_app_context_headers,
        add_hint_header,
        add_priority_header,
        add_timeout_header,
    )

    url = fal_module.QUEUE_URL_FORMAT + endpoint_id
    if webhook_url is not None:
        url += "?" + urlencode({"fal_webhook": webhook_url})
    sent = dict(headers or {})
    try:
        if hint is not None:
            add_hint_header(hint, sent)
        if priority is not None:
            add_priority_header(priority, sent)
        if start_timeout is not None:
            add_timeout_header(start_timeout, sent)
    except ValueError as error:
        raise KlingImageUsageError(f"{endpoint_id}: {error}") from None
    add_fal_app_context_headers(sent)
    return url, sent


def _worth_again(response: httpx.Response) -> bool:
    """Whether fal's answer says the submit did not reach its queue: 429, or an ingress error."""
    from fal_client.client import _is_ingress_error

    return response.status_code == 429 or _is_ingress_error(response)


def _queued(endpoint_id: str, response: httpx.Response) -> dict[str, str]:
    """The queue's answer to a submit: its request id and URLs; an HTTP error raised as fal-kling-image's."""
    from fal_client.client import _raise_for_status

    try:
        _raise_for_status(response)
        data = response.json()
        fields = {
            name: data[name]
            for name in ("request_id", "response_url", "status_url", "cancel_url")
        }
    except Exception as error:
        raise translated(error, endpoint_id, None, None) from error
    if not all(isinstance(value, str) and value for value in fields.values()):
        raise KlingImageResponseError(
            endpoint_id,
            f"the submit's answer lacks a request id or its URLs: {data!r:.200}",
        )
    return fields


def _submit_failed(error: _Failed, endpoint_id: str, limit: float) -> KlingImageError:
    if not error.connected:
        return KlingImageConnectionError(endpoint_id, error.reason)
    if error.timed_out:
        return KlingImageTimeoutError(endpoint_id, limit, None)
    return KlingImageConnectionError(endpoint_id, error.reason, maybe_queued=True)


def _backoff(attempt: int) -> float:
    delay = SUBMIT_BACKOFF * 2.0 ** (attempt - 1)
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() + delay >= deadline:
        return -1.0
    return delay


def translated(
    error: BaseException,
    endpoint_id: str,
    request_id: str | None,
    timeout: float | None,
) -> KlingImageError:
    """Whatever ``fal_client``, httpx or json raised, as fal-kling-image's error, keeping the request id."""
    import json

    from fal_client.auth import MissingCredentialsError
    from fal_client.client import FalClientHTTPError, FalClientTimeoutError

    if isinstance(error, KlingImageError):
        return error
    if isinstance(error, _Failed):
        if error.timed_out:
            return KlingImageTimeoutError(endpoint_id, timeout, request_id)
        return KlingImageConnectionError(endpoint_id, error.reason, request_id)
    if isinstance(error, FalClientTimeoutError):
        rid = error.request_id or request_id
        return KlingImageTimeoutError(
            endpoint_id, error.timeout, rid, cancelled=error.request_id is not None
        )
    if isinstance(error, httpx.TimeoutException):
        return KlingImageTimeoutError(endpoint_id, timeout, request_id)
    if isinstance(error, httpx.TransportError):
        reason = str(error) or type(error).__name__
        return KlingImageConnectionError(endpoint_id, reason, request_id)
    if isinstance(error, FalClientHTTPError):
        if error.status_code == 422 and isinstance(error.message, list):
            return KlingImageValidationError.from_fal(
                error.message, endpoint_id, request_id
            )
        return KlingImageHTTPError(
            endpoint_id, error.status_code, error.message, request_id, error.error_type
        )
    if isinstance(error, MissingCredentialsError):
        try:
            _credentials(None)
        except KlingImageCredentialsError as missing:
            return missing
    if isinstance(error, json.JSONDecodeError):
        return KlingImageResponseError(
            endpoint_id, f"not JSON ({error.msg})", request_id
        )
    if isinstance(error, KeyError):
        return KlingImageResponseError(endpoint_id, f"no {error} in it", request_id)
    if isinstance(error, (ValueError, TypeError, AttributeError)):
        return KlingImageResponseError(
            endpoint_id, str(error) or type(error).__name__, request_id
        )
    return KlingImageResponseError(
        endpoint_id, f"{type(error).__name__}: {error}", request_id
    )


class _Base:
    """The options :class:`fal_kling_image.KlingImage` checked, and what both queues build from them."""

    def __init__(
        self,
        *,
        key: str | None,
        client: Any,
        default_timeout: float,
        download_hosts: Iterable[str],
    ) -> None:
        self._key = key if client is None else client.key
        self.default_timeout = float(default_timeout)
        self.downloads = Downloads(download_hosts, timeout=self.default_timeout)
        """Where this client's output files may be downloaded from, and its pool for them."""

    def _headers(self) -> dict[str, str]:
        from fal_client.client import USER_AGENT

        return {"Authorization": _credentials(self._key), "User-Agent": USER_AGENT}


class Queue(_Base):
    """One client's connection to fal's queue: one HTTP connection pool, shared by every call."""

    def __init__(
        self,
        *,
        key: str | None = None,
        client: fal_client.SyncClient | None = None,
        default_timeout: float = 120.0,
        download_hosts: Iterable[str] = (),
    ) -> None:
        super().__init__(
            key=key,
            client=client,
            default_timeout=default_timeout,
            download_hosts=download_hosts,
        )
        self._fal: fal_client.SyncClient | None = client
        self._http: httpx.Client | None = None

    @property
    def fal(self) -> fal_client.SyncClient:
        """The ``fal_client`` client, for uploads."""
        if self._fal is None:
            import fal_client

            self._fal = fal_client.SyncClient(
                key=self._key, default_timeout=self.default_timeout
            )
        return self._fal

    @property
    def http(self) -> httpx.Client:
        if self._http is None:
            from fal_client.client import BackupDomainTransport

            self._http = httpx.Client(
                transport=_Transport(BackupDomainTransport(), self.default_timeout),
                headers=self._headers(),
                timeout=self.default_timeout,
                follow_redirects=True,
            )
        return self._http

    def close(self) -> None:
        """Close the connection pools (the client opens them again when used)."""
        if self._http is not None:
            self._http.close()
            self._http = None
        self.downloads.close()

    def submit(
        self, endpoint_id: str, payload: Any, **options: Any
    ) -> fal_client.SyncRequestHandle:
        """POST the payload to fal's queue once (again only where it provably did not arrive)."""
        from fal_client import SyncRequestHandle

        url, headers = _submit_request(endpoint_id, **options)
        for attempt in range(1, SUBMIT_ATTEMPTS + 1):
            try:
                response = self.http.post(url, json=payload, headers=headers)
            except _Failed as error:
                raise _submit_failed(
                    error, endpoint_id, self.default_timeout
                ) from error
            delay = _backoff(attempt) if attempt < SUBMIT_ATTEMPTS else -1.0
            if not _worth_again(response) or delay < 0:
                break
            time.sleep(delay)
        return SyncRequestHandle(client=self.http, **_queued(endpoint_id, response))

    def handle(self, endpoint_id: str, request_id: str) -> fal_client.SyncRequestHandle:
        from fal_client import SyncRequestHandle

        return SyncRequestHandle.from_request_id(self.http, endpoint_id, request_id)

    def call(
        self,
        endpoint_id: str,
        step: Callable[[], T],
        request_id: str | None,
        *,
        deadline: float | None = None,
    ) -> T:
        """Run one of ``fal_client``'s steps within the call's deadline; errors translated."""
        token = _DEADLINE.set(deadline)
        try:
            return step()
        except Exception as error:
            raise translated(
                error, endpoint_id, request_id, self.default_timeout
            ) from error
        finally:
            _DEADLINE.reset(token)

    def run(
        self,
        endpoint_id: str,
        payload: Any,
        *,
        on_enqueue: Callable[[str], None] | None,
        on_queue_update: Callable[[fal_client.Status], None] | None,
        with_logs: bool,
        client_timeout: float | None,
        poll_interval: float,
        **options: Any,
    ) -> Any:
        """Submit, poll until the request completes, and return fal's output (JSON).

        Past ``client_timeout`` the request is cancelled and :class:`KlingImageTimeoutError`
        raised, with its id."""
        from fal_client import Completed

        deadline = None if client_timeout is None else time.monotonic() + client_timeout
        handle = self.call(
            endpoint_id,
            lambda: self.submit(endpoint_id, payload, **options),
            None,
            deadline=deadline,
        )
        rid = handle.request_id
        if on_enqueue is not None:
            on_enqueue(rid)
        try:
            while True:
                status = self.call(
                    endpoint_id,
                    lambda: handle.status(with_logs=with_logs),
                    rid,
                    deadline=deadline,
                )
                if on_queue_update is not None:
                    on_queue_update(status)
                if isinstance(status, Completed):
                    return self.call(
                        endpoint_id, lambda: _result(handle), rid, deadline=deadline
                    )
                if (
                    deadline is not None
                    and time.monotonic() + poll_interval >= deadline
                ):
                    raise KlingImageTimeoutError(endpoint_id, client_timeout, rid)
                time.sleep(poll_interval)
        except KlingImageTimeoutError as error:
            if deadline is None or not _near(deadline, poll_interval):
                raise  # one request went unanswered; the call's own limit is not reached
            cancelled = self._cancel(endpoint_id, handle)
            raise KlingImageTimeoutError(
                endpoint_id, client_timeout, rid, cancelled=cancelled
            ) from error

    def _cancel(self, endpoint_id: str, handle: fal_client.SyncRequestHandle) -> bool:
        try:
            self.call(endpoint_id, handle.cancel, handle.request_id)
        except KlingImageError:
            return False
        return True


class AsyncQueue(_Base):
    """The asynchronous :class:`Queue`."""

    def __init__(
        self,
        *,
        key: str | None = None,
        client: fal_client.AsyncClient | None = None,
        default_timeout: float = 120.0,
        download_hosts: Iterable[str] = (),
    ) -> None:
        super().__init__(
            key=key,
            client=client,
            default_timeout=default_timeout,
            download_hosts=download_hosts,
        )
        self._fal: fal_client.AsyncClient | None = client
        self._http: httpx.AsyncClient | None = None

    @property
    def fal(self) -> fal_client.AsyncClient:
        if self._fal is None:
            import fal_client

            self._fal = fal_client.AsyncClient(
                key=self._key, default_timeout=self.default_timeout
            )
        return self._fal

    @property
    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            from fal_client.client import AsyncBackupDomainTransport

            self._http = httpx.AsyncClient(
                transport=_AsyncTransport(
                    AsyncBackupDomainTransport(), self.default_timeout
                ),
                headers=self._headers(),
                timeout=self.default_timeout,
                follow_redirects=True,
            )
        return self._http

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None
        await self.downloads.aclose()

    async def submit(
        self, endpoint_id: str, payload: Any, **options: Any
    ) -> fal_client.AsyncRequestHandle:
        from fal_client import AsyncRequestHandle

        url, headers = _submit_request(endpoint_id, **options)
        for attempt in range(1, SUBMIT_ATTEMPTS + 1):
            try:
                response = await self.http.post(url, json=payload, headers=headers)
            except _Failed as error:
                raise _submit_failed(
                    error, endpoint_id, self.default_timeout
                ) from error
            delay = _backoff(attempt) if attempt < SUBMIT_ATTEMPTS else -1.0
            if not _worth_again(response) or delay < 0:
                break
            await asyncio.sleep(delay)
        return AsyncRequestHandle(client=self.http, **_queued(endpoint_id, response))

    def handle(
        self, endpoint_id: str, request_id: str
    ) -> fal_client.AsyncRequestHandle:
        from fal_client import AsyncRequestHandle

        return AsyncRequestHandle.from_request_id(self.http, endpoint_id, request_id)

    async def call(
        self,
        endpoint_id: str,
        step: Callable[[], Awaitable[T]],
        request_id: str | None,
        *,
        deadline: float | None = None,
    ) -> T:
        token = _DEADLINE.set(deadline)
        try:
            return await step()
        except Exception as error:
            raise translated(
                error, endpoint_id, request_id, self.default_timeout
            ) from error
        finally:
            _DEADLINE.reset(token)

    async def run(
        self,
        endpoint_id: str,
        payload: Any,
        *,
        on_enqueue: Callable[[str], None] | None,
        on_queue_update: Callable[[fal_client.Status], None] | None,
        with_logs: bool,
        client_timeout: float | None,
        poll_interval: float,
        **options: Any,
    ) -> Any:
        from fal_client import Completed

        deadline = None if client_timeout is None else time.monotonic() + client_timeout
        handle = await self.call(
            endpoint_id,
            lambda: self.submit(endpoint_id, payload, **options),
            None,
            deadline=deadline,
        )
        rid = handle.request_id
        if on_enqueue is not None:
            on_enqueue(rid)
        try:
            while True:
                status = await self.call(
                    endpoint_id,
                    lambda: handle.status(with_logs=with_logs),
                    rid,
                    deadline=deadline,
                )
                if on_queue_update is not None:
                    on_queue_update(status)
                if isinstance(status, Completed):
                    return await self.call(
                        endpoint_id,
                        lambda: _async_result(handle),
                        rid,
                        deadline=deadline,
                    )
                if (
                    deadline is not None
                    and time.monotonic() + poll_interval >= deadline
                ):
                    raise KlingImageTimeoutError(endpoint_id, client_timeout, rid)
                await asyncio.sleep(poll_interval)
        except KlingImageTimeoutError as error:
            if deadline is None or not _near(deadline, poll_interval):
                raise  # one request went unanswered; the call's own limit is not reached
            cancelled = await self._cancel(endpoint_id, handle)
            raise KlingImageTimeoutError(
                endpoint_id, client_timeout, rid, cancelled=cancelled
            ) from error

    async def _cancel(
        self, endpoint_id: str, handle: fal_client.AsyncRequestHandle
    ) -> bool:
        try:
            await self.call(endpoint_id, handle.cancel, handle.request_id)
        except KlingImageError:
            return False
        return True


def _result(handle: fal_client.SyncRequestHandle) -> Any:
    """A completed request's output, fetched as ``handle.get()`` does, without polling again."""
    from fal_client.client import (
        QUEUE_POLL_TIMEOUT,
        _maybe_retry_request,
        _raise_for_status,
    )

    response = _maybe_retry_request(
        handle.client, "GET", handle.response_url, timeout=QUEUE_POLL_TIMEOUT
    )
    _raise_for_status(response)
    return response.json()


async def _async_result(handle: fal_client.AsyncRequestHandle) -> Any:
    from fal_client.client import (
        QUEUE_POLL_TIMEOUT,
        _async_maybe_retry_request,
        _raise_for_status,
    )

    response = await _async_maybe_retry_request(
        handle.client, "GET", handle.response_url, timeout=QUEUE_POLL_TIMEOUT
    )
    _raise_for_status(response)
    return response.json()


def _near(deadline: float, poll_interval: float) -> bool:
    """Whether the call's deadline is within one poll: the wait is over."""
    return time.monotonic() + poll_interval >= deadline
