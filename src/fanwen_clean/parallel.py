"""Map a cleaning function over a stream of inputs on all cores, keeping input order.

Memory stays flat however long the stream is: at most ``jobs * WINDOW`` chunks
are in flight, and the input iterator is consumed only as results are taken.
The main process compiles every stage's rules once before the workers are
forked, so they start with them; the rule book and settings reach them once
(pool initializer), and each task is a small chunk of inputs, so the cost of
inter-process communication is paid per chunk, not per page.

A *work function* is a module-level ``work(item, book, settings) -> outcome``
(or a ``functools.partial`` of one) that never raises: it turns a bad input
into an outcome that carries an error.  Items that are exceptions (e.g.
:class:`~fanwen_clean.files.InputError` from walking) or have a true
``passthrough`` attribute (markers) pass through in their place; items with a
true ``in_parent`` attribute (stdin) are worked on in this process.  If a worker
process dies (a crash in a C extension, the OOM killer), the inputs that were
in flight are re-run one by one in a fresh pool, and only the input that kills
it again is reported as failed.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from .batch import Outcome, clean_input
from .files import Input

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

WARM_PAGE = "各位领导：\n  20xx年xx局工作总结。\n\n本文来源：网络\n"

CHUNK = 16  # inputs per task in a long run: big enough to hide IPC, small enough to balance
WINDOW = 4  # chunks in flight per worker
LOOKAHEAD = 4096  # inputs read ahead to size chunks for short runs

Work = Callable[[Any, Any, Any], Any]
Crash = Callable[[Any, str], Any]


def resolve_jobs(jobs: int) -> int:
    """``0`` (or less) means every core this process may run on."""
    if jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def crashed_input(item: Input, message: str) -> Outcome:
    return Outcome(item, error=f"{item.name}: internal error: {message}")


def map_ordered(items: Iterable[Any], book, settings, jobs: int = 0, work: Work = clean_input,
                crash: Crash = crashed_input) -> Iterator[Any]:
    """Yield ``work(item, book, settings)`` for each item, in input order.

    With one job, or one work item, everything runs in this process: no worker
    is started, so a single page (or pre-commit with ``--jobs 1``) pays nothing.
    """
    jobs = resolve_jobs(jobs)
    it = iter(items)
    head = list(islice(it, LOOKAHEAD))
    n_work = sum(1 for x in head if not _passes(x))
    if jobs <= 1 or n_work <= 1:
        for item in _chain(head, it):
            yield item if _passes(item) else work(item, book, settings)
        return
    chunk = CHUNK
    if len(head) < LOOKAHEAD:  # the whole run is known: spread it evenly over the workers
        chunk = max(1, min(CHUNK, math.ceil(n_work / (jobs * WINDOW))))
    yield from _Pool(jobs, book, settings, work, crash).run(_chain(head, it), chunk)


def _passes(item: Any) -> bool:
    return isinstance(item, BaseException) or getattr(item, "passthrough", False)


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


# --- worker side -------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {"busy": False}
_PR_SET_PDEATHSIG = 1
PARENT_POLL = 0.5  # seconds between checks that the parent lives, where prctl is missing


class _Stop(BaseException):
    """SIGTERM in a worker that is cleaning: unwinds (temp files removed), then the worker exits."""


def _on_sigterm(_signum, _frame) -> None:
    if _WORKER["busy"]:
        raise _Stop()
    _exit_stopped()  # idle: nothing to clean up


def _exit_stopped() -> None:
    from .files import remove_temp_files

    remove_temp_files()  # any the unwinding missed (a signal right after one was created)
    os._exit(128 + signal.SIGTERM)


def _die_with_parent(parent: int) -> None:
    """Get SIGTERM when the parent dies, even by SIGKILL: PR_SET_PDEATHSIG on Linux, else polling."""
    if not _set_pdeathsig():
        import threading

        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before we asked
        os._exit(128 + signal.SIGTERM)


def _set_pdeathsig() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os.kill(os.getpid(), signal.SIGTERM)


def _init_worker(book, settings, parent: int | None = None) -> None:
    # Ctrl-C is handled by the parent, which shuts the pool down; workers just stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    _die_with_parent(os.getppid() if parent is None else parent)
    _WORKER["book"], _WORKER["settings"] = book, settings


def _run_chunk(work: Work, chunk: list) -> list:
    # two levels: a SIGTERM that lands while ``busy`` is being set or reset raises _Stop
    # outside the inner try; it must end the worker too, never travel back to the parent
    try:
        return _run_busy(work, chunk)
    except _Stop:
        _exit_stopped()  # the temp file being written was removed on the way out
        raise  # not reached: _exit_stopped ends the process


def _run_busy(work: Work, chunk: list) -> list:
    book, settings = _WORKER["book"], _WORKER["settings"]
    try:
        _WORKER["busy"] = True
        return [work(item, book, settings) for item in chunk]
    finally:
        _WORKER["busy"] = False


# --- parent side -------------------------------------------------------------------------------

class _Pool:
    """A process pool fed through a bounded window of chunk futures."""

    def __init__(self, jobs: int, book, settings, work: Work, crash: Crash) -> None:
        # imported here: a run over one file never needs them, and they cost start-up time
        from concurrent.futures.process import BrokenProcessPool

        self.jobs, self.book, self.settings, self.work, self.crash = jobs, book, settings, work, crash
        self.Broken = BrokenProcessPool
        self.executor: ProcessPoolExecutor | None = None
        self._warm()

    def _warm(self) -> None:
        """Compile every stage's rules here, before forking, so that workers inherit them."""
        from .api import clean_text

        with contextlib.suppress(Exception):  # a broken stage shows up, per input, in the real run
            clean_text(WARM_PAGE, rules=self.book, settings=self.settings)

    def _executor(self) -> ProcessPoolExecutor:
        if self.executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # fork: workers start at once with everything already imported and compiled; the
            # parent is single-threaded here.  Elsewhere use the platform default.
            method = "fork" if sys.platform == "linux" else None
            self.executor = ProcessPoolExecutor(self.jobs, multiprocessing.get_context(method),
                                                initializer=_init_worker,
                                                initargs=(self.book, self.settings, os.getpid()))
        return self.executor

    def _submit(self, chunk: list) -> Future:
        try:
            return self._first(chunk) if self.executor is None else \
                self.executor.submit(_run_chunk, self.work, chunk)
        except self.Broken:  # a worker died earlier: start a fresh pool
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None
            return self._first(chunk)

    def _first(self, chunk: list) -> Future:
        """Start the pool with its first chunk (with fork, every worker is forked right then).

        The objects of this process are frozen meanwhile: the workers' collector then never
        walks them, so the pages of memory that hold the compiled rules stay shared with
        this process instead of being copied into each worker; this process unfreezes them.
        """
        import gc

        gc.collect()
        gc.freeze()
        try:
            return self._executor().submit(_run_chunk, self.work, chunk)
        finally:
            gc.unfreeze()

    def run(self, items: Iterator, chunk_size: int) -> Iterator:
        # each slot is ("done", [outcomes]) or ("wait", future, chunk)
        window: deque[tuple] = deque()
        limit = self.jobs * WINDOW
        pending: list = []
        try:
            for item in items:
                if _passes(item) or getattr(item, "in_parent", False):
                    # an error or marker, or stdin (which only this process can read)
                    if pending:
                        window.append(("wait", self._submit(pending), pending))
                        pending = []
                    out = item if _passes(item) else self.work(item, self.book, self.settings)
                    window.append(("done", [out]))
                else:
                    pending.append(item)
                    if len(pending) >= chunk_size:
                        window.append(("wait", self._submit(pending), pending))
                        pending = []
                while len(window) > limit:
                    yield from self._take(window.popleft())
            if pending:
                window.append(("wait", self._submit(pending), pending))
            while window:
                yield from self._take(window.popleft())
        except BaseException:  # Ctrl-C, SIGTERM, or the caller stopped reading
            self._stop_workers()
            raise
        finally:
            if self.executor is not None:
                self.executor.shutdown(wait=not window, cancel_futures=True)

    def _stop_workers(self) -> None:
        """SIGTERM to every worker: each removes the temp file it is writing and exits."""
        procs = getattr(self.executor, "_processes", None) or {}
        for p in list(procs.values()):
            with contextlib.suppress(Exception):
                p.terminate()
        for p in list(procs.values()):
            with contextlib.suppress(Exception):
                p.join(5)

    def _take(self, slot: tuple) -> list:
        if slot[0] == "done":
            return slot[1]
        _, future, chunk = slot
        try:
            return future.result()
        except self.Broken:
            return self._isolate(chunk)

    def _isolate(self, chunk: list) -> list:
        """Re-run a chunk whose worker died, one input at a time, to find the culprit."""
        out = []
        for item in chunk:
            try:
                out.extend(self._submit([item]).result())
            except self.Broken:
                out.append(self.crash(item, "worker process died while cleaning it"))
        return out
