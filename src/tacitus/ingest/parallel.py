"""extract_all: the pipeline over a corpus, in this process, in a local process pool, or on a
dask.distributed cluster.

Whatever runs the extraction, articles come back in input order, so storing them in that order
gives exactly the records a single-process run gives.  Workers only extract; the caller stores.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from tacitus.errors import InputError, TacitusError
from tacitus.records import Article, Event
from tacitus.settings import Settings

CHUNK = 8  # articles per task: amortises the round trip, small enough to keep every worker busy
AHEAD = 4  # tasks in flight per worker: workers never wait, and only this many results sit in memory
DASK_EXTRA = "--dask needs the dask extra: pip install 'tacitus[dask]'"

_PIPELINES: dict = {}  # one Pipeline per process and settings: models load once per worker


class ParallelError(TacitusError):
    """The workers could not run: the dask extra missing, an unreachable scheduler."""


class RunStopped(ParallelError):
    """The workers stopped part-way through the corpus: a worker died, the scheduler went away."""


def check_options(workers: int | None = 1, dask: str | None = None) -> None:
    """Refuse bad --workers / --dask values before anything is opened or read (None: not given)."""
    if dask is not None and workers not in (None, 1):
        raise InputError("--workers and --dask are exclusive: --workers N runs a pool on this machine, "
                         "--dask runs on a cluster; give one of them")
    if workers is not None and workers < 1:
        raise InputError(f"--workers must be 1 or more, got {workers}")
    if dask is None:
        return
    if dask.startswith("local:"):
        n = dask.removeprefix("local:")
        if not n.isdigit() or int(n) < 1:
            raise InputError(f"--dask local:N needs a number of workers of 1 or more, got {dask!r}")
    elif "://" not in dask and ":" not in dask:
        raise InputError(f"--dask takes a scheduler address such as tcp://10.0.0.5:8786 or local:N, got {dask!r}")


def prepare(settings: Settings, gazetteer_progress=None, dask: str | None = None) -> None:
    """Open (building it once if missing) the gazetteer index here, before workers on this machine
    would each wait for it; the models are left to whichever process extracts.  Workers of a remote
    cluster use their own machines' index."""
    if dask is None or dask.startswith("local:"):
        _ = _pipeline(settings, gazetteer_progress).gazetteer


def extract_all(articles: list[Article], settings: Settings, *, workers: int = 1, dask: str | None = None,
                progress: Callable[[], object] | None = None) -> Iterator[tuple[Article, list[Event]]]:
    """Every article with its events, in input order.  ``progress`` is called once per article."""
    check_options(workers, dask)
    if not articles:
        return
    if dask is not None:
        results = _on_dask(articles, _for_workers(settings), dask)
    elif workers > 1:
        results = _in_pool(articles, _for_workers(settings), workers)
    else:
        pipe = _pipeline(settings)
        pipe.warm()
        results = pipe.run(articles)
    for pair in results:
        yield pair
        if progress is not None:
            progress()


def _for_workers(settings: Settings) -> Settings:
    """Workers only extract: they get neither the database URL (it may carry a password) nor the
    API token, which would otherwise travel to every process and, on a cluster, over the network."""
    return replace(settings, db_url=Settings().db_url, api_token=None)


def _pipeline(settings: Settings, gazetteer_progress=None):
    from tacitus.pipeline import Pipeline

    pipe = _PIPELINES.get(settings)
    if pipe is None:
        pipe = _PIPELINES[settings] = Pipeline(settings, progress=gazetteer_progress)
    return pipe


def _extract_chunk(settings: Settings, chunk: list[Article]) -> list[list[Event]]:
    """What a worker runs: the events of each article of the chunk."""
    return [events for _, events in _pipeline(settings).run(chunk)]


def _chunks(articles: list[Article]) -> Iterator[list[Article]]:
    for i in range(0, len(articles), CHUNK):
        yield articles[i:i + CHUNK]


