"""Saving the files an endpoint made, without trusting the URL or the name it came with.

- Only https URLs on trusted hosts are fetched: fal's media hosts by default
  (:data:`DEFAULT_HOSTS`), plus the hosts given to ``KlingImage(download_hosts=...)`` or in the
  ``FAL_KLING_IMAGE_DOWNLOAD_HOSTS`` environment variable (comma-separated).  A redirect is
  followed only to a trusted host.  An entry is a host name (``cdn.example.com``, with
  ``:port`` where it is not 443), every name below a domain (``*.example.com``), or a
  host and a path prefix (``storage.googleapis.com/my-bucket/``).
- The saved name is one safe path component, whatever the URL or ``file_name`` says, so
  nothing is written outside the destination.  An existing file is kept unless
  ``overwrite=True``.
- The body must match its ``Content-Length`` and the output's ``file_size`` where known.
  It is written to a ``.part`` file beside the target, synced to disk and renamed into
  place; on any failure the ``.part`` file is removed and nothing is left.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import unquote

from ._errors import KlingImageFileError

if TYPE_CHECKING:
    import httpx

__all__ = ["DEFAULT_HOSTS", "ENVIRONMENT", "Downloads", "safe_name"]

DEFAULT_HOSTS = (
    "fal.media",
    "*.fal.media",
    "storage.googleapis.com/falserverless/",
    "storage.googleapis.com/fal_cdn/",
)
"""Where fal's outputs are hosted: ``v3.fal.media``, ``v3b.fal.media``, ``v2.fal.media``
and fal's buckets on Google Cloud Storage, as fal's published outputs show."""
ENVIRONMENT = "FAL_KLING_IMAGE_DOWNLOAD_HOSTS"
MAX_REDIRECTS = 5
_CHUNK = 1 << 16
_NAME_LIMIT = 200
"""Bytes a saved name may take (file systems allow 255; the ``.part`` suffix needs room)."""
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")

testing_hosts: list[str] = []
"""Hosts trusted while :class:`fal_kling_image.testing.FakeFal` runs: its own."""


def safe_name(name: str, default: str = "download") -> str:
    """``name`` as one harmless path component: its last segment (after decoding), without
    separators, control characters or leading dots, and never ``.`` or ``..``."""
    last = re.split(r"[/\\]", unquote(name))[-1]
    cleaned = _UNSAFE.sub("_", last).strip().lstrip(".").strip()
    encoded = cleaned.encode("utf-8")[:_NAME_LIMIT]
    cleaned = encoded.decode("utf-8", errors="ignore")
    return cleaned or default


def _trusted(entries: Iterable[str], url: httpx.URL) -> bool:
    host, port = url.host.lower(), url.port
    for entry in entries:
        entry = entry.strip().lower()
        if not entry:
            continue
        place, _, prefix = entry.partition("/")
        name, _, wanted_port = place.partition(":")
        if wanted_port and (port is None or str(port) != wanted_port):
            continue
        if not wanted_port and port not in (None, 443):
            continue
        if name.startswith("*."):
            matches = host.endswith(name[1:])
        else:
            matches = host == name
        if matches and (not prefix or url.path.lstrip("/").startswith(prefix)):
            return True
    return False


class Downloads:
    """Where a client's output files may come from, and the connection pools that fetch them.

    One per client: every download of a client (or of a batch) shares its pool.  Nothing
    of the client's fal credentials is sent to media hosts.
    """

    def __init__(self, hosts: Iterable[str] = (), *, timeout: float = 120.0) -> None:
        self.hosts = tuple(hosts)
        self.timeout = timeout
        self._client: httpx.Client | None = None
        self._async_client: httpx.AsyncClient | None = None

    def trusted_hosts(self) -> tuple[str, ...]:
        """Every entry trusted now: the defaults, the environment's, the client's."""
        from_environment = os.environ.get(ENVIRONMENT, "").split(",")
        return (*DEFAULT_HOSTS, *from_environment, *self.hosts, *testing_hosts)

    def check(self, url: str | httpx.URL) -> httpx.URL:
        """``url`` if it may be fetched; otherwise :class:`KlingImageFileError` saying how to trust it."""
        import httpx

        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as error:
            raise KlingImageFileError(
                f"cannot download {url!r}: not a URL ({error})"
            ) from None
        if parsed.scheme != "https":
            raise KlingImageFileError(
                f"refusing to download {parsed}: only https URLs are fetched"
            )
        if not _trusted(self.trusted_hosts(), parsed):
            host = (
                parsed.host
                if parsed.port in (None, 443)
                else f"{parsed.host}:{parsed.port}"
            )
            raise KlingImageFileError(
                f"refusing to download {parsed}: {host} is not one of fal's media "
                f"hosts; trust it with KlingImage(download_hosts=[{host!r}]) or "
                f"{ENVIRONMENT}={host}"
            )
        return parsed

    @property
    def client(self) -> httpx.Client:
        import httpx

        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout, follow_redirects=False)
        return self._client

    @property
    def async_client(self) -> httpx.AsyncClient:
        import httpx

        if self._async_client is None:
            self._async_client = httpx.AsyncClient(
                timeout=self.timeout, follow_redirects=False
            )
        return self._async_client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    async def aclose(self) -> None:
        if self._async_client is not None:
            await self._async_client.aclose()
            self._async_client = None

    def download(
        self,
        url: str,
        dest: str | os.PathLike[str],
        *,
        name: str,
        size: int | None = None,
        overwrite: bool = False,
    ) -> Path:
        """Save the file at ``url`` into ``dest`` (see :meth:`fal_kling_image.OutputFile.download`)."""
        import httpx

        target = destination(dest, name, overwrite=overwrite)
        request = self.client.build_request("GET", self.check(url))
        try:
            for _ in range(MAX_REDIRECTS + 1):
                response = self.client.send(request, stream=True)
                try:
                    following = _next(self, response)
                    if following is None:
                        with _part(target, overwrite) as part:
                            _expect(response, size)
                            written = 0
                            for chunk in response.iter_bytes(_CHUNK):
                                written = _write(part, chunk, written, size, url)
                            _complete(response, written, size, url)
                        return target
                finally:
                    response.close()
                request = following
        except httpx.HTTPError as error:
            raise KlingImageFileError(
                f"cannot download {url}: {_reason(error)}"
            ) from None
        raise KlingImageFileError(
            f"cannot download {url}: more than {MAX_REDIRECTS} redirects"
        )

    async def adownload(
        self,
        url: str,
        dest: str | os.PathLike[str],
        *,
        name: str,
        size: int | None = None,
        overwrite: bool = False,
    ) -> Path:
        """:meth:`download` for asynchronous code."""
        import asyncio

        import httpx

        target = destination(dest, name, overwrite=overwrite)
        client = self.async_client
        request = client.build_request("GET", self.check(url))
        try:
            for _ in range(MAX_REDIRECTS + 1):
                response = await client.send(request, stream=True)
                try:
                    following = _next(self, response)
                    if following is None:
                        with _part(target, overwrite, sync=False) as part:
                            _expect(response, size)
                            written = 0
                            async for chunk in response.aiter_bytes(_CHUNK):
                                written = _write(part, chunk, written, size, url)
                            _complete(response, written, size, url)
                            part.flush()  # syncing to disk blocks: off the event loop
                            await asyncio.to_thread(os.fsync, part.fileno())
                        await asyncio.to_thread(_sync_directory, target.parent)
                        return target
                finally:
                    await response.aclose()
                request = following
        except httpx.HTTPError as error:
            raise KlingImageFileError(
                f"cannot download {url}: {_reason(error)}"
            ) from None
        raise KlingImageFileError(
            f"cannot download {url}: more than {MAX_REDIRECTS} redirects"
        )


def destination(dest: str | os.PathLike[str], name: str, *, overwrite: bool) -> Path:
    """The file to write: ``dest`` itself, or ``dest/name`` when ``dest`` is a directory
    (it ends in a separator or exists as one; it is created if missing)."""
    text = os.fspath(dest)
    path = Path(text)
    try:
        if text.endswith(("/", os.sep)) or path.is_dir():
            path.mkdir(parents=True, exist_ok=True)
            target = path / safe_name(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            target = path
    except OSError as error:
        raise KlingImageFileError(
            f"cannot save into {text}: {error.strerror or error}"
        ) from None
    if target.is_dir():
        raise KlingImageFileError(f"cannot save {target}: a directory is in the way")
    if target.exists() and not overwrite:
        raise KlingImageFileError(
            f"{target} exists; pass overwrite=True to replace it, or another destination"
        )
    return target


def _next(downloads: Downloads, response: httpx.Response) -> httpx.Request | None:
    """The redirect's next request (to a trusted host only), or None for a final answer."""
    if not response.is_redirect:
        if response.status_code >= 400:
            raise KlingImageFileError(
                f"cannot download {response.request.url}: HTTP {response.status_code} "
                f"{response.reason_phrase}"
            )
        return None
    location = response.headers.get("location", "")
    following = response.request.url.join(location)
    downloads.check(following)
    import httpx

    return httpx.Request("GET", following)


