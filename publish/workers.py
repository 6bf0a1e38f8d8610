"""Run independent jobs (one per PDF) on every core, in as few processes as that takes.

Typesetting is CPU-bound and WeasyPrint's import alone costs most of a second, so a
build imports it once in this process and then forks one worker per core: the
workers inherit the loaded modules instead of importing them again, and each keeps
its own font configuration for every PDF it writes. With a single job, or a single
core, everything runs here without a pool.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from publish.errors import STOP_SIGNALS, PublishError

# The main thread never sleeps longer than this. A stop signal goes to any thread that does not
# block it, such as one a C library started (Pango's); the main thread, asleep on a lock, runs
# the handler only when woken, and nothing else may wake it.
STOP_CHECK_SECONDS = 0.25


@dataclass(frozen=True)
class Job:
    """One unit of work: ``run()`` writes ``label``; ``cost`` only orders the queue."""

    label: str
    run: Callable[[], Any]
    cost: float = 1.0


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, so ``taskset`` and cpusets count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


def worker_count(jobs: int, requested: int | None = None) -> int:
    """How many processes to use: never more than the jobs, nor (by default) the cores."""
    if jobs <= 0:
        return 0
    limit = requested if requested and requested > 0 else available_cores()
    return max(1, min(jobs, limit))


def _fork_context() -> multiprocessing.context.BaseContext | None:
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _worker_started(parent: int) -> None:
    # Ctrl-C reaches the whole process group: let the parent alone decide what
    # to do, and turn SIGTERM and SIGHUP into an exception, so that a worker
    # stopped mid-PDF still removes its temporary file on the way out.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)
    # Forked with these signals blocked (see run_jobs): one that came meanwhile
    # is delivered now, to the handlers above.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request took effect
        raise SystemExit(1)


_running_job = False


def _stop(signum: int, frame: object) -> None:
    if not _running_job:
        # Idle, between jobs: nothing to clean up. Unwinding through the pool's queue
        # code instead could leave the process waiting on a pipe nobody will write to.
        os._exit(128 + signum)
    # The first stop unwinds the job; another must not cut its clean-up short.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    raise SystemExit(128 + signum)


def _stop_workers(executor: ProcessPoolExecutor) -> None:
    """SIGTERM every worker: each removes its temporary file and exits."""
    # The pool has no public way to stop its running work (before Python 3.14).
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM when the parent dies, so no worker outlives a killed build."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def _call(run: Callable[[], Any]) -> Any:
    global _running_job
    _running_job = True
    try:
        return run()
    except SystemExit as stop:
        # Stopped by a signal: the job has cleaned up while unwinding. Leave now,
        # rather than wait for more work from a parent that may be gone.
        os._exit(stop.code if isinstance(stop.code, int) else 1)
    finally:
        _running_job = False


def run_jobs(
    jobs: Sequence[Job],
    processes: int | None = None,
    prepare: Callable[[], None] | None = None,
    done: Callable[[Job], None] | None = None,
    report_each: bool = False,
) -> None:
    """Run every job, the most expensive first; ``done`` is called here for each one finished.

    A pool calls ``done`` once every job has finished, so that a build's progress lines mean
    that all its files are whole; with ``report_each``, as each job finishes.

    ``prepare`` runs once in this process before any worker starts (e.g. a slow
    import the workers then share). On a failure, the jobs not yet started are
    cancelled, the running ones finish, and the error of the first failed job in
    queue order is raised: a ``PublishError`` as it was, a crashed worker as a
    ``PublishError`` naming its file.
    """
    queue = sorted(jobs, key=lambda job: -job.cost)
    count = worker_count(len(queue), processes)
    context = _fork_context() if count > 1 else None
    if prepare is not None:
        prepare()
    if context is None:
        for job in queue:
            job.run()
            if done is not None:
                done(job)
        return

    futures: dict[Future, Job] = {}
    # The workers are forked as the jobs are submitted. Until a worker has set its own
    # handlers it would run this process's, and a Ctrl-C there would print a traceback
    # from the pool's internals: block the stop signals until then, in both.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    executor = ProcessPoolExecutor(
        max_workers=count,
        mp_context=context,
        initializer=_worker_started,
        initargs=(os.getpid(),),
    )
    try:
        try:
            futures = {executor.submit(_call, job.run): job for job in queue}
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        pending = set(futures)
        finished_so_far: list[Future] = []
        while pending:
            # Woken often, so that a stop signal delivered to another thread of this process
            # (one of Pango's) is acted on now, not when a PDF is done.
            finished, pending = wait(
                pending,
                timeout=STOP_CHECK_SECONDS,
                return_when=FIRST_COMPLETED if report_each else FIRST_EXCEPTION,
            )
            finished_so_far.extend(finished)
            failed = any(future.exception() is not None for future in finished)
            if not (report_each or failed or not pending):
                continue
            for future in sorted(finished_so_far, key=lambda f: queue.index(futures[f])):
                if future.exception() is None and done is not None:
                    done(futures[future])
            finished_so_far.clear()
            if failed:
                for future in pending:
                    future.cancel()
                while pending:
                    _, pending = wait(pending, timeout=STOP_CHECK_SECONDS)
                break
    except BaseException:
        # Interrupted: stop the running PDFs now rather than wait for them.
        _stop_workers(executor)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    for future, job in futures.items():
        if future.cancelled():
            continue
        error = future.exception()
        if error is None:
            continue
        if isinstance(error, BrokenProcessPool):
            raise PublishError("a typesetting process died unexpectedly", job.label) from None
        raise error
