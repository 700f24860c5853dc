"""Files: local files given for URL fields are uploaded; output files can be downloaded
(safely: see :mod:`._download`).

A field that takes a file's URL (``__files__`` of its model) also takes a local file: a
``pathlib.Path`` (any ``os.PathLike``), ``bytes`` or a binary file object.  The client
checks the arguments with the files standing in, uploads each file through
``fal_client``'s upload API, and sends the URLs: nothing is uploaded for an invalid call.
"""

from __future__ import annotations

import mimetypes
import os
import re
from collections.abc import Awaitable, Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar, Union
from urllib.parse import urlsplit

from pydantic import PrivateAttr

from ._base import KlingImageModel, OutputModel
from ._download import Downloads, safe_name
from ._errors import KlingImageFileError

if TYPE_CHECKING:
    import fal_client
    from typing_extensions import TypeAlias

__all__ = [
    "LocalFile",
    "OutputFile",
    "Upload",
    "async_uploader",
    "hosted_files",
    "local_files",
    "paths_as_files",
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
    limits: Mapping[str, Any] = dataclass_field(default_factory=dict)
    """What fal takes in the field (``__files__``): formats and size are checked here."""

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
        """The file's bytes and content type; :class:`KlingImageFileError` when unreadable, or
        outside fal's stated format or size for the field (``__files__``): checked before a
        byte is uploaded or a paid request sent, and a file too large is not read whole.
        """
        self._check_format()
        most = self.limits.get("max_file_size")
        limit = int(most) + 1 if most is not None else -1
        size: int | None = None
        try:
            if isinstance(self.value, os.PathLike):
                with open(os.fsdecode(self.value), "rb") as file:
                    size = os.fstat(file.fileno()).st_size
                    data = file.read(limit)
            elif isinstance(self.value, (bytes, bytearray)):
                data = bytes(self.value)
            else:
                data = self.value.read(limit)
        except OSError as error:
            reason = error.strerror or str(error)
            raise KlingImageFileError(
                f"{self.field}: cannot read {self.stand_in}: {reason}"
            ) from None
        if not isinstance(data, bytes):
            raise KlingImageFileError(
                f"{self.field}: {self.stand_in} is open in text mode; open it with 'rb'"
            )
        if most is not None and len(data) > most:
            # A path's size is known; a file object was read only past the limit.
            known = size if size is not None else len(data)
            whole = size is not None or isinstance(self.value, (bytes, bytearray))
            found = f"{known:,} bytes" if whole else f"over {int(most):,} bytes"
            raise KlingImageFileError(
                f"{self.field}: {self.stand_in} is {found}; fal takes at "
                f"most {_size(int(most))} ({int(most):,} bytes) here"
            )
        kind = mimetypes.guess_type(self.name)[0] or "application/octet-stream"
        return data, kind

    def _check_format(self) -> None:
        """fal's stated formats, by the file name's extension (a name-less file is not held to them)."""
        formats = self.limits.get("formats")
        named = isinstance(self.value, os.PathLike) or hasattr(self.value, "name")
        extension = self.name.rpartition(".")[2].lower() if "." in self.name else ""
        if formats and named and extension not in formats:
            listed = " or ".join(f".{each}" for each in formats)
            raise KlingImageFileError(
                f"{self.field}: {self.stand_in} is not {listed}, "
                f"the formats fal takes here; convert it first"
            )


def _size(count: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= size:
            return f"{count / size:.3g} {unit}"
    return f"{count} bytes"


def local_files(
    arguments: dict[str, Any],
    model: type[KlingImageModel],
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


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def paths_as_files(
    payload: dict[str, Any], model: type[KlingImageModel]
) -> dict[str, Any]:
    """A copy of a JSON payload with every string in a file field that is not a URL read as
    a local path (a ``Path``), to upload: how the command line and batches take files.
    """

    def is_path(value: Any) -> bool:
        return isinstance(value, str) and not _URL.match(value)

    copied, found = local_files(payload, model, is_local=is_path)
    for item in found:
        item.holder[item.key] = Path(item.value)
    return copied


def _copy(value: _T) -> _T:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, list):
        return [_copy(v) for v in value]  # type: ignore[return-value]
    return value


def _walk(
    data: MutableMapping[str, Any],
    model: type[KlingImageModel],
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
            limits = model.__files__[fal_name]
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if is_local(item):
                        yield Upload(value, index, item, f"{where}.{index}", limits)
            elif is_local(value):
                yield Upload(data, key, value, where, limits)
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
    for upload, (data, kind) in zip(uploads, contents, strict=True):
        upload.holder[upload.key] = send(data, kind, upload.name)


async def upload_all_async(
    uploads: list[Upload], send: Callable[[bytes, str, str], Awaitable[str]]
) -> None:
    contents = [upload.read() for upload in uploads]
    for upload, (data, kind) in zip(uploads, contents, strict=True):
        upload.holder[upload.key] = await send(data, kind, upload.name)


class OutputFile(OutputModel):
    """A file an endpoint made, hosted by fal: :meth:`download` saves it.

    Only https URLs on fal's media hosts are fetched, unless the client that returned the
    output trusts more (``KlingImage(download_hosts=...)``, or ``FAL_KLING_IMAGE_DOWNLOAD_HOSTS``).
    """

    _downloads: Downloads | None = PrivateAttr(default=None)

    @property
    def _url(self) -> str:
        url: str = self._get(next(iter(self.__files__), "url"))
        return url

    def file_name_for_download(self) -> str:
        """The name the file is saved as: ``file_name`` when fal gives one, else the URL's
        last segment, made one safe path component either way."""
        given = getattr(self, "file_name", None)
        if isinstance(given, str) and safe_name(given, ""):
            return safe_name(given)
        return safe_name(urlsplit(self._url).path)

    def download(
        self, dest: str | os.PathLike[str] = ".", *, overwrite: bool = False
    ) -> Path:
        """Save the file and return its path.

        ``dest`` is a directory when it ends in ``/`` or is one (created if missing; the
        file keeps its name), else the file's path.  An existing file is kept unless
        ``overwrite``.  The body is checked against its length and ``file_size``, synced to
        disk and renamed into place; on any failure nothing is left.  Every failure is a
        :class:`KlingImageFileError`.
        """
        return self._downloader.download(
            self._url,
            dest,
            name=self.file_name_for_download(),
            size=self._size,
            overwrite=overwrite,
        )

    async def adownload(
        self, dest: str | os.PathLike[str] = ".", *, overwrite: bool = False
    ) -> Path:
        """:meth:`download` for asynchronous code."""
        return await self._downloader.adownload(
            self._url,
            dest,
            name=self.file_name_for_download(),
            size=self._size,
            overwrite=overwrite,
        )

    @property
    def _size(self) -> int | None:
        size = getattr(self, "file_size", None)
        return (
            size
            if isinstance(size, int) and not isinstance(size, bool) and size >= 0
            else None
        )

    @property
    def _downloader(self) -> Downloads:
        return self._downloads or _DEFAULT_DOWNLOADS


_DEFAULT_DOWNLOADS = Downloads()
"""For outputs no client returned (a parsed webhook, a model built by hand)."""


def hosted_files(output: Any) -> Iterator[OutputFile]:
    """Every :class:`OutputFile` in an output, in field order."""
    if isinstance(output, OutputFile):
        yield output
    elif isinstance(output, KlingImageModel):
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
