"""Ctrl-C is acted on at once even when the kernel hands it to a thread other than the main one.

A process-directed signal goes to any thread that does not block it: in `publish watch` that
can be a thread a C library started (one of Pango's). The main thread, asleep on a lock, then
runs the handler only when something wakes it. Each script below delivers SIGINT to a helper
thread alone, as the kernel may, and must stop long before its work would have ended.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

# Far longer than a stop should take, far shorter than the work the scripts would do.
STOPPED_WITHIN = 10.0

POKE = """
import signal, threading, time

def poke():
    time.sleep(1.0)
    # To this thread only, not to the process: the main thread is not interrupted.
    signal.pthread_kill(threading.get_ident(), signal.SIGINT)

threading.Thread(target=poke, daemon=True).start()
"""


def run_script(body: str) -> tuple[subprocess.CompletedProcess, float]:
    script = textwrap.dedent(POKE) + textwrap.dedent(body)
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=3 * STOPPED_WITHIN
    )
    return result, time.monotonic() - start


def test_an_idle_watch_stops_on_a_signal_another_thread_received():
    result, seconds = run_script(
        """
        import queue
        from publish.watch import Watch

        watch = Watch.__new__(Watch)
        watch.changes = queue.Queue()  # no save ever comes
        try:
            watch.wait_for_saves()
        except KeyboardInterrupt:
            print("stopped")
        """
    )
    assert result.stdout.strip() == "stopped", result.stderr
    assert seconds < STOPPED_WITHIN


def test_a_build_stops_on_a_signal_another_thread_received():
    result, seconds = run_script(
        """
        import functools, time
        from publish import workers

        jobs = [workers.Job(f"job {n}", functools.partial(time.sleep, 60)) for n in range(2)]
        try:
            workers.run_jobs(jobs, processes=2)
        except KeyboardInterrupt:
            print("stopped")
        """
    )
    assert result.stdout.strip() == "stopped", result.stderr
    assert seconds < STOPPED_WITHIN
