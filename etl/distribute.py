"""Where documents are processed: in this process, in a pool of local processes, or on a Dask
cluster. Whichever, results come back in input order, so every output byte is the same.

On Dask the client (the machine running the ETL) reads and checks the documents and sends their
text in chunks to the workers, which run the same per-document function: workers need the project
installed (same version), not the input files, and memory stays bounded by the chunks in flight.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

ENGINES = ("local", "dask")
CHUNK = 16  # documents per task: fewer round trips between processes
AHEAD = 4  # tasks queued per worker: the workers never wait for the slowest of a batch


@dataclass(frozen=True)
class Engine:
    """`local` with `jobs` processes (1: this process), or `dask` on the cluster at `scheduler`
    (None: a local cluster of `jobs` worker processes)."""

    name: str = "local"
    jobs: int = 1
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.name not in ENGINES:
            raise ValueError(f"unknown engine {self.name!r}: one of {', '.join(ENGINES)}")
        if self.jobs < 1:
            raise ValueError("jobs must be at least 1")


IN_PROCESS = Engine()  # one document after another, in this process


def batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Lists of `size` items (itertools.batched is Python 3.12+)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ordered_map(
    function: Callable[[list[Item]], list[Result]], items: Iterable[Item], engine: Engine
) -> Iterator[tuple[Item, Result]]:
    """Each item with `function`'s result for it, in input order. `function` takes a chunk of items
    and returns a result per item; it must be a module-level function of picklable values. At most
    workers × AHEAD chunks are in flight, so memory stays bounded however many items there are."""
    if engine.name == "local" and engine.jobs <= 1:
        for chunk in batched(items, CHUNK):
            yield from zip(chunk, function(chunk), strict=True)
        return
    with executor(engine) as (pool, workers):
        pending: deque[tuple[list[Item], Future[list[Result]]]] = deque()
        for chunk in batched(items, CHUNK):
            pending.append((chunk, pool.submit(function, chunk)))
            if len(pending) >= workers * AHEAD:
                done, future = pending.popleft()
                yield from zip(done, future.result(), strict=True)
        while pending:
            done, future = pending.popleft()
            yield from zip(done, future.result(), strict=True)


@contextmanager
def executor(engine: Engine) -> Iterator[tuple[Executor, int]]:
    """A concurrent.futures executor for the engine, and how many tasks it runs at once."""
    if engine.name == "local":
        with ProcessPoolExecutor(max_workers=engine.jobs) as pool:
            yield pool, engine.jobs
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise RuntimeError(
            "--engine dask needs Dask's distributed scheduler: pip install 'aerial-attack-stats[dask]'"
        ) from exc
    if engine.scheduler:
        try:
            client = Client(engine.scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise RuntimeError(f"cannot reach the Dask scheduler at {engine.scheduler}: {exc}") from exc
        with client:
            yield client.get_executor(pure=False), max(1, sum(client.nthreads().values()))
        return
    # a cluster on this machine: one single-threaded process per job, as the local pool has; its
    # status server on any free port (8787 may be another cluster's)
    with (
        LocalCluster(n_workers=engine.jobs, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        yield client.get_executor(pure=False), engine.jobs


def cores() -> int:
    """The cores this process may use (its CPU affinity where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
