"""CPU time of one pass over real pages, plain and with ``--anonymize``, A/B against other code.

    python benchmarks/anonymize_speed.py                          # this checkout, 5 rounds
    python benchmarks/anonymize_speed.py --base /tmp/main-src     # interleaved A/B with another tree
    python benchmarks/anonymize_speed.py --rounds 7 --corpus ../shared/corpus

Every distinct page of the corpus is cleaned once per run, in a fresh process, after a warm-up
on ``samples/`` (imports, rule loading, jieba's dictionary), so neither start-up nor the
anonymizer's per-line memo flatters the figure.  Time is the process's CPU time
(``time.process_time``), steadier than wall-clock on a shared machine; runs of the trees and
modes are interleaved round by round, and the table gives medians and ranges.  ``--base`` is
the root of another source tree (its ``src/`` and ``rules/``), e.g. ``git archive main``.
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


def work(tree: Path, mode: str, corpus: Path) -> float:
    """Warm up, then the CPU seconds of cleaning every ``*.txt`` page of ``corpus`` once."""
    sys.path.insert(0, str(tree / "src"))
    from fanwen_clean import DecodeError, Settings, clean_bytes
    from fanwen_clean.settings import ENTITY_KINDS

    settings = Settings(anonymize=frozenset(ENTITY_KINDS)) if mode == "anonymize" else Settings()
    for page in sorted((ROOT / "samples").glob("*.txt")):
        with contextlib.suppress(DecodeError):
            clean_bytes(page.read_bytes(), source=page.name, settings=settings)
    pages = [p.read_bytes() for p in sorted(corpus.glob("*.txt"))]
    start = time.process_time()
    for data in pages:
        with contextlib.suppress(DecodeError):
            clean_bytes(data, settings=settings)
    return time.process_time() - start


def _run(tree: Path, mode: str, corpus: Path) -> float:
    out = subprocess.run([sys.executable, __file__, "_work", str(tree), mode, str(corpus)],
                         check=True, capture_output=True, text=True).stdout
    return float(out.split()[-1])


def main(argv: list[str]) -> int:
    if argv[:1] == ["_work"]:
        print(f"{work(Path(argv[1]), argv[2], Path(argv[3])):.4f}")
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--base", type=Path, help="root of another source tree to compare with")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    trees = {"this": ROOT} | ({"base": args.base.resolve()} if args.base else {})
    times: dict[tuple[str, str], list[float]] = {(t, m): [] for t in trees for m in MODES}
    for _ in range(args.rounds):
        for (label, mode) in times:
            times[label, mode].append(_run(trees[label], mode, args.corpus))
    n = len(list(args.corpus.glob("*.txt")))
    print(f"{n} pages of {args.corpus}, CPU seconds per pass, {args.rounds} interleaved rounds\n")
    print("| tree | mode | median | range |\n|---|---|---:|---:|")
    for (label, mode), ts in times.items():
        print(f"| {label} | {mode} | {statistics.median(ts):.3f} | {min(ts):.3f}–{max(ts):.3f} |")
    for label in trees:
        delta = [a - p for a, p in zip(times[label, "anonymize"], times[label, "plain"], strict=True)]
        print(f"\n{label}: anonymize − plain, median {statistics.median(delta):.3f} s")
    if args.base:
        for mode in MODES:
            ratio = statistics.median(times["base", mode]) / statistics.median(times["this", mode])
            print(f"{mode}: this is {ratio:.2f}× base")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
