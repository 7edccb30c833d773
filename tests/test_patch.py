"""`clean --diff` prints a patch that git apply (and patch) accept and that gives the cleaned file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from fanwen_clean.cli import main
from fanwen_clean.render import NO_EOL, patch

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.txt"))
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_a_side_without_final_newline_is_marked():
    out = patch("p.txt", "甲\n乙", "甲\n丙\n")
    assert out.endswith(b"-\xe4\xb9\x99\n" + NO_EOL + "+丙\n".encode())
    both = patch("p.txt", "甲\n乙", "甲\n丙")
    assert both.count(NO_EOL) == 2
    assert patch("p.txt", "甲\n", "甲\n") == b""


def test_lines_end_at_newline_only():
    # a form feed or U+2028 inside a line is not a line end for patch tools
    out = patch("p.txt", "甲\f乙\u2028丙\n", "甲\f乙\u2028丁\n")
    assert out.count(b"\n-") == 1 and out.count(b"\n+") == 2  # one removed line, one added (+ header)


@needs_git
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_git_apply_accepts_the_diff_of_every_sample(tmp_path, sample, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    page = repo / sample.name
    shutil.copyfile(sample, page)
    monkeypatch.chdir(repo)
    runner = CliRunner()
    cleaned = runner.invoke(main, ["clean", "--isolated", sample.name]).stdout_bytes
    diff = runner.invoke(main, ["clean", "--isolated", "--diff", sample.name])
    if not diff.stdout_bytes:
        assert cleaned == sample.read_bytes()
        return
    assert diff.exit_code == 1
    (tmp_path / "d.patch").write_bytes(diff.stdout_bytes)
    applied = subprocess.run(["git", "apply", str(tmp_path / "d.patch")], cwd=repo,
                             capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    assert page.read_bytes() == cleaned


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch is not installed")
def test_patch_accepts_a_page_without_final_newline(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    page = tmp_path / "p.txt"
    page.write_bytes("  今年的工作,取得了进展。\r\n谢谢大家".encode("gb18030"))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    cleaned = runner.invoke(main, ["clean", "--isolated", "p.txt"]).stdout_bytes
    diff = runner.invoke(main, ["clean", "--isolated", "--diff", "p.txt"]).stdout_bytes
    (tmp_path / "d.patch").write_bytes(diff)
    done = subprocess.run(["patch", "-p1", "-i", "d.patch"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert page.read_bytes() == cleaned
