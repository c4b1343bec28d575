"""Drawing chunks of the demo in worker processes, handed back in order.

Why: drawing a city's history is pure Python, held to one core by the GIL, while PostgreSQL takes
the rows in on the other. Worker processes (forked, so they start with everything the seeder has
loaded) draw chunks side by side; the seeding process receives them in chunk order and writes them.
A chunk's content may depend only on its index and its input, never on which process drew it or
when, so the result is the same with any number of workers (0: drawn in this process).

Workers never touch the database: they inherit the seeding process's connection (its socket), and
any use or close of it there would break the seeding transaction. `_detach` makes that impossible.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

In = TypeVar("In")
Out = TypeVar("Out")

#: Chunks handed out per worker ahead of the one awaited: enough to keep the workers busy while the
#: seeding process writes, few enough that memory stays at a handful of chunks.
AHEAD = 2

# The seeding process's connection, kept referenced in a worker: freeing it would close the socket
# (libpq says goodbye to the server), ending the seeding process's session.
_inherited: list[object] = []


def default_workers() -> int:
    """One core for the database, the others (at most two) for workers; none on a single core.

    On the 2-core machine one worker drew the five-year city's history fastest: with two, the
    workers, the seeding process and PostgreSQL fought over the cores and took a third more CPU.
    """
    cores = os.cpu_count() or 1
    return max(0, min(2, cores - 1))


def _refuse_database() -> None:
    raise RuntimeError("A worker process draws only: it does not use the database (demo/workers.py).")


def _detach() -> None:
    wrapper = connections[DEFAULT_DB_ALIAS]
    _inherited.append(wrapper.connection)
    wrapper.connection = None
    wrapper.connect = _refuse_database  # type: ignore[method-assign]
    # Everything inherited stays as it is: no collection walks it, and pages stay shared with the parent.
    gc.freeze()


class ChunkPool(Generic[In, Out]):
    """`draw(index, input)` for each input, handed back in input order, drawn by `workers` processes.

    With 0 workers each is drawn here, when it is asked for. `draw` must be a module-level function
    and everything it reads must be in place when the pool is entered: the workers are forked then,
    before any thread (such as the `BackgroundWriter`) starts. Inputs are read in this process, a few
    ahead of the results.
    """

    def __init__(self, draw: Callable[[int, In], Out], workers: int) -> None:
        self._draw = draw
        self.workers = max(0, workers)
        self._pool: Any = None

    def __enter__(self) -> ChunkPool[In, Out]:
        if self.workers:
            self._pool = multiprocessing.get_context("fork").Pool(self.workers, initializer=_detach)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def results(self, inputs: Iterable[In]) -> Iterator[Out]:
        if self._pool is None:
            for index, item in enumerate(inputs):
                yield self._draw(index, item)
            return
        pending: deque[Any] = deque()
        for index, item in enumerate(inputs):
            pending.append(self._pool.apply_async(self._draw, (index, item)))
            while len(pending) > self.workers * AHEAD:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
