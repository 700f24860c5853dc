"""``fal-kling`` (and ``python -m fal_kling``): run fal's Kling endpoints from the shell.

    fal-kling run ENDPOINT_ID key=value ... [--input FILE.json] [--download DIR]
    fal-kling submit ENDPOINT_ID key=value ...       # prints the request id
    fal-kling estimate ENDPOINT_ID key=value ...     # what it would cost; nothing is sent
    fal-kling status|result|cancel ENDPOINT_ID REQUEST_ID
    fal-kling batch JOBS.jsonl --out DIR [--concurrency N] [--resend LINES] [--max-cost USD]
    fal-kling validate ENDPOINT_ID FILE.json
    fal-kling schema ENDPOINT_ID [--output]
    fal-kling list

Values are converted per field: ``duration=10`` is the string ``"10"`` where fal takes a
string, numbers and booleans are read as such, lists and objects as JSON.  A local path
in a URL field is uploaded.  Arguments are validated before anything is sent, and
``run`` and ``submit`` say what the call will cost first.  Progress goes to standard
error, the result (JSON) to standard output.

Exit codes: 0 done, 1 invalid input or a failed job (fal-kling's errors: a rejected
input, an HTTP error, a broken connection, a timeout, a file that cannot be read or
saved), 2 a usage error (unknown endpoint, bad arguments, no credentials), 130
interrupted.  Every failure is one message on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from functools import reduce
from pathlib import Path
from typing import Any, NoReturn

from ._endpoint import DEFAULT_POLL_INTERVAL, DEFAULT_START_TIMEOUT
from ._errors import (
    KlingCredentialsError,
    KlingError,
    KlingOutputError,
    KlingPriceUnknownError,
    KlingUsageError,
    KlingValidationError,
)
from . import _cli_input as read
from ._files import paths_as_files
from ._pricing import PRICING_PAGE, price_words
from ._registry import EndpointInfo, UnknownEndpointError

__all__ = ["main"]

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _client_endpoint(info: EndpointInfo) -> Any:
    from .client import Kling

    return reduce(getattr, info.call.split("."), Kling())


class Progress:
    """Queue position, progress and new log lines, on standard error."""

    def __init__(self) -> None:
        self.logs_shown = 0
        self.last = ""

    def __call__(self, status: Any) -> None:
        name = type(status).__name__
        if name == "Queued":
            line = f"queued (position {status.position})"
        elif name == "InProgress":
            line = "running"
        else:
            line = "completed"
        if line != self.last:
            _say(line)
            self.last = line
        logs = getattr(status, "logs", None) or []
        for entry in logs[self.logs_shown :]:
            _say(
                f"  {entry.get('message', entry) if isinstance(entry, dict) else entry}"
            )
        self.logs_shown = max(self.logs_shown, len(logs))


def _print_output(output: Any) -> None:
    print(
        json.dumps(
            output.model_dump(mode="json", by_alias=True, exclude_none=True),
            indent=2,
            ensure_ascii=False,
        )
    )


def _save_files(output: Any, directory: Path | None) -> None:
    from ._files import hosted_files

    if directory is None:
        return
    for file in hosted_files(output):
        _say(f"saved {file.download(directory)}")


def _run(args: argparse.Namespace, *, queue_only: bool) -> int:
    info = read.endpoint(args.endpoint_id)
    payload = read.payload(info, args.pairs, args.input)
    directory = None if queue_only else read.download_dir(args.download)
    arguments = paths_as_files(payload, info.input_model)
    endpoint = _client_endpoint(info)
    _say(f"cost: {_cost(endpoint, arguments)}")
    if queue_only:
        handle = endpoint._submit(
            arguments,
            webhook_url=args.webhook_url,
            start_timeout=args.start_timeout,
            priority=None,
            hint=None,
            headers=None,
        )
        print(handle.request_id)
        return 0
    progress = Progress()
    queued: list[str] = []

    def enqueued(request_id: str) -> None:
        queued.append(request_id)
        _say(f"request {request_id}")

    try:
        output = endpoint._subscribe(
            arguments,
            with_logs=True,
            on_queue_update=progress,
            on_enqueue=enqueued,
            client_timeout=args.timeout,
            start_timeout=args.start_timeout,
            priority=None,
            hint=None,
            headers=None,
            poll_interval=args.poll_interval,
        )
    except KeyboardInterrupt:
        if queued:
            _say(
                f"request {queued[0]} is still queued or running; its result: "
                f"fal-kling result {info.endpoint_id} {queued[0]}"
            )
        raise
    _print_output(output)
    _save_files(output, directory)
    return 0


def _cost(endpoint: Any, arguments: dict[str, Any]) -> str:
    """The call's estimate in words, or why there is none; validates the arguments."""
    try:
        return str(endpoint._estimate(arguments))
    except KlingPriceUnknownError:
        return f"price unknown (no source states it; see {PRICING_PAGE})"


