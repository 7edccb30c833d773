"""The benchmark's corpus generator and its measured commands work (numbers are not checked here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench
import corpus


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, dict]:
    dest = tmp_path_factory.mktemp("corpus")
    return dest, corpus.generate(dest, 40, seed=3, mean_kb=3)


def test_generated_pages_are_varied_dirty_and_deterministic(small, tmp_path):
    dest, info = small
    files = sorted(dest.rglob("*.txt"))
    assert info["files"] == len(files) == 40
    assert info["bytes"] == sum(f.stat().st_size for f in files)
    texts = [bench._text(f.read_bytes()) for f in files]
    assert len(set(texts)) == 40
    joined = "".join(texts)
    assert any(p in joined for p in ("20xx", "×××", "某某", "□□"))
    assert any(j.split("：")[0] in joined for j in corpus.JUNK)
    again = corpus.generate(tmp_path / "again", 40, seed=3, mean_kb=3)
    assert again["bytes"] == info["bytes"]
    assert (tmp_path / "again" / "000" / "page-00007.txt").read_bytes() == files[7].read_bytes()
    assert corpus.generate(dest, 40, seed=3, mean_kb=3) == info  # reused, not rewritten


def test_measured_commands_run(small):
    dest, info = small
    secs, rss, cpu = bench.clean_run(dest, 2, info["files"])
    assert secs > 0 and rss > 0 and cpu > 0
    assert bench.work_floor(dest) > 0


def test_real_pages_are_cycled_into_a_folder_and_reused(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for i, body in enumerate(["一、总结\n全年完成任务。\n", "各位来宾：\n欢迎光临。\n"]):
        (src / f"{i}.txt").write_text(body, "utf-8")
    out = tmp_path / "out"
    info = bench.cycle_real(src, out, 5)
    files = sorted(out.glob("*.txt"))
    assert info["files"] == 5 and len(files) == 5
    assert files[2].read_bytes() == (src / "0.txt").read_bytes()
    assert files[3].read_bytes() == (src / "1.txt").read_bytes()
    files[0].write_text("changed", "utf-8")
    bench.cycle_real(src, out, 5)
    assert files[0].read_text("utf-8") == "changed"  # same source and size: reused as it is


def test_table_has_a_ratio_column_and_the_anonymize_row():
    r = {"pages": 10, "mb": 2.0, "load_before": 0.1, "load_after": 0.2, "single_s": 1.0,
         "single_rss": 50, "jobs2_s": 0.55, "jobs2_rss": 60, "anon_s": 2.0, "anon_rss": 70,
         "floor_s": 0.1, "floor_rss": 20, "ac_s": 0.5, "ac_rss": 30, "acp_s": 0.2, "acp_rss": 30,
         "bare_ms": 20.0, "check_ms": 100.0}
    table = bench.report(r, "real pages", 3)
    assert "| fanwen-clean, 1 process | 1.0 |  | 2.0 | 50 | 0.50× | — |" in table  # no CPU figures
    r.update(single_cpu=0.9, ac_cpu=0.45)
    table = bench.report(r, "real pages", 3)
    assert "| fanwen-clean, 1 process | 1.0 | 0.9 | 2.0 | 50 | 0.50× | 0.50× |" in table
    assert "`--anonymize`" in table and "2.0× the time of plain cleaning" in table
    assert "1.82× one job" in table
