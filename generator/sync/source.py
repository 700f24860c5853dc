"""Reading a page: a local file or an http(s) URL, checked to be text before anyone parses it."""

from __future__ import annotations

import http.client
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..files import MIB, UnreadableFile, read_limited, size
from ..source_formats import DEFAULT_TIMEOUT
from .page import PageError

MAX_PAGE_BYTES = 32 * MIB
"""The largest page read, from a file or a URL; fal's largest source, endpoints.ts, is 2.5 MiB."""


@dataclass(frozen=True)
class Source:
    name: str
    text: str


def read_source(location: str, *, timeout: float = DEFAULT_TIMEOUT) -> Source:
    data = _fetch(location, timeout) if re.match(r"https?://", location) else _read(location)
    return Source(location, _text(location, data))


def _read(location: str) -> bytes:
    try:
        return read_limited(Path(location), MAX_PAGE_BYTES)
    except UnreadableFile as error:
        raise PageError(location, str(error)) from None


def _fetch(url: str, timeout: float) -> bytes:
    try:
        request = urllib.request.Request(url, headers={"User-Agent": f"falgen/{__version__}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: bytes = response.read(MAX_PAGE_BYTES + 1)
    except ValueError as error:  # urllib's word for a malformed URL
        raise PageError(url, f"is not a valid URL ({error})") from None
    except urllib.error.HTTPError as error:
        raise PageError(url, f"the server answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise PageError(url, f"no answer within {timeout:g} s (use --timeout to wait longer)") from None
        raise PageError(url, f"cannot be fetched: {reason}") from None
    except (TimeoutError, socket.timeout):
        raise PageError(url, f"no answer within {timeout:g} s (use --timeout to wait longer)") from None
    except (OSError, http.client.HTTPException) as error:
        raise PageError(url, f"cannot be fetched: {getattr(error, 'strerror', None) or error}") from None
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(url, f"is larger than {size(MAX_PAGE_BYTES)}, the most falgen reads from one page")
    return data


def _text(location: str, data: bytes) -> str:
    if b"\x00" in data:
        raise PageError(location, "is a binary file, not a text page")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PageError(location, f"is not UTF-8 text (byte {error.start}); is it a binary file?") from None
    if not text.strip():
        raise PageError(location, "is empty")
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html")) or "<html" in head:
        title = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
        shown = f" titled {title[1].strip()!r}" if title else ""
        raise PageError(location, f"is an HTML page{shown}, not a fal docs page (an error page from the server?)")
    return text
