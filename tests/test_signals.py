"""Real processes: SIGTERM/SIGKILL of a --jobs 2 run, a reader that goes away, stdout on /dev/full."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXE = str(Path(sys.executable).with_name("fanwen-clean"))
PARA = "  今年以来，第{i}小组认真开展各项工作，推动单位发展取得新的成效，全体同志团结协作。\n"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")


def _corpus(root: Path, n: int, lines: int = 60) -> Path:
    src = root / "in"
    src.mkdir()
    for k in range(n):
        (src / f"{k:04d}.txt").write_text("".join(PARA.format(i=k * 1000 + i) for i in range(lines)), "utf-8")
    return src


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _wait_for(cond, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_workers_die_with_their_parent(sig: int, tmp_path: Path) -> None:
    src = _corpus(tmp_path, 400)
    out = tmp_path / "out"
    env = {**os.environ, "FANWEN_CLEAN_NO_CACHE": "1"}
    proc = subprocess.Popen([EXE, "clean", "-q", "--jobs", "2", "--out-dir", str(out), str(src)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        assert _wait_for(lambda: len(_children(proc.pid)) >= 2 and out.exists() and any(out.iterdir()), 120)
        workers = _children(proc.pid)
        proc.send_signal(sig)
        _stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _wait_for(lambda: not any(_alive(w) for w in workers), 30), "workers outlived their parent"
    assert len(list(out.iterdir())) < 400  # it really was stopped
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    if sig == signal.SIGTERM:
        assert proc.returncode == 143
        assert b"Traceback" not in stderr


def test_sigterm_in_a_single_process_run_leaves_no_temp_file(tmp_path: Path) -> None:
    src = _corpus(tmp_path, 1500, lines=20)
    first = src / "0000.txt"
    before = first.read_bytes()
    proc = subprocess.Popen([EXE, "clean", "-q", "--jobs", "1", "--in-place", str(src)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert _wait_for(lambda: first.read_bytes() != before, 60)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and b"Traceback" not in err
    assert not [p for p in src.iterdir() if p.name.endswith(".tmp")]
    assert (src / "1499.txt").read_text("utf-8").startswith("  ")  # it stopped before the end


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path: Path) -> None:
    src = _corpus(tmp_path, 40, lines=200)
    proc = subprocess.Popen([EXE, "clean", "-q", "--jobs", "1", str(src)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert proc.returncode == 141 and err == b""


def test_stdout_on_dev_full_and_closed(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text(PARA.format(i=1), "utf-8")
    with open("/dev/full", "w") as full:
        res = subprocess.run([EXE, "clean", str(page)], stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert res.returncode == 3 and res.stderr.decode().count("\n") == 1
    assert b"No space left" in res.stderr
    res = subprocess.run(["sh", "-c", f'exec "{EXE}" clean "{page}" >&-'], stderr=subprocess.PIPE, timeout=60)
    assert res.returncode == 3 and res.stderr.decode().count("\n") == 1


def test_endless_stdin_is_bounded(tmp_path: Path) -> None:
    env = {**os.environ, "FANWEN_CLEAN_MAX_INPUT_MB": "4"}
    res = subprocess.run(["sh", "-c", f'"{EXE}" clean - < /dev/zero'], capture_output=True, env=env,
                         timeout=60)
    assert res.returncode == 3 and b"input limit" in res.stderr and res.stderr.count(b"\n") == 1


def test_fallback_watch_kills_a_worker_whose_parent_is_gone() -> None:
    """Where PR_SET_PDEATHSIG is missing, a worker polls its parent and stops when it changes."""
    code = ("import os, signal\nfrom fanwen_clean import parallel\n"
            "signal.signal(signal.SIGTERM, parallel._on_sigterm)\n"
            "parallel._watch_parent(os.getppid() + 99999)\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert res.returncode == 128 + signal.SIGTERM and res.stderr == b""


def test_a_stop_in_a_worker_ends_the_worker_and_never_reaches_the_parent(monkeypatch) -> None:
    from fanwen_clean import parallel

    ended = []

    def exit_stopped():
        ended.append(True)
        raise SystemExit(143)

    monkeypatch.setattr(parallel, "_exit_stopped", exit_stopped)
    monkeypatch.setitem(parallel._WORKER, "book", None)
    monkeypatch.setitem(parallel._WORKER, "settings", None)

    def stopped(*_a):
        raise parallel._Stop()

    with pytest.raises(SystemExit):
        parallel._run_chunk(stopped, [1])
    assert ended == [True] and parallel._WORKER["busy"] is False
