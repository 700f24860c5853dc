"""``fal-kling-image batch``: the requests of a JSON Lines file, concurrently, resumably, never
paid for twice.

Each line is ``{"endpoint": ID, "arguments": {...}}``.  Under ``--out``:

- ``batch.json`` names the jobs file's content, so a rerun resumes only the same batch;
- ``requests.jsonl`` is the batch's record, synced to disk before anything is paid for:
  a line's *intent* (the payload about to be sent) before its submit, its request id as
  soon as fal assigns it, or that the submit provably never reached fal's queue;
- ``NNNN.json`` is line NNNN's output, and ``NNNN/`` its files; a rerun skips lines done;
- ``NNNN.error.txt`` says why line NNNN failed.  A rerun reports it again without sending
  anything (a request fal may have run is not paid for twice); delete the file to retry
  (a request already queued is then collected by its id, not sent again).

A rerun collects every recorded request by its id.  A line whose intent was recorded
without an id (the batch was killed, or the connection broke, between the submit and
fal's answer) may be queued at fal: it is looked up in fal's list of the endpoint's recent
requests (fal's Platform API) and collected when one matches its payload; otherwise it is
reported as *unknown* and not sent again until the user, having checked, names it with
``--resend``.  A line fails alone; a full or unwritable disk stops the batch with one
message, the ids recorded so far kept.

Before anything is sent, the batch says what it will cost: the estimate of every line
to submit, and what the lines recorded before (submitted, or maybe submitted) cost.
``--max-cost USD`` refuses to start a batch whose estimate passes it, or any of whose
lines to submit has no estimate; while it runs, a line is submitted only if the spend
recorded so far and its own estimate stay within it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import reduce
from pathlib import Path
from typing import Any

from ._endpoint import DEFAULT_POLL_INTERVAL, DEFAULT_START_TIMEOUT
from ._errors import (
    REQUESTS_PAGE,
    KlingImageConnectionError,
    KlingImageError,
    KlingImageTimeoutError,
    KlingImageUsageError,
)
from ._pricing import money
from ._registry import UnknownEndpointError

__all__ = ["run_batch"]

PLATFORM_API = "FAL_KLING_IMAGE_PLATFORM_API"
"""The variable naming fal's Platform API (default ``https://api.fal.ai/v1``)."""
_LOOKUP_PAGES = 20
_LOOKUP_SLACK = timedelta(minutes=5)
"""How far before a line's intent fal's request list is searched (clocks differ)."""


class BatchError(KlingImageUsageError):
    """The batch cannot start: exit 2 with this message."""


class _DiskError(Exception):
    """The record or a result cannot be written: the batch stops, exit 1."""


class _OverBudget(Exception):
    """The batch's estimate passes ``--max-cost``: nothing is submitted, exit 1."""


@dataclass
class _Budget:
    """What the batch has spent (or may have: a submit without an answer) and may spend."""

    limit: Decimal | None
    estimates: dict[int, Decimal | None]
    """Each line's estimate; None where none can be made."""
    spent: Decimal = Decimal(0)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def claim(self, line: int) -> str | None:
        """Count line ``line`` as spent before it is submitted; why it may not be, or None."""
        estimate = self.estimates.get(line)
        with self.lock:
            if self.limit is not None and estimate is None:
                return "it has no cost estimate, and --max-cost is set"
            after = self.spent + (estimate or Decimal(0))
            if self.limit is not None and after > self.limit:
                return (
                    f"it would take the spend to {money(after)}, past --max-cost "
                    f"{money(self.limit)}"
                )
            self.spent = after
            return None


@dataclass
class _Job:
    line: int
    endpoint_id: str
    arguments: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.line:04d}"


