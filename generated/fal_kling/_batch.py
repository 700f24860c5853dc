"""``fal-kling batch``: the requests of a JSON Lines file, concurrently, resumably.

Each line is ``{"endpoint": ID, "arguments": {...}}``.  Under ``--out``:

- ``batch.json`` names the jobs file's content, so a rerun resumes only the same batch;
- ``requests.jsonl`` records each request id the moment fal assigns it (flushed and
  synced), so a rerun after Ctrl-C or a crash collects in-flight requests instead of
  paying for them again;
- ``NNNN.json`` is line NNNN's output, and ``NNNN/`` its files; a rerun skips lines done;
- ``NNNN.error.txt`` says why line NNNN failed.  A rerun reports it again without sending
  anything (a request fal may have run is not paid for twice); delete the file to retry.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._endpoint import DEFAULT_POLL_INTERVAL, DEFAULT_START_TIMEOUT
from ._errors import (
    KlingFileError,
    KlingHTTPError,
    KlingOutputError,
    KlingTimeoutError,
    KlingValidationError,
)
from ._registry import UnknownEndpointError

__all__ = ["run_batch"]

_FAILURES = (
    KlingFileError,
    KlingHTTPError,
    KlingOutputError,
    KlingTimeoutError,
    KlingValidationError,
)


class BatchError(Exception):
    """The batch cannot start: exit 2 with this message."""


@dataclass
class _Job:
    line: int
    endpoint_id: str
    arguments: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.line:04d}"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _write(path: Path, text: str) -> None:
    """Write whole or not at all: a crash leaves the old file or none."""
    part = path.with_name(f".{path.name}.part")
    part.write_text(text, encoding="utf-8")
    os.replace(part, path)


def _read_jobs(path: Path) -> tuple[list[_Job], list[str], bytes]:
    """The jobs, the problems of lines that are not jobs, and the file's bytes."""
    from .registry import ENDPOINTS

    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BatchError(
            f"cannot read {path}: {getattr(error, 'strerror', None) or error}"
        ) from None
    jobs, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError) as error:
            problems.append(f"{where}: not a JSON object: {error}")
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("endpoint"), str):
            problems.append(
                f"{where}: expected an object with an endpoint id and arguments, "
                + '"endpoint": "fal-ai/…", "arguments": {…}'
            )
            continue
        arguments = entry.get("arguments", {})
        if not isinstance(arguments, dict):
            problems.append(f"{where}: arguments must be a JSON object")
            continue
        try:
            ENDPOINTS[entry["endpoint"]]
        except UnknownEndpointError as error:
            problems.append(f"{where}: {error}")
            continue
        jobs.append(_Job(number, entry["endpoint"], arguments))
    return jobs, problems, data


