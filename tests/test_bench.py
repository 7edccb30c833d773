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
    secs, rss = bench.clean_run(dest, 2, info["files"])
    assert secs > 0 and rss > 0
    assert bench.work_floor(dest) > 0