@dataclass
class _Line:
    """What the record says of one line: its request id, or an intent without one."""

    request_id: str | None = None
    intent: dict[str, Any] | None = None
    """The intent record of a submit whose outcome is unknown."""


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _write(path: Path, text: str) -> None:
    """Write whole or not at all: a crash leaves the old file or none."""
    part = path.with_name(f".{path.name}.part")
    try:
        with open(part, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, path)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise _DiskError(f"cannot write {path}: {error.strerror or error}") from None


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
    """``requests.jsonl``: every line's intent and request id, synced before it matters."""

    def __init__(self, out: Path) -> None:
        self.path = out / "requests.jsonl"
        self.lines: dict[int, _Line] = {}
        self._lock = threading.Lock()
        try:
            data = self.path.read_bytes() if self.path.exists() else b""
            torn = data.rfind(b"\n") + 1
            if torn < len(
                data
            ):  # a write a crash cut short: no record, so none is kept
                with open(self.path, "r+b") as handle:
                    handle.truncate(torn)
                    os.fsync(handle.fileno())
                data = data[:torn]
            for raw in data.decode("utf-8", errors="replace").splitlines():
                self._read(raw)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        except OSError as error:
            raise _DiskError(
                f"cannot write {self.path}: {error.strerror or error}"
            ) from None

    def _read(self, raw: str) -> None:
        try:
            entry = json.loads(raw)
            line = self.lines.setdefault(int(entry["line"]), _Line())
        except (ValueError, KeyError, TypeError):
            return  # not a record of this batch's: ignored
        if isinstance(entry.get("request_id"), str):
            line.request_id, line.intent = entry["request_id"], None
        elif "submitting" in entry:
            line.intent = entry
        elif entry.get("cleared"):
            line.intent = None

    def add(self, job: _Job, **fields: Any) -> None:
        """Append a record of ``job`` and sync it to disk; blocks, so call it off the loop."""
        entry = {"line": job.line, "endpoint": job.endpoint_id, **fields}
        text = json.dumps(entry, ensure_ascii=False) + "\n"
        data = text.encode("utf-8")
        with self._lock:
            size = os.fstat(self._fd).st_size
            try:
                written = 0
                while written < len(data):
                    written += os.write(self._fd, data[written:])
                os.fsync(self._fd)
            except OSError as error:
                try:  # leave no torn record behind: the file ends where it did
                    os.ftruncate(self._fd, size)
                except OSError:
                    pass
                raise _DiskError(
                    f"cannot write {self.path}: {error.strerror or error}"
                ) from None
            self._read(text)

    async def add_async(self, job: _Job, **fields: Any) -> None:
        await asyncio.to_thread(self.add, job, **fields)

    def close(self) -> None:
        try:
            os.close(self._fd)
        except OSError:
            pass


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
    except _DiskError as error:
        raise BatchError(str(error)) from None


def _clean(out: Path) -> None:
    """Remove the ``.part`` files a killed run left (results and downloads half-written)."""
    for part in [*out.glob(".*.part"), *out.glob("*/.*.part")]:
        try:
            part.unlink()
        except OSError:
            pass


def _failure(error: BaseException) -> str:
    kept = getattr(error, "output", None)
    detail = str(error) + (
        "\n\nraw output:\n" + json.dumps(kept, indent=2) if kept is not None else ""
    )
    return detail + "\n"


def _reached_no_queue(error: KlingImageError) -> bool:
    """Whether a failed submit provably left nothing queued at fal."""
    if isinstance(error, KlingImageTimeoutError):
        return False
    if isinstance(error, KlingImageConnectionError):
        return not error.maybe_queued
    return error.request_id is None


@dataclass
class _Batch:
    out: Path
    record: _Record
    kling_image: Any
    gate: asyncio.Semaphore
    poll_interval: float
    resend: set[int]
    found: dict[int, str] = field(default_factory=dict)
    """Request ids of unknown lines, matched in fal's request list."""
    budget: _Budget | None = None

    def endpoint(self, job: _Job) -> Any:
        from .registry import ENDPOINTS

        return reduce(
            getattr, ENDPOINTS[job.endpoint_id].call.split("."), self.kling_image
        )

    async def run(self, job: _Job) -> str:
        """Run one line; "done", "skipped", "failed" or "unknown"."""
        result, error_file = (
            self.out / f"{job.name}.json",
            self.out / f"{job.name}.error.txt",
        )
        if result.exists():
            return "skipped"
        if error_file.exists():
            _say(
                f"line {job.line}: failed before (see {error_file}); delete it to retry"
            )
            return "failed"
        async with self.gate:
            try:
                return await self._run(job, result)
            except _DiskError:
                raise
            except KlingImageError as error:
                message = _failure(error)
            except (
                Exception
            ) as error:  # a fault of fal-kling-image's own: the line fails alone
                message = f"unexpected {type(error).__name__}: {error}\n"
            await asyncio.to_thread(_write, error_file, message)
            _say(f"line {job.line}: failed: {message.splitlines()[0]}")
            return "failed"

    async def _run(self, job: _Job, result: Path) -> str:
        from ._files import hosted_files, paths_as_files

        endpoint = self.endpoint(job)
        state = self.record.lines.get(job.line, _Line())
        request_id = state.request_id or self.found.get(job.line)
        if (
            request_id is None
            and state.intent is not None
            and job.line not in self.resend
        ):
            _say(
                f"line {job.line}: unknown: its submit at {state.intent['submitting']} may "
                "have reached fal without an answer, so it is not sent again. Look for it "
                f"at {REQUESTS_PAGE}; if it is not there, send it with "
                f"--resend {job.line}"
            )
            return "unknown"
        if request_id is None and self.budget is not None:
            held = self.budget.claim(job.line)
            if held is not None:
                _say(f"line {job.line}: not submitted: {held}")
                return "held"
        if request_id is None:
            handle = await self._submit(
                job, endpoint, paths_as_files(job.arguments, endpoint.input_model)
            )
            _say(f"line {job.line}: queued as {handle.request_id}")
        else:
            if job.line in self.found:
                await self.record.add_async(
                    job, request_id=request_id, found_at_fal=True
                )
            handle = await endpoint.handle(request_id)
            _say(f"line {job.line}: collecting {request_id}")
        output = await handle.get(interval=self.poll_interval)
        files = self.out / job.name
        for file in hosted_files(output):
            await file.adownload(f"{files}{os.sep}", overwrite=True)
        dumped = output.model_dump(mode="json", by_alias=True, exclude_none=True)
        text = json.dumps(dumped, indent=2, ensure_ascii=False) + "\n"
        await asyncio.to_thread(_write, result, text)
        _say(f"line {job.line}: done → {result}")
        return "done"

    async def _submit(self, job: _Job, endpoint: Any, arguments: dict[str, Any]) -> Any:
        async def intend(payload: dict[str, Any]) -> None:
            await self.record.add_async(job, submitting=_now(), payload=payload)

        try:
            handle = await endpoint._submit(
                arguments,
                webhook_url=None,
                start_timeout=DEFAULT_START_TIMEOUT,
                priority=None,
                hint=None,
                headers=None,
                before=intend,
            )
        except KlingImageError as error:
            if job.line in self.record.lines and _reached_no_queue(error):
                await self.record.add_async(job, cleared=True)
            raise
        await self.record.add_async(job, request_id=handle.request_id)
        return handle


