"""Files: local files given for URL fields are uploaded; output files can be downloaded.

A field that takes a file's URL (``__files__`` of its model) also takes a local file: a
``pathlib.Path`` (any ``os.PathLike``), ``bytes`` or a binary file object.  The client
checks the arguments with the files standing in, uploads each file through
``fal_client``'s upload API, and sends the URLs: nothing is uploaded for an invalid call.
"""

from __future__ import annotations

import mimetypes
import os
import tempfile
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar, Union
from urllib.parse import unquote, urlsplit

from ._base import KlingModel, OutputModel
from ._errors import KlingFileError

if TYPE_CHECKING:
    import fal_client
    import httpx
    from typing_extensions import TypeAlias

__all__ = [
    "LocalFile",
    "OutputFile",
    "Upload",
    "async_uploader",
    "hosted_files",
    "local_files",
    "upload_all",
    "upload_all_async",
    "uploader",
]

LocalFile: TypeAlias = Union["os.PathLike[str]", bytes, bytearray, IO[bytes]]
"""What a file field takes besides a URL: a path, the file's bytes, or a binary file."""

_T = TypeVar("_T")


def _is_local(value: Any) -> bool:
    return isinstance(value, (os.PathLike, bytes, bytearray)) or (
        hasattr(value, "read") and not isinstance(value, str)
    )


@dataclass
class Upload:
    """A local file found in the arguments, and where its URL goes."""

    holder: MutableMapping[str, Any] | list[Any]
    key: Any
    value: Any
    field: str
    """The field's path, as errors show it: ``elements.0.frontal_image_url``."""

    @property
    def name(self) -> str:
        if isinstance(self.value, os.PathLike):
            return os.fsdecode(self.value).replace("\\", "/").rsplit("/", 1)[-1]
        name = getattr(self.value, "name", None)
        return os.path.basename(name) if isinstance(name, str) else "upload.bin"

    @property
    def stand_in(self) -> str:
        """What validation sees in the URL's place."""
        if isinstance(self.value, os.PathLike):
            return os.fsdecode(self.value)
        if isinstance(self.value, (bytes, bytearray)):
            return f"<{len(self.value)} bytes>"
        return f"<file {self.name}>"

    def read(self) -> tuple[bytes, str]:
        """The file's bytes and content type; :class:`KlingFileError` when unreadable."""
        try:
            if isinstance(self.value, os.PathLike):
                data = Path(os.fsdecode(self.value)).read_bytes()
            elif isinstance(self.value, (bytes, bytearray)):
                data = bytes(self.value)
            else:
                data = self.value.read()
        except OSError as error:
            reason = error.strerror or str(error)
            raise KlingFileError(
                f"{self.field}: cannot read {self.stand_in}: {reason}"
            ) from None
        if not isinstance(data, bytes):
            raise KlingFileError(
                f"{self.field}: {self.stand_in} is open in text mode; open it with 'rb'"
            )
        kind = mimetypes.guess_type(self.name)[0] or "application/octet-stream"
        return data, kind


def local_files(
    arguments: dict[str, Any],
    model: type[KlingModel],
    *,
    is_local: Callable[[Any], bool] = _is_local,
) -> tuple[dict[str, Any], list[Upload]]:
    """The local files in a call's arguments (keyed by attribute or fal name), found in a
    copy of the arguments: each :class:`Upload`'s ``holder[key]`` is its place there.
    Without local files, the arguments themselves and no uploads."""
    if next(_walk(arguments, model, "", is_local), None) is None:
        return arguments, []
    copied = _copy(arguments)
    return copied, list(_walk(copied, model, "", is_local))


def _copy(value: _T) -> _T:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, list):
        return [_copy(v) for v in value]  # type: ignore[return-value]
    return value


def _walk(
    data: MutableMapping[str, Any],
    model: type[KlingModel],
    prefix: str,
    is_local: Callable[[Any], bool],
) -> Iterator[Upload]:
    nested = model._nested_models()
    for fal_name, attribute in model.__attributes__.items():
        key = attribute if attribute in data else fal_name
        if key not in data:
            continue
        value, where = data[key], prefix + fal_name
        if fal_name in model.__files__:
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if is_local(item):
                        yield Upload(value, index, item, f"{where}.{index}")
            elif is_local(value):
                yield Upload(data, key, value, where)
        elif fal_name in nested:
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    at = f"{where}.{index}." if isinstance(value, list) else where + "."
                    yield from _walk(item, nested[fal_name], at, is_local)


