"""What the command line reads: endpoint ids, ``key=value`` arguments converted per
field, JSON files, the download directory and line numbers.  A mistake in any of them
is a :class:`UsageError`, exit 2, before anything is sent."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ._errors import KlingUsageError
from ._registry import EndpointInfo, UnknownEndpointError

__all__ = [
    "UsageError",
    "download_dir",
    "endpoint",
    "lines",
    "payload",
    "read_json",
    "usd",
]


class UsageError(KlingUsageError):
    """A mistake in the command line: exit 2 with its message."""


def endpoint(endpoint_id: str) -> EndpointInfo:
    """The registry entry for an id given on the command line."""
    from .registry import ENDPOINTS

    try:
        return ENDPOINTS[endpoint_id]
    except UnknownEndpointError as error:
        raise UsageError(str(error)) from None


def read_json(file: str) -> Any:
    """A JSON file, or standard input for ``-``."""
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(
            f"cannot read {file}: {getattr(error, 'strerror', None) or error}"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{file} is not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise UsageError(f"{file}: JSON nested too deeply to read") from None
    except (
        ValueError
    ):  # json.loads' only other complaint: an integer too long to convert
        raise UsageError(
            f"{file}: a number in it has more than {sys.get_int_max_str_digits()} digits"
        ) from None


def _kinds(schema: dict[str, Any]) -> dict[str, set[str]]:
    """Each input field's JSON types, by fal name."""
    kinds: dict[str, set[str]] = {}
    for name, field in schema.get("properties", {}).items():
        options = field.get("anyOf", [field])
        kinds[name] = {
            "object" if "$ref" in option else str(option.get("type"))
            for option in options
        } - {"null"}
    return kinds


def _value(key: str, text: str, kinds: set[str]) -> Any:
    """``text`` as the field ``key`` takes it."""
    if kinds & {"array", "object"}:
        try:
            return json.loads(text)
        except ValueError:
            raise UsageError(
                f"{key}={text}: {key} takes a list or an object, written as JSON "
                f'(for example {key}=\'["a", "b"]\')'
            ) from None
    if "boolean" in kinds:
        word = text.strip().lower()
        if word in {"true", "1", "yes"}:
            return True
        if word in {"false", "0", "no"}:
            return False
    if kinds & {"integer", "number"}:
        try:
            number = json.loads(text)
        except ValueError:
            return text  # validation names the field and what it takes
        return number if isinstance(number, (int, float)) else text
    return text


def payload(
    info: EndpointInfo, pairs: Sequence[str], input_file: str | None
) -> dict[str, Any]:
    """The arguments: ``--input``'s object, then each ``key=value`` as its field takes it."""
    arguments: dict[str, Any] = {}
    if input_file is not None:
        loaded = read_json(input_file)
        if not isinstance(loaded, dict):
            raise UsageError(f"{input_file} must hold a JSON object of arguments")
        arguments.update(loaded)
    kinds = _kinds(info.input_schema)
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"{pair!r} is not key=value (for example prompt='a fox')")
        arguments[key] = _value(key, text, kinds.get(key, {"string"}))
    return arguments


def download_dir(directory: str | None) -> Path | None:
    """The ``--download`` directory, made and checked writable before anything is paid for."""
    if directory is None:
        return None
    path = Path(directory)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"--download {directory}: {error.strerror or error}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"--download {directory}: the directory cannot be written")
    return path


def lines(text: str) -> list[int]:
    """``--resend 3,7``: line numbers."""
    try:
        lines = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of line numbers (e.g. 3,7)"
        ) from None
    if not lines or min(lines) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of line numbers")
    return lines


def usd(text: str) -> Decimal:
    """``--max-cost 25``: a positive amount of US dollars."""
    try:
        value = Decimal(text.strip().removeprefix("$"))
    except ArithmeticError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an amount of US dollars"
        ) from None
    if not value.is_finite() or value <= 0:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give a positive amount of US dollars"
        )
    return value
