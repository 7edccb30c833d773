"""Parallel batch runs: input order, failures that do not stop a run, streaming, summary, progress."""

from __future__ import annotations

import io
import itertools
import json
import os
import sys
from pathlib import Path

import pytest

from fanwen_clean import Settings, pipeline
from fanwen_clean import parallel as par
from fanwen_clean.batch import Outcome
from fanwen_clean.cli import main
from fanwen_clean.files import Input, InputError, iter_inputs
from fanwen_clean.progress import Progress, RunStats, wants_progress

DIRTY = "各位领导：\n  {n}年第{n}份工作总结。\n\n\n\n谢谢大家。  \n"


def make_corpus(root: Path, n: int) -> list[Path]:
    """n dirty pages in nested folders; each page's text names its number."""
    paths = []
    for i in range(n):
        p = root / f"d{i % 3}" / f"p{i:03d}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(DIRTY.format(n=i), "utf-8")
        paths.append(p)
    return sorted(paths)


# workers inherit a monkeypatched pipeline only when they are forked (Linux)
needs_fork = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked only on Linux")


@pytest.fixture()
def faulty_stage(monkeypatch):
    """A stage that raises on pages mentioning 第7份 and kills its process on 第9份.

    Workers are forked, so they inherit this patched pipeline.
    """

    def stage(doc, rules, settings):
        if "第7份" in doc.text:
            raise KeyError("boom")
        if "第9份" in doc.text:
            os._exit(7)
        return doc

    monkeypatch.setattr(pipeline, "STAGES", (*pipeline.STAGES, ("faulty", stage)))


def test_jobs2_keeps_input_order_and_matches_one_job(runner, tmp_path, monkeypatch):
    make_corpus(tmp_path, 50)
    monkeypatch.setattr(par, "CHUNK", 3)  # many chunks, so results really arrive out of order
    one = runner.invoke(main, ["clean", "--format", "jsonl", "--jobs", "1", str(tmp_path)])
    two = runner.invoke(main, ["clean", "--format", "jsonl", "--jobs", "2", str(tmp_path)])
    assert one.exit_code == two.exit_code == 0, two.output
    assert two.stdout == one.stdout
    sources = [json.loads(line)["source"] for line in two.stdout.splitlines()]
    assert sources == [str(p) for p in sorted(tmp_path.rglob("*.txt"))]
    for line in two.stdout.splitlines():
        obj = json.loads(line)
        n = int(Path(obj["source"]).stem[1:])
        assert f"第{n}份" in obj["template"]


def test_streaming_path_with_small_lookahead(tmp_path, monkeypatch, book):
    paths = make_corpus(tmp_path, 40)
    monkeypatch.setattr(par, "LOOKAHEAD", 5)
    monkeypatch.setattr(par, "CHUNK", 2)
    monkeypatch.setattr(par, "WINDOW", 1)
    items: list = [Input(str(p), p) for p in paths]
    items.insert(17, InputError("gone.txt: no such file or directory"))
    outs = list(par.map_ordered(iter(items), book, Settings(), jobs=2))
    assert len(outs) == 41
    assert isinstance(outs[17], InputError)
    names = [o.input.name for o in outs if isinstance(o, Outcome)]
    assert names == [str(p) for p in paths]
    assert all(o.result is not None for o in outs if isinstance(o, Outcome))


def test_input_is_consumed_lazily(tmp_path, book):
    """An endless stream of inputs still yields results: memory is bounded by the window."""
    page = make_corpus(tmp_path, 1)[0]
    endless = (Input(f"{page}#{i}", page) for i in itertools.count())
    results = par.map_ordered(endless, book, Settings(), jobs=2)
    first = list(itertools.islice(results, par.LOOKAHEAD + 50))
    results.close()  # shuts the pool down
    assert [o.input.name for o in first[:3]] == [f"{page}#0", f"{page}#1", f"{page}#2"]
    assert all(o.error is None for o in first)


