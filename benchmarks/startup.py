#!/usr/bin/env python3
"""Start-up cost of ``fanwen-clean check PAGE`` over a bare ``python -c pass``.

    python benchmarks/startup.py [PAGE] [--runs 21] [--only warm|cold|hit] [--against OTHER/src]

Runs the two commands interleaved (so that load changes hit both alike) and prints the
median of each, and the difference, in CPU time (user + system of the process, from
``wait4``: steadier on a shared machine) and in wall time.  Both caches are private to the
run (``FANWEN_CLEAN_CACHE_DIR`` and ``XDG_CACHE_HOME`` point into a temporary directory), so
the user's are neither read nor changed.  Three states:

* **warm** — the pattern/rule cache was written by an earlier run (the usual case), and
  ``--no-cache`` makes the page go through the pipeline;
* **cold** — as warm, with an empty pattern cache every run (first run after install or a
  rule edit);
* **hit** — both caches warm: the results cache knows the page (a pre-commit re-run).

The OS file cache is warm in all three (each command runs once before measuring).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATES = ("warm", "cold", "hit")
# Measured as an installed package runs: bytecode caches (.pyc) allowed even if the shell
# disables them, or start-up would include compiling every module.
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU ms, wall ms) of one run of ``cmd``; exit codes 0 and 1 (page would change) are fine.

    It runs in the temporary directory, as in a corpus folder (see :func:`measure`).
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            cwd=Path(env["XDG_CACHE_HOME"]).parent)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - t0) * 1000
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}")
    return (usage.ru_utime + usage.ru_stime) * 1000, wall


def fanwen_cmd() -> list[str]:
    """The console script next to this Python, else ``python -m fanwen_clean.cli``."""
    exe = Path(sys.executable).with_name("fanwen-clean")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "fanwen_clean.cli"]


def measure(page: Path, runs: int, state: str, against: Path | None = None) -> dict[str, float]:
    """Medians (ms) of bare Python and of ``check PAGE``, CPU and wall, over ``runs`` rounds.

    ``against``: another source tree (its ``src``), timed in the same rounds as ``base_*``.
    """
    bare = [sys.executable, "-c", "pass"]
    home = Path(tempfile.mkdtemp(prefix="fanwen-startup-"))
    # a copy of the page in the temporary directory, as in a corpus folder: in this checkout,
    # its pyproject.toml would be read for a [tool.fanwen-clean] table (~4 ms)
    copy = home / "page" / page.name
    copy.parent.mkdir()
    shutil.copyfile(page, copy)
    check = [*fanwen_cmd(), "check", *(() if state == "hit" else ("--no-cache",)), str(copy)]
    cache = home / "patterns"
    env = {**BASE_ENV, "FANWEN_CLEAN_CACHE_DIR": str(cache), "XDG_CACHE_HOME": str(home / "own")}
    (home / "own").mkdir()
    cmds = [("bare", bare, env), ("", check, env)]  # (bare Python gets the same directory)
    if against is not None:  # its own caches: a pattern cache is keyed on rule paths, not code
        base_env = {**env, "PYTHONPATH": str(against), "FANWEN_CLEAN_CACHE_DIR": str(home / "base"),
                    "XDG_CACHE_HOME": str(home / "base-own")}
        cmds.append(("base", check, base_env))
    samples: dict[str, list[float]] = {}
    try:
        for _key, cmd, e in cmds:  # warm the OS caches (and the pattern caches)
            Path(e["FANWEN_CLEAN_CACHE_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
            timed(cmd, e)
        for _ in range(runs):
            for key, cmd, e in cmds:
                if state == "cold":
                    shutil.rmtree(e["FANWEN_CLEAN_CACHE_DIR"])
                    Path(e["FANWEN_CLEAN_CACHE_DIR"]).mkdir(mode=0o700)
                cpu, wall = timed(cmd, e)
                samples.setdefault(f"{key}_cpu".lstrip("_"), []).append(cpu)
                samples.setdefault(f"{key}_wall".lstrip("_"), []).append(wall)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return {k: statistics.median(v) for k, v in samples.items()}


def smallest_sample() -> Path:
    """The smallest page of ``samples/`` (the page ``bench.py`` times too)."""
    return min((ROOT / "samples").glob("*.txt"), key=lambda p: p.stat().st_size)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("page", nargs="?", type=Path, default=smallest_sample())
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--only", choices=STATES)
    ap.add_argument("--against", type=Path, metavar="SRC",
                    help="also time another checkout's package (its src/ directory), interleaved")
    a = ap.parse_args()
    print(f"page {a.page} ({a.page.stat().st_size} bytes), median of {a.runs}, load "
          f"{os.getloadavg()[0]:.1f}")
    extra = " | against: over (CPU) | against: over (wall)" if a.against else ""
    print("| cache | bare CPU ms | check CPU ms | over (CPU) | bare wall ms | check wall ms | over (wall)"
          f"{extra} |")
    print("|---|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if a.against else ""))
    for state in (a.only,) if a.only else STATES:
        m = measure(a.page, a.runs, state, a.against)
        base = (f" | +{m['base_cpu'] - m['bare_cpu']:.0f} | +{m['base_wall'] - m['bare_wall']:.0f}"
                if a.against else "")
        print(f"| {state} | {m['bare_cpu']:.0f} | {m['cpu']:.0f} | +{m['cpu'] - m['bare_cpu']:.0f} | "
              f"{m['bare_wall']:.0f} | {m['wall']:.0f} | +{m['wall'] - m['bare_wall']:.0f}{base} |")


if __name__ == "__main__":
    main()
