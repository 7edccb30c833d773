"""CPU time of one pass over real pages, plain and with ``--anonymize``, A/B against other code.

    python benchmarks/anonymize_speed.py                          # this checkout, 5 rounds
    python benchmarks/anonymize_speed.py --base /tmp/main-src     # interleaved A/B with another tree
    python benchmarks/anonymize_speed.py --rounds 7 --corpus ../shared/corpus

Every distinct page of the corpus is cleaned once per run, in a fresh process, after a warm-up
on ``samples/`` (imports, rule loading, jieba's dictionary), so neither start-up nor the
anonymizer's per-line memo flatters the figure.  Time is the process's CPU time
(``time.process_time``), steadier than wall-clock on a shared machine; runs of the trees and
modes are interleaved round by round, and the table gives medians and ranges, with the CPU
time of the anonymize stage alone (steadier still: the machine's load moves the other stages
as much as the change under test).  ``--base`` is the root of another source tree (its
``src/`` and ``rules/``), e.g. ``git archive main | tar -x -C /tmp/main-src``.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = ("plain", "anonymize")


def _timed_stage(pipeline, name: str) -> list[float]:
    """Wrap stage ``name`` of ``pipeline.STAGES`` so that it adds its CPU seconds to the list."""
    spent = [0.0]

    def timed(stage):
        def run(*args):
            start = time.process_time()
            try:
                return stage(*args)
            finally:
                spent[0] += time.process_time() - start
        return run

    pipeline.STAGES = tuple((n, timed(f) if n == name else f) for n, f in pipeline.STAGES)
    return spent


def work(tree: Path, mode: str, corpus: Path) -> tuple[float, float]:
    """Warm up, then the CPU seconds of cleaning every ``*.txt`` page of ``corpus`` once, and
    of the anonymize stage alone."""
    sys.path.insert(0, str(tree / "src"))
    from fanwen_clean import DecodeError, Settings, clean_bytes, pipeline
    from fanwen_clean.settings import ENTITY_KINDS

    settings = Settings(anonymize=frozenset(ENTITY_KINDS)) if mode == "anonymize" else Settings()
    for page in sorted((ROOT / "samples").glob("*.txt")):
        with contextlib.suppress(DecodeError):
            clean_bytes(page.read_bytes(), source=page.name, settings=settings)
    pages = [p.read_bytes() for p in sorted(corpus.glob("*.txt"))]
    stage = _timed_stage(pipeline, "anonymize")
    start = time.process_time()
    for data in pages:
        with contextlib.suppress(DecodeError):
            clean_bytes(data, settings=settings)
    return time.process_time() - start, stage[0]


def _run(tree: Path, mode: str, corpus: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, __file__, "_work", str(tree), mode, str(corpus)],
                         check=True, capture_output=True, text=True).stdout
    total, stage = out.split()[-2:]
    return float(total), float(stage)


def main(argv: list[str]) -> int:
    if argv[:1] == ["_work"]:
        total, stage = work(Path(argv[1]), argv[2], Path(argv[3]))
        print(f"{total:.4f} {stage:.4f}")
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--base", type=Path, help="root of another source tree to compare with")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    trees = {"this": ROOT} | ({"base": args.base.resolve()} if args.base else {})
    times: dict[tuple[str, str], list[float]] = {(t, m): [] for t in trees for m in MODES}
    stage: dict[str, list[float]] = {t: [] for t in trees}
    for _ in range(args.rounds):
        for (label, mode) in times:
            total, spent = _run(trees[label], mode, args.corpus)
            times[label, mode].append(total)
            if mode == "anonymize":
                stage[label].append(spent)
    n = len(list(args.corpus.glob("*.txt")))
    print(f"{n} pages of {args.corpus}, CPU seconds per pass, {args.rounds} interleaved rounds\n")
    print("| tree | run | median | range |\n|---|---|---:|---:|")
    rows = {(label, mode): ts for (label, mode), ts in times.items()}
    rows |= {(label, "anonymize stage alone"): ts for label, ts in stage.items()}
    for (label, what), ts in rows.items():
        print(f"| {label} | {what} | {statistics.median(ts):.3f} | {min(ts):.3f}–{max(ts):.3f} |")
    for label in trees:
        delta = [a - p for a, p in zip(times[label, "anonymize"], times[label, "plain"], strict=True)]
        print(f"\n{label}: anonymize − plain, median {statistics.median(delta):.3f} s")
    if args.base:
        for (label, what), ts in rows.items():
            if label == "this":
                ratio = statistics.median(rows["base", what]) / statistics.median(ts)
                print(f"{what}: this is {ratio:.2f}× as fast as base")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