def _expect(response: httpx.Response, size: int | None) -> None:
    length = response.headers.get("content-length")
    if (
        length is not None
        and size is not None
        and length.isdigit()
        and int(length) != size
    ):
        raise KlingImageFileError(
            f"cannot download {response.request.url}: the server sends {length} bytes, "
            f"but fal said the file has {size}"
        )


def _write(
    part: IO[bytes], chunk: bytes, written: int, size: int | None, url: str
) -> int:
    written += len(chunk)
    if size is not None and written > size:
        raise KlingImageFileError(
            f"cannot download {url}: more than the {size} bytes fal stated"
        )
    part.write(chunk)
    return written


def _complete(
    response: httpx.Response, written: int, size: int | None, url: str
) -> None:
    length = response.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) != written:
        raise KlingImageFileError(
            f"cannot download {url}: the body was cut short ({written} of {length} bytes)"
        )
    if size is not None and written != size:
        raise KlingImageFileError(
            f"cannot download {url}: {written} bytes arrived; fal stated {size}"
        )


def _reason(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@contextmanager
def _part(target: Path, overwrite: bool, *, sync: bool = True) -> Iterator[IO[bytes]]:
    """A ``.part`` file beside ``target``, with the mode the umask gives new files; moved
    onto ``target`` when the block ends well, removed when it does not.  With ``sync``,
    the file and then its directory are synced to disk (without, the caller does it)."""
    part = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise KlingImageFileError(
            f"cannot save {target}: {error.strerror or error}"
        ) from None
    done = False
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        _place(part, target, overwrite)
        done = True
        if sync:
            _sync_directory(target.parent)
    except OSError as error:
        if isinstance(error, KlingImageFileError):
            raise
        raise KlingImageFileError(
            f"cannot save {target}: {error.strerror or error}"
        ) from None
    finally:
        if not done:
            _remove(part)


def _place(part: Path, target: Path, overwrite: bool) -> None:
    if overwrite:
        os.replace(part, target)
    else:
        try:  # fails if the target appeared meanwhile: it is never replaced
            os.link(part, target)
        except FileExistsError:
            raise KlingImageFileError(
                f"{target} exists; pass overwrite=True to replace it, or another destination"
            ) from None
        except OSError:  # a file system without hard links
            if target.exists():
                raise KlingImageFileError(
                    f"{target} exists; pass overwrite=True to replace it"
                ) from None
            os.rename(part, target)
        _remove(part)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # not possible on every platform; the file itself is synced
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
