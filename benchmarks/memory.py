"""Peak memory of cleaning one very large page (issue 10: within 4x the page's size).

    python benchmarks/memory.py              # a 200 MB page; a few minutes on a quiet machine
    python benchmarks/memory.py --mb 20      # quicker

It writes one generated page (paragraphs of ordinary prose in varied wording, with
placeholders in one paragraph in five, headings and stray spaces) to the temp directory, cleans it with
``fanwen-clean clean --out-dir`` in its own process, and prints the page's size, the
peak resident set of that process (``wait4``), their ratio and the time taken.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OPENINGS = ["今年以来，", "在上级的正确领导下，", "回顾这一阶段的工作，", "按照年初的部署，", "第{n}小组"]
BODIES = ["我们认真开展各项工作，推动单位发展取得新的成效", "全体同志团结协作，圆满完成了交办的任务",
          "各部门结合实际，制定了切实可行的措施", "组织开展了第{n}次专题学习，参加人数达到{n}人",
          "大家克服困难，按期完成了{n}项工作", "进一步加强了制度建设和队伍建设"]
# placeholders in about one paragraph in five, as dense as on real template pages
SLOTTED = ["xx局组织开展了专题学习", "20xx年x月，×××同志带领大家完成了任务"]
ENDINGS = ["。", "，效果明显。", "，得到了群众的好评。", "，为下一步打下了基础。"]


def page(target_bytes: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    out, size, n = [], 0, 0
    while size < target_bytes:
        n += 1
        if n % 40 == 1:
            para = f"{'一二三四五六七八九十'[n // 40 % 10]}、第{n}部分工作情况\n"
        else:
            sentences = [rng.choice(OPENINGS) + rng.choice(BODIES) + rng.choice(ENDINGS)
                         for _ in range(rng.randrange(2, 6))]
            if rng.random() < 0.2:
                sentences.append(rng.choice(SLOTTED) + "。")
            para = rng.choice(["", "  ", "\u3000\u3000"]) + "".join(sentences).format(n=n) + "\n\n"
        chunk = para.encode("utf-8")
        out.append(chunk)
        size += len(chunk)
    return b"".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=200, help="size of the page in MB (default 200)")
    ap.add_argument("--mode", choices=["out-dir", "stdout", "json"], default="out-dir",
                    help="out-dir: written piece by piece (default); stdout/json: the whole result is "
                         "joined in memory first")
    args = ap.parse_args()
    exe = str(Path(sys.executable).with_name("fanwen-clean"))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "big.txt"
        src.write_bytes(page(int(args.mb * 1e6)))
        size = src.stat().st_size
        t = time.monotonic()
        how = {"out-dir": ["--out-dir", str(Path(tmp) / "out")], "stdout": [],
               "json": ["--format", "json"]}[args.mode]
        proc = subprocess.Popen([exe, "clean", "-q", "--jobs", "1", *how, str(src)],
                                stdout=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        took = time.monotonic() - t
        peak = usage.ru_maxrss * 1024  # kilobytes on Linux
        print(f"{args.mode}: page {size / 1e6:.1f} MB  peak RSS {peak / 1e6:.1f} MB  "
              f"ratio {peak / size:.2f}x  time {took:.1f} s  exit {os.waitstatus_to_exitcode(status)}")


if __name__ == "__main__":
    main()