class _Record:
    """``requests.jsonl``: the request id of each line, kept as soon as it is known."""

    def __init__(self, out: Path) -> None:
        self.path = out / "requests.jsonl"
        self.ids: dict[int, str] = {}
        if self.path.exists():
            for line in self.path.read_text("utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self.ids[int(entry["line"])] = str(entry["request_id"])
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a crash: its request was not recorded
        self._file = self.path.open("a", encoding="utf-8")

    def add(self, job: _Job, request_id: str) -> None:
        self.ids[job.line] = request_id
        entry = {
            "line": job.line,
            "endpoint": job.endpoint_id,
            "request_id": request_id,
        }
        self._file.write(json.dumps(entry) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()


def _claim(out: Path, jobs_file: Path, data: bytes) -> None:
    """Make ``out`` this batch's, or check that it already is."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BatchError(f"--out {out}: {error.strerror or error}") from None
    marker = out / "batch.json"
    if marker.exists():
        try:
            recorded = json.loads(marker.read_text("utf-8")).get("jobs_sha256")
        except (OSError, ValueError, AttributeError):
            recorded = None
        if recorded != digest:
            raise BatchError(
                f"{out} holds another batch's results (its jobs file differed from "
                f"{jobs_file}); use another --out directory"
            )
        return
    try:
        _write(
            marker, json.dumps({"jobs": str(jobs_file), "jobs_sha256": digest}) + "\n"
        )
    except OSError as error:
        raise BatchError(f"--out {out}: {error.strerror or error}") from None


async def _run_job(
    job: _Job,
    out: Path,
    record: _Record,
    gate: asyncio.Semaphore,
    poll_interval: float,
) -> str:
    """Run one line; returns "done", "skipped" or "failed"."""
    from ._cli import _client_endpoint, _with_local_paths
    from ._files import hosted_files
    from .registry import ENDPOINTS

    result, error_file = out / f"{job.name}.json", out / f"{job.name}.error.txt"
    if result.exists():
        return "skipped"
    if error_file.exists():
        _say(f"line {job.line}: failed before (see {error_file}); delete it to retry")
        return "failed"
    info = ENDPOINTS[job.endpoint_id]
    async with gate:
        try:
            endpoint = _client_endpoint(info, is_async=True)
            request_id = record.ids.get(job.line)
            if request_id is None:
                handle = await endpoint._submit(
                    _with_local_paths(job.arguments, info),
                    webhook_url=None,
                    start_timeout=DEFAULT_START_TIMEOUT,
                    priority=None,
                    hint=None,
                    headers=None,
                )
                record.add(job, handle.request_id)
                _say(f"line {job.line}: queued as {handle.request_id}")
            else:
                handle = await endpoint.handle(request_id)
                _say(f"line {job.line}: collecting {request_id}")
            output = await handle.get(interval=poll_interval)
            files = out / job.name
            for file in hosted_files(output):
                files.mkdir(exist_ok=True)
                await file.adownload(files)
            dumped = output.model_dump(mode="json", by_alias=True, exclude_none=True)
            _write(result, json.dumps(dumped, indent=2, ensure_ascii=False) + "\n")
        except _FAILURES as error:
            kept = getattr(error, "output", None)
            detail = str(error) + (
                "\n\nraw output:\n" + json.dumps(kept, indent=2)
                if kept is not None
                else ""
            )
            _write(error_file, detail + "\n")
            _say(f"line {job.line}: failed: {str(error).splitlines()[0]}")
            return "failed"
    _say(f"line {job.line}: done → {result}")
    return "done"


async def _run_all(
    jobs: list[_Job], out: Path, concurrency: int, poll_interval: float
) -> list[str]:
    record = _Record(out)
    gate = asyncio.Semaphore(concurrency)
    try:
        return list(
            await asyncio.gather(
                *(_run_job(job, out, record, gate, poll_interval) for job in jobs)
            )
        )
    finally:
        record.close()


def run_batch(
    jobs_file: Path,
    out: Path,
    *,
    concurrency: int = 4,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> int:
    """Run a batch; returns the exit code: 0 when every line is done, 1 otherwise."""
    if concurrency < 1:
        _say("error: --concurrency must be at least 1")
        return 2
    try:
        jobs, problems, data = _read_jobs(jobs_file)
        _claim(out, jobs_file, data)
    except BatchError as error:
        _say(f"error: {error}")
        return 2
    for problem in problems:
        _say(problem)
    try:
        outcomes = asyncio.run(_run_all(jobs, out, concurrency, poll_interval))
    except KeyboardInterrupt:
        _say(
            "interrupted: the requests queued so far are recorded in "
            f"{out / 'requests.jsonl'}; run the same command again to collect them"
        )
        return 130
    done, skipped, failed = (
        outcomes.count(kind) for kind in ("done", "skipped", "failed")
    )
    total = len(jobs) + len(problems)
    _say(
        f"{total} lines: {done + skipped} done ({skipped} before this run), "
        f"{failed} failed, {len(problems)} unreadable; results in {out}"
    )
    return 1 if failed or problems else 0
