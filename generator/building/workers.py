"""Spreading independent, CPU-bound steps (rendering and formatting) over the machine's cores."""

from __future__ import annotations

import ctypes
import importlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

POOL_MINIMUM = 16
"""How many small tasks it takes for workers to pay."""


def workers() -> int:
    """How many processes to use: the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


_pool: ProcessPoolExecutor | None = None


_PR_SET_PDEATHSIG = 1
"""Linux's prctl option that signals a process when its parent dies."""


def _in_worker(parent: int) -> None:
    """Make a fresh worker safe to leave behind: it dies with ``parent``, leaves Ctrl-C to
    the parent (which reports it once, without a traceback per worker), and, holding a
    copy of this module, sends no tasks to the pool it is in."""
    global _pool
    _pool = None
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux: the pool's own checks remain
        pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _warm(modules: Sequence[str]) -> None:
    """Import what the tasks will need, so the first real task starts at once."""
    for module in modules:
        importlib.import_module(module)


@contextmanager
def warm_workers(modules: Sequence[str] = ("black",)) -> Iterator[None]:
    """Start the workers now, importing ``modules`` (black, the renderers) while this
    process goes on (loading the specs); :func:`run_all` sends them its tasks until the
    block ends."""
    global _pool
    count = workers()
    if count < 2 or _pool is not None:
        yield
        return
    _pool = _executor(count)
    try:
        for _ in range(count):
            _pool.submit(_warm, modules)
        yield
    finally:
        pool, _pool = _pool, None
        pool.shutdown(cancel_futures=True)


def _executor(count: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=count, mp_context=_context(), initializer=_in_worker, initargs=(os.getpid(),)
    )


def _context() -> multiprocessing.context.BaseContext:
    return multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)


def run_all(function: Callable[[T], R], tasks: Sequence[T], *, minimum: int = POOL_MINIMUM) -> list[R]:
    """``[function(t) for t in tasks]``, in worker processes when there are enough tasks and
    cores, or workers already started (:func:`warm_workers`).

    ``function`` must be a module-level function and the tasks picklable.  Workers are
    forked where the platform allows, so they start with falgen already imported.  Without
    started workers, fewer than ``minimum`` tasks run here: starting them would cost more
    than it saves.
    """
    if not tasks:
        return []
    if _pool is not None:
        return list(_pool.map(function, tasks, chunksize=max(1, len(tasks) // (workers() * 8))))
    count = min(workers(), len(tasks))
    if count < 2 or len(tasks) < minimum:
        return [function(task) for task in tasks]
    with _executor(count) as pool:
        return list(pool.map(function, tasks, chunksize=max(1, len(tasks) // (count * 8))))