async def _find_at_fal(
    kling_image: Any, jobs: Iterable[_Job], record: _Record, resend: set[int]
) -> dict[int, str]:
    """Request ids for lines of unknown outcome, from fal's list of each endpoint's recent
    requests: the one whose input is the payload the line was about to send."""
    unknown = [
        (job, line.intent)
        for job in jobs
        if (line := record.lines.get(job.line)) is not None
        and line.request_id is None
        and line.intent is not None
        and job.line not in resend
    ]
    if not unknown:
        return {}
    known = {line.request_id for line in record.lines.values() if line.request_id}
    found: dict[int, str] = {}
    for endpoint_id in sorted({job.endpoint_id for job, _ in unknown}):
        lines = [
            (job, intent) for job, intent in unknown if job.endpoint_id == endpoint_id
        ]
        since = (
            min(_parsed(str(intent["submitting"])) for _, intent in lines)
            - _LOOKUP_SLACK
        )
        try:
            listed = await _listed(kling_image, endpoint_id, since)
        except KlingImageError as error:
            _say(f"cannot look up {endpoint_id}'s recent requests at fal: {error}")
            continue
        for job, intent in sorted(lines, key=lambda pair: str(pair[1]["submitting"])):
            for item in listed:
                rid = item.get("request_id")
                if (
                    isinstance(rid, str)
                    and rid not in known
                    and item.get("json_input") == intent.get("payload")
                ):
                    found[job.line] = rid
                    known.add(rid)
                    _say(f"line {job.line}: found at fal as {rid}")
                    break
    return found


def _parsed(stamp: str) -> datetime:
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return datetime.now(timezone.utc) - timedelta(days=1)


async def _listed(
    kling_image: Any, endpoint_id: str, since: datetime
) -> list[dict[str, Any]]:
    """fal's recent requests to ``endpoint_id`` (Platform API, requests by endpoint)."""
    queue = kling_image._queue()
    base = os.environ.get(PLATFORM_API, "https://api.fal.ai/v1").rstrip("/")
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(_LOOKUP_PAGES):
        params = {
            "endpoint_id": endpoint_id,
            "start": since.isoformat(),
            "limit": "100",
        }
        if cursor:
            params["cursor"] = cursor

        async def page(query: dict[str, str] = params) -> Any:
            response = await queue.http.get(
                f"{base}/models/requests/by-endpoint", params=query
            )
            response.raise_for_status()
            return response.json()

        data = await queue.call(endpoint_id, page, None)
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise KlingImageUsageError(
                f"fal's request list for {endpoint_id} is not what its API sends"
            )
        items += [item for item in data["items"] if isinstance(item, dict)]
        cursor = data.get("next_cursor") if data.get("has_more") else None
        if not cursor:
            break
    return items


