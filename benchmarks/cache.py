"""Time a second ``fanwen-clean check`` over many unchanged small pages (the results cache).

    python benchmarks/cache.py                  # 10,000 pages; prints the three timings
    python benchmarks/cache.py --pages 2000

Pages are generated (short, all different, each with something to fix) in a fresh
temporary corpus repository with a ``.fanwen-clean.toml``, so the cache lives in its
``.fanwen-clean-cache/``.  Timed: the first run (fills the cache), the second run
(every page unchanged: the figure the target is about, < 1 s for 10,000 pages), and a
run with ``--no-cache`` on a sample of the pages for comparison.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROSE = "今年 我们 单位 工作 取得 进展 全体 同志 努力 学习 制度 落实 会议 精神 推进 建设 服务 群众"
WORDS = PROSE.split()


def page(n: int) -> str:
    """About 2 KB: a salutation, 20 paragraphs with half-width commas and stray spaces."""
    paras = []
    for k in range(20):
        words = [WORDS[(n * 7 + k * 5 + i * 3) % len(WORDS)] for i in range(14)]
        paras.append(f"  第{n}份第{k}段{''.join(words[:7])},{''.join(words[7:])}.  ")
    return "各位领导：\n" + "\n".join(paras) + "\n谢谢大家。\n"


CPU: list[float] = []  # CPU seconds of each run: less at the mercy of a busy machine than wall time


def run(cmd: list[str], cwd: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10_000)
    args = ap.parse_args()
    exe = str(Path(sys.executable).with_name("fanwen-clean"))
    root = Path(tempfile.mkdtemp(prefix="fanwen-cache-bench-"))
    try:
        (root / ".git").mkdir()
        (root / ".fanwen-clean.toml").write_text("jobs = 1\n", "utf-8")
        pages = root / "pages"
        for n in range(args.pages):
            d = pages / f"{n // 1000:02d}"
            d.mkdir(parents=True, exist_ok=True)
            (d / f"p{n:05d}.txt").write_text(page(n), "utf-8")
        first = run([exe, "check", "-q", "pages"], root)
        second = run([exe, "check", "-q", "pages"], root)
        third = run([exe, "check", "-q", "pages"], root)
        sample = sorted(pages.rglob("*.txt"))[:500]
        uncached = run([exe, "check", "-q", "--no-cache", *map(str, sample)], root)
        print(f"{args.pages} dirty pages (3 findings each): first check {first:.2f} s (fills the cache); "
              f"second {second:.2f} s, third {third:.2f} s (all unchanged); "
              f"--no-cache on 500 pages {uncached:.2f} s (~{uncached / 500 * args.pages:.0f} s for all)")
        run([exe, "clean", "-q", "--in-place", "pages"], root)  # now a clean corpus, as after pre-commit
        fill = run([exe, "check", "-q", "pages"], root)
        again = run([exe, "check", "-q", "pages"], root)
        print(f"the same pages cleaned: first check {fill:.2f} s, second {again:.2f} s (all unchanged)")
        print(f"CPU seconds of the second runs: {CPU[1]:.2f} (dirty), {CPU[-1]:.2f} (clean); "
              f"load average {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
