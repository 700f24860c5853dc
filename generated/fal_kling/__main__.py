"""``python -m fal_kling``: validate payloads and list endpoints from the shell.

python -m fal_kling validate ENDPOINT_ID FILE.json   # prints "ok" (exit 0) or every error (exit 1)
python -m fal_kling list                            # each endpoint id and its call path
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ._errors import KlingValidationError
from ._registry import UnknownEndpointError
from .registry import ENDPOINTS, endpoint

EXIT_INVALID = 1
EXIT_USAGE = 2


def _validate(endpoint_id: str, file: str) -> int:
    try:
        info = endpoint(endpoint_id)
    except UnknownEndpointError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        text = (
            sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        )
    except (OSError, UnicodeDecodeError) as error:
        print(
            f"error: cannot read {file}: {getattr(error, 'strerror', None) or error}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        print(
            f"error: {file} is not JSON: {error.msg} at line {error.lineno}, column {error.colno}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except RecursionError:
        print(f"error: {file}: JSON nested too deeply to read", file=sys.stderr)
        return EXIT_USAGE
    except (
        ValueError
    ):  # json.loads' only other complaint: an integer too long to convert
        print(
            f"error: {file}: a number in it has more than {sys.get_int_max_str_digits()} digits",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        info.validate(payload)
    except KlingValidationError as error:
        print(error)
        return EXIT_INVALID
    print("ok")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fal_kling",
        description="Check payloads for fal's Kling endpoints.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "validate", help="validate a JSON input payload for an endpoint"
    )
    check.add_argument("endpoint_id", help="e.g. fal-ai/kling-video/video-to-audio")
    check.add_argument("file", help="the JSON payload, or - for standard input")
    commands.add_parser(
        "list", help="list each endpoint id and where the client has it"
    )
    args = parser.parse_args(argv)
    if args.command == "list":
        width = max(map(len, ENDPOINTS))
        for info in ENDPOINTS.values():
            print(f"{info.endpoint_id:<{width}}  kling.{info.call}")
        return 0
    return _validate(args.endpoint_id, args.file)


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BrokenPipeError:
        # The reader stopped early (`list | head`): no traceback, and none at exit either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
