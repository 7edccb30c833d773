"""CPU time of each pipeline stage per pass over a set of real pages, in one process.

    python benchmarks/stage_cpu.py                       # ../shared/corpus + samples/, 10 passes
    python benchmarks/stage_cpu.py --passes 20 --stage boilerplate DIR …
    python benchmarks/stage_cpu.py --cold      # empty the boilerplate caches before each pass

Every stage of ``pipeline.STAGES`` is wrapped with a ``time.process_time`` counter; one pass
cleans every ``*.txt`` page of the folders once (plain settings, text already in memory).  The
first pass fills the caches and is not counted; the table gives the minimum and median of the
others, in milliseconds of CPU per pass.  CPU time, not wall clock: it is steadier on a shared
machine, and the minimum is the figure least touched by other jobs.  Repeated passes meet
every line again (as ``bench.py --real`` does, cycling the pages); ``--cold`` empties the
boilerplate stage's caches before each pass, as if every page were new.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing

from fanwen_clean import DecodeError, Settings, clean_bytes, pipeline  # noqa: E402
from fanwen_clean.rules import RuleBook  # noqa: E402
from fanwen_clean.stages.boilerplate.book import Memo, compiled  # noqa: E402

DEFAULT_DIRS = (ROOT.parent / "shared" / "corpus", ROOT / "samples")


def _timed(name: str, stage: Callable, spent: dict[str, float]) -> Callable:
    def run(doc, rules, settings):
        t = time.process_time()
        try:
            return stage(doc, rules, settings)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - t
    return run


def _one_pass(pages: list[bytes], book: RuleBook, settings: Settings) -> None:
    for raw in pages:
        with contextlib.suppress(DecodeError):  # a page that does not decode costs nothing here
            clean_bytes(raw, rules=book, settings=settings)


def measure(pages: list[bytes], passes: int, cold: bool = False) -> dict[str, list[float]]:
    """Seconds of CPU per pass, per stage (and ``total``), for ``passes`` passes after a warm-up
    one; ``cold``: the boilerplate caches emptied before each."""
    spent: dict[str, float] = {}
    original = pipeline.STAGES
    pipeline.STAGES = tuple((n, _timed(n, s, spent)) for n, s in original)
    settings = Settings()
    book = RuleBook()
    try:
        _one_pass(pages, book, settings)  # warm-up: caches, lazy imports
        out: dict[str, list[float]] = {}
        for _ in range(passes):
            spent.clear()
            if cold:
                compiled(book).memo = Memo()
            t = time.process_time()
            _one_pass(pages, book, settings)
            spent["total"] = time.process_time() - t
            for k, v in spent.items():
                out.setdefault(k, []).append(v)
        return out
    finally:
        pipeline.STAGES = original


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path)
    ap.add_argument("--passes", type=int, default=10)
    ap.add_argument("--stage", default="", help="print this stage (and the total) only")
    ap.add_argument("--cold", action="store_true", help="empty the boilerplate caches before each pass")
    a = ap.parse_args()
    dirs = a.dirs or [d for d in DEFAULT_DIRS if d.is_dir()]
    pages = [p.read_bytes() for d in dirs for p in sorted(d.glob("*.txt"))]
    size = sum(map(len, pages))
    got = measure(pages, a.passes, a.cold)
    kind = "cold" if a.cold else "warm"
    print(f"{len(pages)} pages, {size / 1e6:.2f} MB, {a.passes} {kind} passes; CPU ms per pass")
    print("| stage | min | median | share of total (median) |\n|---|---:|---:|---:|")
    total = statistics.median(got["total"])
    for name, vals in sorted(got.items(), key=lambda kv: -statistics.median(kv[1])):
        if a.stage and name not in (a.stage, "total"):
            continue
        med = statistics.median(vals)
        print(f"| {name} | {min(vals) * 1e3:.1f} | {med * 1e3:.1f} | {med / total:.0%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
