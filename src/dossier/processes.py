"""A second process beside the build's own, where the machine allows one safely.

The build lays out pages in its own process and hands everything else (checking and rendering
the case, drawing charts, verifying the PDF) to a second one, so that on two cores the two
overlap. Where a second process cannot be had safely, the same tasks run in the build's own
process, one after another: slower, with the same result.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import Executor, Future


def second_process() -> Executor:
    """An executor with one forked worker, or one that runs each task at once, in this process.

    Only Linux forks, and only a process with no other thread: on macOS forking is unsafe for
    system libraries, and a thread may hold a lock the copy could never release. Starting a
    fresh interpreter instead would cost more than the overlap saves.
    """
    if sys.platform != "linux" or threading.active_count() > 1:
        return InlineExecutor()
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    try:
        executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                       initializer=_exit_with, initargs=(os.getpid(),))
    except (ValueError, OSError, NotImplementedError):  # no semaphores, in some sandboxes
        return InlineExecutor()
    try:
        executor.submit(_nothing)  # forks now, so that a fork the system refuses is met here
    except OSError:
        executor.shutdown(wait=False)
        return InlineExecutor()
    return executor


class InlineExecutor(Executor):
    """Runs each task as it is submitted: what a second process would return, one after another."""

    def submit(self, function, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(function(*args, **kwargs))
        except Exception as exc:  # raised by future.result(), as from a second process
            future.set_exception(exc)
        return future


def _exit_with(parent: int) -> None:
    """Make the worker end with the build's process, even when that one is killed outright."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)
    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


def _nothing() -> None:
    pass