@needs_fork
def test_failing_files_in_a_parallel_run(runner, tmp_path, faulty_stage):
    make_corpus(tmp_path, 30)
    (tmp_path / "d0" / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    res = runner.invoke(main, ["clean", "--jobs", "2", "--out-dir", str(tmp_path / "out"), str(tmp_path)])
    assert res.exit_code == 3
    errors = [line for line in res.stderr.splitlines() if "fanwen-clean: " in line and "failed" not in line]
    assert len(errors) == 3, res.stderr
    assert any("binary.txt" in e and "NUL" in e for e in errors)
    assert any("p007.txt: internal error: KeyError" in e for e in errors)
    assert any("p009.txt: internal error: worker process died" in e for e in errors)
    written = sorted(p.name for p in (tmp_path / "out").rglob("*.txt"))
    assert len(written) == 28
    assert "p007.txt" not in written and "p009.txt" not in written
    assert "31 files, 28 changed, 3 failed" in res.stderr


def test_internal_error_in_sequential_run(runner, tmp_path, monkeypatch):
    pages = [p for p in make_corpus(tmp_path, 9) if p.stem in ("p006", "p007")]

    def stage(doc, rules, settings):
        if "第7份" in doc.text:
            raise ValueError("stage bug")
        return doc

    monkeypatch.setattr(pipeline, "STAGES", (*pipeline.STAGES, ("faulty", stage)))
    res = runner.invoke(main, ["check", "--jobs", "1", *map(str, pages)])
    assert res.exit_code == 3
    assert "p007.txt: internal error: ValueError: stage bug" in res.stderr
    assert "p006.txt:2:1: FW104" in res.stdout


def test_one_job_or_one_input_starts_no_process(runner, tmp_path, monkeypatch):
    pages = make_corpus(tmp_path, 3)

    def no_pool(*a, **k):
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(par, "_Pool", no_pool)
    assert runner.invoke(main, ["check", "--jobs", "1", *map(str, pages)]).exit_code == 1
    assert runner.invoke(main, ["check", "--jobs", "4", str(pages[0])]).exit_code == 1
    with pytest.raises(AssertionError, match="process pool"):
        list(par.map_ordered([Input(str(p), p) for p in pages], None, Settings(), jobs=2))


def test_summary_only_for_batches_and_not_with_quiet(runner, tmp_path):
    pages = make_corpus(tmp_path, 3)
    many = runner.invoke(main, ["check", *map(str, pages)])
    assert "fanwen-clean: 3 files, 3 to clean, 0 failed" in many.stderr
    assert "KB/s" in many.stderr and "fanwen-clean" not in many.stdout
    one = runner.invoke(main, ["check", str(pages[0])])
    assert one.stderr == ""
    quiet = runner.invoke(main, ["clean", "-q", "--check", *map(str, pages)])
    assert quiet.exit_code == 1 and "files" not in quiet.stderr
    assert "\r" not in many.stderr  # no progress line when stderr is not a terminal


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    assert not wants_progress(io.StringIO())
    assert wants_progress(_Tty())
    stats = RunStats()
    tty = _Tty()
    prog = Progress(True, stats, total_items=4, total_bytes=4000, stream=tty)
    stats.add(1000, changed=True)
    prog.update(force=True)
    line = tty.getvalue()
    assert line.startswith("\r1/4 files") and "25%" in line
    assert "files/s" in line and "B/s" in line and "ETA" in line
    prog.close()
    assert tty.getvalue().endswith("\r\x1b[K")
    off = _Tty()
    Progress(False, stats, stream=off).update(force=True)
    assert off.getvalue() == ""


def test_walk_is_lazy_and_multi_glob(tmp_path):
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "b.jsonl.gz").write_bytes(b"")
    (tmp_path / "c.txt").write_text("x")
    walk = iter_inputs([str(tmp_path)], ("*.jsonl", "*.jsonl.gz"))
    assert not isinstance(walk, list)
    assert [i.name for i in walk] == [str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl.gz")]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_write_failures_are_reported_per_file(runner, tmp_path, jobs):
    src = tmp_path / "in"
    make_corpus(src, 12)
    out = tmp_path / "out"
    out.mkdir()
    (out / "d1").write_text("a file where a folder should be")
    res = runner.invoke(main, ["clean", "--jobs", jobs, "--out-dir", str(out), str(src)])
    assert res.exit_code == 3
    errors = [e for e in res.stderr.splitlines() if "cannot write" in e]
    assert len(errors) == 4 and all(f"{out / 'd1'}/p" in e for e in errors)
    assert sorted(p.parent.name for p in out.rglob("*.txt")) == ["d0"] * 4 + ["d2"] * 4
    assert "12 files, 12 changed, 4 failed" in res.stderr
