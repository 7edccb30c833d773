"""Benchmark fanwen-clean on a generated corpus and print a Markdown table.

    pip install -e '.[bench]'            # autocorrect-py, for the comparison rows
    python benchmarks/bench.py           # 10,000 pages (~105 MB), all rows
    python benchmarks/bench.py --pages 2000 --profile 300
    python benchmarks/bench.py --real ../shared/corpus --pages 3000   # real pages, cycled

Rows, all over the same files: ``fanwen-clean clean`` with one process and with
``--jobs 2`` (writing to an output tree, as a real run does); the Python floor
(read + decode + one ``regex`` substitution pass, nothing else); autocorrect-py's
``format_for(text, "md")``; the start-up time of ``fanwen-clean check`` on one
small page against a bare ``python -c pass``; and the peak memory (largest
resident set of any process of the run, workers included).  Each measured
command runs in its own process; times are wall-clock seconds.  ``--profile N``
then times every pipeline stage on N pages and lists the hottest functions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT / "src"))

from corpus import generate  # noqa: E402

MB = 1_000_000
# Measured commands run as an installed package would: with bytecode caches (.pyc) allowed,
# even if this shell disables them, or start-up would include compiling every module.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TARGETS = {"vs_autocorrect": 0.6, "speedup": 1.7, "startup_ms": 110.0, "rss_mb": 300.0}


# --- in-process workloads, each run as `bench.py _work NAME CORPUS` in a fresh process -----------

def _files(corpus: Path) -> list[Path]:
    return sorted(corpus.rglob("*.txt"))


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def work_floor(corpus: Path) -> int:
    """Read, decode and make one regex pass (strip trailing blanks) over every page."""
    import regex

    pat = regex.compile(r"[ \t\u3000]+$", regex.M)
    n = 0
    for f in _files(corpus):
        n += len(pat.sub("", _text(f.read_bytes())))
    return n


def work_autocorrect(corpus: Path) -> int:
    import autocorrect_py

    n = 0
    for f in _files(corpus):
        n += len(autocorrect_py.format_for(_text(f.read_bytes()), "md"))
    return n


def work_autocorrect_plain(corpus: Path) -> int:
    import autocorrect_py

    n = 0
    for f in _files(corpus):
        n += len(autocorrect_py.format(_text(f.read_bytes())))
    return n


WORKS = {"floor": work_floor, "autocorrect": work_autocorrect, "autocorrect_plain": work_autocorrect_plain}


def cycle_real(source: Path, out: Path, pages: int) -> dict:
    """Fill ``out`` with ``pages`` files cycled from the real pages ``source/*.txt`` (bytes as they are).

    Real pages are the measure that counts (generated ones are kinder to the rules); they are
    copied to a temporary folder, never into the repository.
    """
    real = sorted(p for p in source.glob("*.txt") if p.is_file())
    if not real:
        raise SystemExit(f"{source}: no *.txt pages")
    marker = out / ".source"
    if not (marker.is_file() and marker.read_text("utf-8") == f"{source.resolve()} {pages}"):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        for i in range(pages):
            shutil.copyfile(real[i % len(real)], out / f"{i:05d}.txt")
        marker.write_text(f"{source.resolve()} {pages}", "utf-8")
    files = _files(out)
    return {"files": len(files), "bytes": sum(f.stat().st_size for f in files)}


# --- measuring -------------------------------------------------------------------------------------

def run_measured(cmd: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float, int, float]:
    """Run a command; return (wall seconds, peak RSS in MB of it and its children, exit code,
    CPU seconds: user + system of it and the children it waited for)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        sys.stderr.write(stderr.decode("utf-8", "replace")[-2000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    # ru_maxrss of a child includes the children it waited for (the pool workers), in KiB
    return secs, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


def fanwen_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("fanwen-clean")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "fanwen_clean.cli"]


def clean_run(corpus: Path, jobs: int, pages: int, *extra: str) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MB, CPU seconds) of ``fanwen-clean clean`` over ``corpus``."""
    out = Path(tempfile.mkdtemp(prefix="fanwen-bench-out-", dir=corpus.parent))
    try:
        secs, rss, _, cpu = run_measured([*fanwen_cmd(), "clean", "--quiet", "--jobs", str(jobs), *extra,
                                     "--out-dir", str(out), str(corpus)])
        written = sum(1 for _ in out.rglob("*.txt"))
        if written != pages:
            raise SystemExit(f"fanwen-clean wrote {written} pages of {pages}")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return secs, rss, cpu


def work_run(name: str, corpus: Path) -> tuple[float, float, float]:
    secs, rss, _, cpu = run_measured([sys.executable, str(Path(__file__).resolve()), "_work", name,
                                      str(corpus)])
    return secs, rss, cpu


def startup(page: Path, runs: int) -> tuple[float, float]:
    """Median wall time (ms) of `python -c pass` and of `fanwen-clean check PAGE`."""
    bare = [sys.executable, "-c", "pass"]
    check = [*fanwen_cmd(), "check", str(page)]
    for cmd in (bare, check):  # warm the OS caches
        run_measured(cmd, ok=(0, 1))
    b, c = [], []
    for _ in range(runs):  # interleaved, so that load changes hit both alike
        b.append(run_measured(bare)[0] * 1000)
        c.append(run_measured(check, ok=(0, 1))[0] * 1000)
    return statistics.median(b), statistics.median(c)


def warm(corpus: Path) -> None:
    for f in _files(corpus):
        f.read_bytes()


# --- profile ---------------------------------------------------------------------------------------

def profile(corpus: Path, n: int) -> str:
    """Time each pipeline stage over n pages, then the hottest functions by own time."""
    import cProfile
    import io
    import pstats

    from fanwen_clean import RuleBook, Settings
    from fanwen_clean.decode import decode
    from fanwen_clean.document import Document
    from fanwen_clean.pipeline import STAGES
    from fanwen_clean.render import render

    files = _files(corpus)[:n]
    book, settings = RuleBook(), Settings()
    texts = [decode(f.read_bytes(), str(f))[0] for f in files]
    nbytes = sum(f.stat().st_size for f in files)
    for t in texts[:20]:  # compile every stage's rules before timing
        doc = Document.from_text(t)
        for _, stage in STAGES:
            doc = stage(doc, book, settings)
    spent = {name: 0.0 for name, _ in STAGES} | {"decode": 0.0, "render": 0.0}

    def run_all() -> None:
        for f, t in zip(files, texts, strict=True):
            t0 = time.perf_counter()
            decode(f.read_bytes(), str(f))
            spent["decode"] += time.perf_counter() - t0
            doc = Document.from_text(t)
            for name, stage in STAGES:
                t0 = time.perf_counter()
                doc = stage(doc, book, settings)
                spent[name] += time.perf_counter() - t0
            t0 = time.perf_counter()
            render(doc, input_text=t)
            spent["render"] += time.perf_counter() - t0

    run_all()
    total = sum(spent.values())
    lines = [f"### Time per stage ({n} pages, {nbytes / MB:.1f} MB, "
             f"{nbytes / MB / total:.1f} MB/s in one process)",
             "", "| stage | seconds | share | MB/s alone |", "|---|---:|---:|---:|"]
    for name, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
        alone = f"{nbytes / MB / secs:.0f}" if secs else "—"
        lines.append(f"| {name} | {secs:.3f} | {secs / total:.0%} | {alone} |")
    prof = cProfile.Profile()
    prof.enable()
    run_all()
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("tottime").print_stats(15)
    body = buf.getvalue()
    lines += ["", "### Hottest functions (cProfile, own time)", "", "```",
              body[body.find("ncalls"):].rstrip(), "```"]
    return "\n".join(lines)


# --- report ----------------------------------------------------------------------------------------

def verdict(ok: bool) -> str:
    return "✅" if ok else "❌"


def measure(corpus: Path, info: dict, startup_runs: int) -> dict:
    """Run every row over ``corpus`` and return the raw numbers."""
    warm(corpus)
    r: dict = {"pages": info["files"], "mb": info["bytes"] / MB, "load_before": os.getloadavg()[0]}
    print("fanwen-clean --jobs 1 …", file=sys.stderr)
    r["single_s"], r["single_rss"], r["single_cpu"] = clean_run(corpus, 1, info["files"])
    print("fanwen-clean --jobs 2 …", file=sys.stderr)
    r["jobs2_s"], r["jobs2_rss"], r["jobs2_cpu"] = clean_run(corpus, 2, info["files"])
    print("fanwen-clean --anonymize …", file=sys.stderr)
    r["anon_s"], r["anon_rss"], r["anon_cpu"] = clean_run(corpus, 1, info["files"], "--anonymize")
    print("python floor …", file=sys.stderr)
    r["floor_s"], r["floor_rss"], r["floor_cpu"] = work_run("floor", corpus)
    try:
        import autocorrect_py  # noqa: F401
    except ImportError:
        print("autocorrect-py not installed (pip install -e '.[bench]'): rows skipped", file=sys.stderr)
        r["ac_s"] = r["ac_rss"] = r["acp_s"] = r["acp_rss"] = r["ac_cpu"] = r["acp_cpu"] = None
    else:
        print("autocorrect-py …", file=sys.stderr)
        r["ac_s"], r["ac_rss"], r["ac_cpu"] = work_run("autocorrect", corpus)
        r["acp_s"], r["acp_rss"], r["acp_cpu"] = work_run("autocorrect_plain", corpus)
    page = min((ROOT / "samples").glob("*.txt"), key=lambda p: p.stat().st_size, default=None)
    if page is None:
        page = Path(tempfile.mkdtemp()) / "one.txt"
        page.write_text("各位领导：\n20xx年工作总结。\n", "utf-8")
    print("start-up …", file=sys.stderr)
    r["bare_ms"], r["check_ms"] = startup(page, startup_runs)
    r["load_after"] = os.getloadavg()[0]
    return r


def rows(r: dict) -> list[tuple[str, ...]]:
    """Table rows: run, seconds, CPU seconds, MB/s, peak RSS, ratio to autocorrect-py
    format_for(md) in wall and in CPU time (what a busy machine changes least), target."""
    mb = r["mb"]
    ac, ac_cpu = r["ac_s"], r.get("ac_cpu")  # (CPU figures: absent from older --json files)

    def row(name: str, secs: float, rss: float, target: str, cpu: float | None = None) -> tuple[str, ...]:
        ratio = f"{ac / secs:.2f}×" if ac else "—"
        cpu_ratio = f"{ac_cpu / cpu:.2f}×" if ac_cpu and cpu else "—"
        return (name, f"{secs:.1f}", f"{cpu:.1f}" if cpu else "", f"{mb / secs:.1f}", f"{rss:.0f}", ratio,
                cpu_ratio, target)

    speedup = r["single_s"] / r["jobs2_s"]
    vs_ac = ac / r["single_s"] if ac else 0.0
    goal = TARGETS["vs_autocorrect"]
    out = [
        row("fanwen-clean, 1 process", r["single_s"], r["single_rss"],
            f"≥ {goal}× autocorrect {verdict(vs_ac >= goal)}" if ac else "", r.get("single_cpu")),
        row("fanwen-clean, `--jobs 2`", r["jobs2_s"], r["jobs2_rss"],
            f"{speedup:.2f}× one job; ≥ {TARGETS['speedup']}× {verdict(speedup >= TARGETS['speedup'])}"),
        row("fanwen-clean `--anonymize`, 1 process", r["anon_s"], r["anon_rss"],
            f"{r['anon_s'] / r['single_s']:.1f}× the time of plain cleaning", r.get("anon_cpu")),
        row("Python floor (read + 1 `regex` pass)", r["floor_s"], r["floor_rss"],
            "upper bound for one process", r.get("floor_cpu")),
    ]
    if ac:
        out.append(row("autocorrect-py `format_for(text, \"md\")`", ac, r["ac_rss"], "the reference", ac_cpu))
        out.append(row("autocorrect-py `format(text)`", r["acp_s"], r["acp_rss"], "", r.get("acp_cpu")))
    return out


def report(r: dict, what: str, startup_runs: int) -> str:
    over = r["check_ms"] - r["bare_ms"]
    peak = max(r["single_rss"], r["jobs2_rss"], r["anon_rss"])
    return "\n".join([
        f"Corpus: {r['pages']:,} {what}, {r['mb']:.1f} MB; {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {r['load_before']:.1f} → {r['load_after']:.1f}.",
        "",
        "| run | seconds | CPU s | MB/s | peak RSS (MB) | speed vs autocorrect `md` | same, CPU time "
        "| target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        *(f"| {' | '.join(row)} |" for row in rows(r)),
        f"| start-up: `python -c pass` | {r['bare_ms'] / 1000:.3f} | | | | | | median of {startup_runs} |",
        f"| start-up: `fanwen-clean check` one page | {r['check_ms'] / 1000:.3f} | | | | | | "
        f"+{over:.0f} ms over bare Python; ≤ {TARGETS['startup_ms']:.0f} ms "
        f"{verdict(over <= TARGETS['startup_ms'])} |",
        "",
        f"Peak memory of any fanwen-clean process: {peak:.0f} MB "
        f"(≤ {TARGETS['rss_mb']:.0f} MB {verdict(peak <= TARGETS['rss_mb'])}).",
    ])


def main() -> None:
    ap = argparse.ArgumentParser(description="Benchmark fanwen-clean; prints a Markdown table.")
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--real", type=Path, metavar="DIR",
                    help="cycle the real pages DIR/*.txt instead of generating pages")
    ap.add_argument("--corpus", type=Path, help="where to generate (and reuse) the corpus "
                    "[default: a folder in the temp dir named after --pages and --seed]")
    ap.add_argument("--startup-runs", type=int, default=15)
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="also profile the stages on N pages")
    ap.add_argument("--json", type=Path, help="also write the raw numbers here")
    a = ap.parse_args()

    kind = "real" if a.real else str(a.seed)
    corpus = a.corpus or Path(tempfile.gettempdir()) / f"fanwen-bench-{a.pages}-{kind}"
    t0 = time.perf_counter()
    info = cycle_real(a.real, corpus, a.pages) if a.real else generate(corpus, a.pages, a.seed)
    what = f"real pages cycled from {a.real}" if a.real else f"generated pages (seed {a.seed})"
    print(f"corpus: {corpus} — {info['files']} pages, {info['bytes'] / MB:.1f} MB "
          f"(ready in {time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    r = measure(corpus, info, a.startup_runs)
    print(report(r, what, a.startup_runs))
    if a.json:
        a.json.write_text(json.dumps(r, indent=1))
    if a.profile:
        print()
        try:
            print(profile(corpus, a.profile))
        except Exception as exc:  # a rule pack being edited, say: the table above still stands
            print(f"(profile failed: {type(exc).__name__}: {exc})")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "_work":
        WORKS[sys.argv[2]](Path(sys.argv[3]))
    else:
        main()
