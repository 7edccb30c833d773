"""Run statistics, the end-of-run summary line, and a progress line for terminals.

The progress line is drawn on stderr only when stderr is a terminal, so pipes,
pre-commit (which captures output) and CI logs never see it.  It redraws at
most a few times a second and is wiped before anything else is printed.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

MB = 1_000_000
KB = 1_000


def human_bytes(n: float) -> str:
    """``2.3 MB`` or, below a megabyte, ``41.5 KB`` (a small run is not ``0.0 MB``)."""
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / KB:.1f} KB"


def wants_progress(stream: TextIO | None = None) -> bool:
    """A progress line makes sense only on an interactive terminal."""
    stream = stream or sys.stderr
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


@dataclass
class RunStats:
    """Counts of one batch run, for the summary line."""

    unit: str = "files"
    items: int = 0
    changed: int = 0
    failed: int = 0
    nbytes: int = 0
    started: float = field(default_factory=time.perf_counter)

    def add(self, nbytes: int, changed: bool = False, failed: bool = False) -> None:
        self.items += 1
        self.nbytes += nbytes
        self.changed += changed
        self.failed += failed

    def summary(self, changed_word: str = "changed") -> str:
        secs = max(time.perf_counter() - self.started, 1e-9)
        return (f"{self.items} {self.unit}, {self.changed} {changed_word}, {self.failed} failed, "
                f"{human_bytes(self.nbytes)} in {secs:.2f} s ({human_bytes(self.nbytes / secs)}/s)")


def _clock(secs: float) -> str:
    secs = int(secs)
    h, rest = divmod(secs, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """``n/total unit  pct  rate  MB/s  ETA`` on one line; every method is a no-op when disabled."""

    INTERVAL = 0.2

    def __init__(self, enabled: bool, stats: RunStats, total_items: int | None = None,
                 total_bytes: int | None = None, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stats = stats
        self.total_items = total_items
        self.total_bytes = total_bytes
        self.stream = stream or sys.stderr
        self._last = 0.0
        self._shown = False

    def line(self) -> str:
        s = self.stats
        secs = max(time.perf_counter() - s.started, 1e-9)
        parts = [f"{s.items}/{self.total_items} {s.unit}" if self.total_items else f"{s.items} {s.unit}"]
        done = None
        if self.total_bytes:
            done = s.nbytes / self.total_bytes
        elif self.total_items:
            done = s.items / self.total_items
        if done is not None:
            parts.append(f"{min(done, 1):4.0%}")
        parts.append(f"{s.items / secs:.0f} {s.unit}/s")
        parts.append(f"{human_bytes(s.nbytes / secs)}/s")
        if done:
            parts.append(f"ETA {_clock(secs * max(0.0, 1 - done) / done)}")
        if s.failed:
            parts.append(f"{s.failed} failed")
        return "  ".join(parts)

    def update(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if force or now - self._last >= self.INTERVAL:
            self._last = now
            self.stream.write("\r" + self.line() + "\x1b[K")
            self.stream.flush()
            self._shown = True

    def clear(self) -> None:
        """Wipe the line so that a message or an output line can be printed cleanly."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def close(self) -> None:
        self.clear()
