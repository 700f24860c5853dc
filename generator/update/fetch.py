"""Fetching many URLs politely: a bounded number at once, each with a timeout, retried with
backoff where the failure may pass (5xx, 429, a refused or dropped connection), and
progress on standard error.  A URL that keeps failing is one error naming it."""

from __future__ import annotations

import http.client
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .. import __version__
from ..errors import FalgenError
from ..files import MIB

MAX_BYTES = 64 * MIB
"""The most read from one URL (npm's tarball of @fal-ai/client is about 1 MiB)."""
ATTEMPTS = 4
BACKOFF = 0.5
"""Seconds before the second try; doubled before each further one."""
DEFAULT_CONCURRENCY = 8


@dataclass(frozen=True)
class Answer:
    url: str
    status: int
    body: bytes

    @property
    def missing(self) -> bool:
        return self.status == 404


class _Passing(Exception):
    """A failure worth another try."""


class Fetcher:
    """GETs with a timeout, retries and at most ``concurrency`` requests at once."""

    def __init__(
        self,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        timeout: float = 30.0,
        headers: Mapping[str, str] | None = None,
        say: Callable[[str], None] | None = None,
    ) -> None:
        if concurrency < 1:
            raise FalgenError(f"--concurrency {concurrency}: at least 1")
        self.concurrency = concurrency
        self.timeout = timeout
        self.headers = {"User-Agent": f"falgen/{__version__}", **(headers or {})}
        self.say = say or (lambda text: print(text, file=sys.stderr, flush=True))
        self._lock = threading.Lock()

    def get(self, url: str, *, headers: Mapping[str, str] | None = None) -> Answer:
        """The answer to GET ``url``: 200, or 404 (a missing page is the caller's to judge);
        anything else after the retries is a :class:`FalgenError` naming the URL."""
        problem = ""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self._once(url, headers or {})
            except _Passing as error:
                problem = str(error)
            if attempt < ATTEMPTS:
                time.sleep(BACKOFF * 2 ** (attempt - 1))
        raise FalgenError(f"{url}: {problem} (tried {ATTEMPTS} times); nothing was written")

    def get_all(self, urls: Sequence[str], what: str) -> list[Answer]:
        """Every URL's answer, in order, at most ``concurrency`` at once; progress on stderr."""
        if not urls:
            return []
        done = [0]
        self.say(f"fetching {len(urls)} {what} ({min(self.concurrency, len(urls))} at a time)")

        def one(url: str) -> Answer:
            answer = self.get(url)
            with self._lock:
                done[0] += 1
                if done[0] % 10 == 0 or done[0] == len(urls):
                    self.say(f"  {done[0]}/{len(urls)} {what}")
            return answer

        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            return list(pool.map(one, urls))

    def _once(self, url: str, headers: Mapping[str, str]) -> Answer:
        request = urllib.request.Request(url, headers={**self.headers, **headers})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read(MAX_BYTES + 1)
                status: int = response.status
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return Answer(url, 404, b"")
            if error.code == 429 or error.code >= 500:
                raise _Passing(f"the server answered HTTP {error.code} {error.reason}") from None
            raise FalgenError(
                f"{url}: the server answered HTTP {error.code} {error.reason}; nothing was written"
            ) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise _Passing(f"no answer within {self.timeout:g} s") from None
            if isinstance(error.reason, OSError):
                raise _Passing(f"cannot be fetched: {error.reason.strerror or error.reason}") from None
            raise FalgenError(f"{url}: cannot be fetched: {error.reason}; nothing was written") from None
        except (TimeoutError, socket.timeout):
            raise _Passing(f"no answer within {self.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as error:
            raise _Passing(f"cannot be fetched: {getattr(error, 'strerror', None) or error}") from None
        except ValueError as error:  # urllib's word for a malformed URL
            raise FalgenError(f"{url}: is not a valid URL ({error})") from None
        if len(body) > MAX_BYTES:
            raise FalgenError(f"{url}: larger than {MAX_BYTES // MIB} MiB, the most falgen reads from one URL")
        return Answer(url, status, body)


def joined(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *(part.strip("/") for part in parts)])