def _in_order(chunks: Iterable[list[Article]], submit, window: int) -> Iterator[tuple[Article, list[Event]]]:
    """Keep ``window`` chunks in flight; hand results back in the order the chunks were submitted."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window:
            done, future = pending.popleft()
            yield from zip(done, future.result(), strict=True)
    while pending:
        done, future = pending.popleft()
        yield from zip(done, future.result(), strict=True)


# --- a local process pool -------------------------------------------------------------------------

def _start_worker(settings: Settings, parent: int) -> None:
    import signal

    # Ctrl-C is the parent's to handle: it stops the pool; a worker stopped mid-chunk would
    # only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _pipeline(settings).warm()


def _exit_with_parent(parent: int) -> None:
    """A pool worker outlives a parent killed with SIGKILL (it waits on its queue for ever); leave."""
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _in_pool(articles, settings, workers):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    # spawn, not fork: a fork of a process that holds models, threads and database connections
    # is not safe; every worker loads its own Pipeline once.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(settings, os.getpid()))
    try:
        for pair in _in_order(_chunks(articles), lambda c: pool.submit(_extract_chunk, settings, c),
                              workers * AHEAD):
            yield pair
            done += 1
    except BrokenProcessPool:
        raise RunStopped(f"a worker process died (killed, or out of memory?) after {done} of "
                         f"{len(articles)} article(s)") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- dask.distributed ----------------------------------------------------------------------------

def _on_dask(articles, settings, dask):
    try:
        import distributed
    except ImportError:
        raise ParallelError(DASK_EXTRA) from None
    from concurrent.futures import CancelledError

    _quiet(distributed)
    client, cluster = _connect(distributed, dask)
    done = 0
    try:
        slots = max(sum(client.nthreads().values()), 2)  # a cluster may still be gaining workers
        submit = lambda c: client.submit(_extract_chunk, settings, c, pure=False)  # noqa: E731
        for pair in _in_order(_chunks(articles), submit, slots * AHEAD):
            yield pair
            done += 1
    except distributed.KilledWorker as exc:
        raise RunStopped(f"dask workers died running a chunk of articles (after {done} of {len(articles)}): "
                         f"{str(exc).splitlines()[0]}") from None
    except (CancelledError, distributed.comm.CommClosedError) as exc:
        raise RunStopped(f"lost the dask scheduler at {_where(dask, cluster)} after {done} of "
                         f"{len(articles)} article(s) ({exc.__class__.__name__})") from None
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _connect(distributed, dask: str):
    if dask.startswith("local:"):
        with _sigint_ignored():
            cluster = distributed.LocalCluster(
                n_workers=int(dask.removeprefix("local:")), threads_per_worker=1, processes=True,
                host="127.0.0.1", dashboard_address=None, worker_dashboard_address=None, silence_logs=logging.CRITICAL)
        return distributed.Client(cluster), cluster
    try:
        # The connect timeout is dask's own setting (distributed.comm.timeouts.connect, 30 s).
        return distributed.Client(dask), None
    except (ValueError, TypeError) as exc:
        raise InputError(f"--dask {dask!r} is not a scheduler address ({_one_line(exc)}); give one such as "
                         "tcp://10.0.0.5:8786, or local:N") from None
    except OSError as exc:
        raise ParallelError(f"cannot reach the dask scheduler at {dask}: {_one_line(exc)}; check the address and that "
                            "`dask scheduler` runs there (or use --dask local:N)") from None


def _quiet(distributed) -> None:
    """The cluster's chatter (connections, workers joining, tracebacks of its retries) is not the
    user's news: what went wrong comes back as one error line from here.  dask's logging config
    sets some of its loggers' levels one by one, hence the loop."""
    names = [n for n in logging.root.manager.loggerDict if n == "distributed" or n.startswith("distributed.")]
    for name in names:
        logging.getLogger(name).setLevel(logging.CRITICAL)


@contextlib.contextmanager
def _sigint_ignored():
    """Worker processes started meanwhile inherit the ignored Ctrl-C: it is the parent's to handle
    (it closes the cluster), where each worker would print a traceback of its own."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__


def _where(dask: str, cluster) -> str:
    return cluster.scheduler_address if cluster is not None else dask