def upload_all(uploads: list[Upload], send: Callable[[bytes, str, str], str]) -> None:
    """Read and upload every file, then put each URL in its place."""
    contents = [
        upload.read() for upload in uploads
    ]  # every file readable before any upload
    for upload, (data, kind) in zip(uploads, contents):
        upload.holder[upload.key] = send(data, kind, upload.name)


async def upload_all_async(
    uploads: list[Upload], send: Callable[[bytes, str, str], Awaitable[str]]
) -> None:
    contents = [upload.read() for upload in uploads]
    for upload, (data, kind) in zip(uploads, contents):
        upload.holder[upload.key] = await send(data, kind, upload.name)


class OutputFile(OutputModel):
    """A file an endpoint made, hosted by fal: :meth:`download` saves it."""

    @property
    def _url(self) -> str:
        url: str = self._get(next(iter(self.__files__), "url"))
        return url

    def file_name_for_download(self) -> str:
        """``file_name`` when fal gives one, else the URL's last segment."""
        given = getattr(self, "file_name", None)
        if isinstance(given, str) and given.strip("./\\"):
            return os.path.basename(given.replace("\\", "/"))
        return unquote(urlsplit(self._url).path.rsplit("/", 1)[-1]) or "download"

    def download(self, dest: str | os.PathLike[str] = ".") -> Path:
        """Save the file and return its path.  ``dest`` is a directory (the file keeps its
        name) or a file path.  The file is streamed to a temporary name beside it and
        renamed when complete, so an interrupted download leaves nothing half-written.
        """
        import httpx

        target, part = self._target(dest)
        try:
            with httpx.stream("GET", self._url, follow_redirects=True) as response:
                _check(response, self._url)
                for chunk in response.iter_bytes():
                    part.write(chunk)
            part.close()
            os.replace(part.name, target)
        finally:
            _discard(part)
        return target

    async def adownload(self, dest: str | os.PathLike[str] = ".") -> Path:
        """:meth:`download` for asynchronous code."""
        import httpx

        target, part = self._target(dest)
        try:
            async with httpx.AsyncClient(follow_redirects=True) as client:
                async with client.stream("GET", self._url) as response:
                    _check(response, self._url)
                    async for chunk in response.aiter_bytes():
                        part.write(chunk)
            part.close()
            os.replace(part.name, target)
        finally:
            _discard(part)
        return target

    def _target(self, dest: str | os.PathLike[str]) -> tuple[Path, IO[bytes]]:
        path = Path(dest)
        target = path / self.file_name_for_download() if path.is_dir() else path
        try:
            part = tempfile.NamedTemporaryFile(
                dir=target.parent,
                prefix=f".{target.name}.",
                suffix=".part",
                delete=False,
            )
        except OSError as error:
            raise KlingFileError(
                f"cannot save {target}: {error.strerror or error}"
            ) from None
        return target, part


def _check(response: httpx.Response, url: str) -> None:
    if response.status_code >= 400:
        raise KlingFileError(
            f"cannot download {url}: HTTP {response.status_code} {response.reason_phrase}"
        )


def _discard(part: IO[bytes]) -> None:
    part.close()
    if os.path.exists(part.name):
        os.unlink(part.name)


def hosted_files(output: Any) -> Iterator[OutputFile]:
    """Every :class:`OutputFile` in an output, in field order."""
    if isinstance(output, OutputFile):
        yield output
    elif isinstance(output, KlingModel):
        for name in type(output).model_fields:
            yield from hosted_files(getattr(output, name))
    elif isinstance(output, list):
        for item in output:
            yield from hosted_files(item)


def uploader(client: fal_client.SyncClient) -> Callable[[bytes, str, str], str]:
    return lambda data, kind, name: client.upload(data, kind, file_name=name)


def async_uploader(
    client: fal_client.AsyncClient,
) -> Callable[[bytes, str, str], Awaitable[str]]:
    return lambda data, kind, name: client.upload(data, kind, file_name=name)