def _estimate(args: argparse.Namespace) -> int:
    info = read.endpoint(args.endpoint_id)
    payload = read.payload(info, args.pairs, args.input)
    arguments = paths_as_files(payload, info.input_model)
    print(_client_endpoint(info)._estimate(arguments))
    return 0


def _by_id(args: argparse.Namespace) -> int:
    info = read.endpoint(args.endpoint_id)
    handle = _client_endpoint(info).handle(args.request_id)
    if args.command == "cancel":
        handle.cancel()
        _say(f"cancellation requested for {args.request_id}")
    elif args.command == "status":
        status = handle.status(with_logs=args.logs)
        Progress()(status)
        print(type(status).__name__)
    else:
        directory = read.download_dir(args.download)
        output = handle.get(interval=args.poll_interval)
        _print_output(output)
        _save_files(output, directory)
    return 0


def _validate(args: argparse.Namespace) -> int:
    info = read.endpoint(args.endpoint_id)
    try:
        info.validate(read.read_json(args.file))
    except KlingValidationError as error:
        print(error)  # the answer to the command, as "ok" is
        return EXIT_FAILED
    print("ok")
    return 0


def _schema(args: argparse.Namespace) -> int:
    info = read.endpoint(args.endpoint_id)
    schema = info.output_schema if args.output else info.input_schema
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def _list(args: argparse.Namespace) -> int:
    from .registry import ENDPOINTS

    width = max(map(len, ENDPOINTS))
    calls = max(len(f"kling.{info.call}") for info in ENDPOINTS.values())
    for info in ENDPOINTS.values():
        call = f"kling.{info.call}"
        print(
            f"{info.endpoint_id:<{width}}  {call:<{calls}}  {price_words(info.pricing)}"
        )
    return 0