def _budget(jobs: list[_Job], record: _Record, limit: Decimal | None) -> _Budget:
    """Each line's estimate, what the recorded lines cost, and the verdict on ``limit``:
    said before anything is sent; raises :class:`_OverBudget` where the batch cannot keep
    to it."""
    from ._errors import KlingImagePriceUnknownError, KlingImageValidationError
    from .registry import ENDPOINTS

    estimates: dict[int, Decimal | None] = {}
    for job in jobs:
        try:
            estimates[job.line] = ENDPOINTS[job.endpoint_id].estimate(job.arguments).usd
        except KlingImageValidationError:
            estimates[job.line] = Decimal(
                0
            )  # refused before it is sent: it costs nothing
        except KlingImagePriceUnknownError:
            estimates[job.line] = None

    def recorded(job: _Job) -> bool:
        state = record.lines.get(job.line)
        return state is not None and (
            state.request_id is not None or state.intent is not None
        )

    before = [job for job in jobs if recorded(job)]
    to_send = [job for job in jobs if not recorded(job)]
    spent = sum((estimates[job.line] or Decimal(0) for job in before), Decimal(0))
    cost = sum((estimates[job.line] or Decimal(0) for job in to_send), Decimal(0))
    unpriced = [job.line for job in to_send if estimates[job.line] is None]
    said = f"estimate: {money(cost)} for {len(to_send)} lines to submit"
    if before:
        said += f", {money(spent)} for {len(before)} submitted before"
    if unpriced:
        said += f"; {len(unpriced)} lines have no estimate (lines {_lines(unpriced)})"
    _say(said)
    if limit is not None and unpriced:
        raise _OverBudget(
            f"--max-cost {money(limit)} cannot be kept: lines {_lines(unpriced)} have no "
            "cost estimate; nothing was submitted"
        )
    if limit is not None and spent + cost > limit:
        raise _OverBudget(
            f"the batch's estimate, {money(spent + cost)}, passes --max-cost "
            f"{money(limit)}; nothing was submitted"
        )
    return _Budget(limit, estimates, spent)


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10]))
    return shown + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")


async def _run_all(
    jobs: list[_Job],
    out: Path,
    concurrency: int,
    poll_interval: float,
    resend: set[int],
    max_cost: Decimal | None = None,
) -> list[str]:
    from .client import AsyncKlingImage

    record = _Record(out)
    try:
        budget = _budget(jobs, record, max_cost)
        async with (
            AsyncKlingImage() as kling_image
        ):  # one client, one connection pool, for every line
            found = await _find_at_fal(kling_image, jobs, record, resend)
            batch = _Batch(
                out,
                record,
                kling_image,
                asyncio.Semaphore(concurrency),
                poll_interval,
                resend,
                found,
                budget,
            )
            tasks = [asyncio.ensure_future(batch.run(job)) for job in jobs]
            try:
                return list(await asyncio.gather(*tasks))
            except BaseException:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                raise
    finally:
        record.close()


def run_batch(
    jobs_file: Path,
    out: Path,
    *,
    concurrency: int = 4,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    resend: Iterable[int] = (),
    max_cost: Decimal | None = None,
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
    unknown_lines = set(resend) - {job.line for job in jobs}
    if unknown_lines:
        _say(f"error: --resend names lines that are not jobs: {sorted(unknown_lines)}")
        return 2
    _clean(out)
    for problem in problems:
        _say(problem)
    try:
        outcomes = asyncio.run(
            _run_all(jobs, out, concurrency, poll_interval, set(resend), max_cost)
        )
    except _OverBudget as error:
        _say(f"error: {error}")
        return 1
    except KeyboardInterrupt:
        _say(
            "interrupted: the requests queued so far are recorded in "
            f"{out / 'requests.jsonl'}; run the same command again to collect them"
        )
        return 130
    except _DiskError as error:
        _say(
            f"error: {error}; the batch stopped, and nothing more was submitted. The "
            "request ids recorded so far are kept: free some space and run the same "
            "command again to collect them"
        )
        return 1
    counts = {
        kind: outcomes.count(kind)
        for kind in ("done", "skipped", "failed", "unknown", "held")
    }
    total = len(jobs) + len(problems)
    unknown = f", {counts['unknown']} unknown" if counts["unknown"] else ""
    held = f", {counts['held']} held by --max-cost" if counts["held"] else ""
    _say(
        f"{total} lines: {counts['done'] + counts['skipped']} done ({counts['skipped']} "
        f"before this run), {counts['failed']} failed{unknown}{held}, {len(problems)} "
        f"unreadable; results in {out}"
    )
    return (
        1 if counts["failed"] or counts["unknown"] or counts["held"] or problems else 0
    )
