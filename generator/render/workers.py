"""Spreading independent, CPU-bound steps (rendering and formatting) over the machine's cores."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
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


def run_all(function: Callable[[T], R], tasks: Sequence[T], *, minimum: int = POOL_MINIMUM) -> list[R]:
    """``[function(t) for t in tasks]``, in worker processes when there are enough tasks and cores.

    ``function`` must be a module-level function and the tasks picklable.  Workers are
    forked where the platform allows, so they start with falgen already imported.  Fewer
    than ``minimum`` tasks run here: starting workers would cost more than it saves.
    """
    count = min(workers(), len(tasks))
    if count < 2 or len(tasks) < minimum:
        return [function(task) for task in tasks]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        return list(pool.map(function, tasks, chunksize=max(1, len(tasks) // (count * 8))))