def _batch(args: argparse.Namespace) -> int:
    from ._batch import run_batch

    return run_batch(
        Path(args.jobs),
        Path(args.out),
        concurrency=args.concurrency,
        poll_interval=args.poll_interval,
        resend=args.resend,
        max_cost=args.max_cost,
    )


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        _say(f"{self.prog}: error: {message}")
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    from . import __version__
    from .registry import DESCRIPTION, ENDPOINTS

    parser = _Parser(
        prog="fal-kling",
        description=f"Run {DESCRIPTION}: validated, typed, resumable.",
    )
    parser.add_argument(
        "--version", action="version", version=f"fal-kling {__version__}"
    )
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser
    )

    def arguments(name: str, help: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help)
        command.add_argument("endpoint_id", help=f"e.g. {next(iter(ENDPOINTS))}")
        command.add_argument(
            "pairs",
            nargs="*",
            metavar="key=value",
            help="an argument, by fal's field name",
        )
        command.add_argument(
            "--input",
            metavar="FILE.json",
            help="arguments as a JSON object (key=value pairs override)",
        )
        return command

    def calling(name: str, help: str) -> argparse.ArgumentParser:
        command = arguments(name, help)
        command.add_argument(
            "--start-timeout",
            type=float,
            default=DEFAULT_START_TIMEOUT,
            metavar="SECONDS",
            help="how long the request may wait in fal's queue (default %(default)g)",
        )
        return command

    run = calling("run", "run a request and wait for its result")
    run.add_argument("--download", metavar="DIR", help="save the output files here")
    run.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="give up (and cancel) after this long",
    )
    run.add_argument(
        "--poll-interval", type=float, default=DEFAULT_POLL_INTERVAL, metavar="SECONDS"
    )
    arguments("estimate", "say what a request would cost; nothing is sent")
    submit = calling("submit", "queue a request and print its id")
    submit.add_argument("--webhook-url", help="where fal POSTs the result")
    for name, help in (
        ("status", "show a request's status"),
        ("result", "wait for a request's result"),
        ("cancel", "cancel a queued request"),
    ):
        command = commands.add_parser(name, help=help)
        command.add_argument("endpoint_id")
        command.add_argument("request_id")
        if name == "status":
            command.add_argument(
                "--logs", action="store_true", help="show the logs so far"
            )
        if name == "result":
            command.add_argument(
                "--download", metavar="DIR", help="save the output files here"
            )
            command.add_argument(
                "--poll-interval",
                type=float,
                default=DEFAULT_POLL_INTERVAL,
                metavar="SECONDS",
            )
    batch = commands.add_parser(
        "batch", help="run the requests of a JSON Lines file, resumably"
    )
    batch.add_argument(
        "jobs",
        metavar="JOBS.jsonl",
        help='one request per line: {"endpoint": ID, "arguments": {...}}',
    )
    batch.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="where results, files and the resume record go",
    )
    batch.add_argument("--concurrency", type=int, default=4, metavar="N")
    batch.add_argument(
        "--resend",
        type=read.lines,
        default=[],
        metavar="LINES",
        help="send these lines (e.g. 3,7) again although their earlier submit may have "
        "reached fal: only after checking they are not among your requests at fal",
    )
    batch.add_argument(
        "--poll-interval", type=float, default=DEFAULT_POLL_INTERVAL, metavar="SECONDS"
    )
    batch.add_argument(
        "--max-cost",
        type=read.usd,
        metavar="USD",
        help="refuse to start if the batch's estimate passes this many US dollars, and "
        "submit no line that would take the spend past it",
    )
    validate = commands.add_parser(
        "validate", help="check a JSON payload without sending it"
    )
    validate.add_argument("endpoint_id")
    validate.add_argument("file", help="the JSON payload, or - for standard input")
    schema = commands.add_parser("schema", help="print an endpoint's input JSON Schema")
    schema.add_argument("endpoint_id")
    schema.add_argument(
        "--output", action="store_true", help="the output's schema instead"
    )
    commands.add_parser(
        "list", help="list each endpoint id, where the client has it, and its price"
    )
    return parser


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "run": lambda args: _run(args, queue_only=False),
    "submit": lambda args: _run(args, queue_only=True),
    "estimate": _estimate,
    "status": _by_id,
    "result": _by_id,
    "cancel": _by_id,
    "batch": _batch,
    "validate": _validate,
    "schema": _schema,
    "list": _list,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    # key=value pairs may come after options too (`run ID --input a.json duration=10`).
    args, rest = parser.parse_known_args(argv)
    stray = [
        item for item in rest if item.startswith("-") or not hasattr(args, "pairs")
    ]
    if stray:
        parser.error(f"unrecognized arguments: {' '.join(stray)}")
    if rest:
        args.pairs = [*args.pairs, *rest]
    try:
        return _COMMANDS[args.command](args)
    except KlingOutputError as error:
        _say(f"error: {error}")
        print(
            json.dumps(error.output, indent=2, ensure_ascii=False)
        )  # what was paid for
        return EXIT_FAILED
    except (KlingUsageError, UnknownEndpointError, KlingCredentialsError) as error:
        _say(f"error: {error}")
        return EXIT_USAGE
    except KlingError as error:
        _say(f"error: {error}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except OSError as error:  # standard output or error cannot be written: a full disk
        where = f"{error.filename}: " if error.filename else ""
        _say(f"error: {where}{error.strerror or error}")
        return EXIT_FAILED


def run() -> None:
    """The console script: :func:`main`, and a quiet exit when the reader stops early."""
    try:
        raise SystemExit(main())
    except BrokenPipeError:
        # `fal-kling list | head`: no traceback, and none at exit either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(EXIT_FAILED) from None
