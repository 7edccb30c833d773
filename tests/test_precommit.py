"""The hooks of ``.pre-commit-hooks.yaml`` run by the real pre-commit on a corpus repository.

pre-commit builds the hook's environment with pip, so this test needs the package
index (it takes some seconds).  It copies this working tree into a temporary git
repository first, so what is tested is the code as it is now, committed or not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the test extra)")

ROOT = Path(__file__).resolve().parents[1]
DIRTY = "各位领导：\n  20xx年第{n}份工作总结。\n\n\n\n谢谢大家。  \n"
CLEAN = "一段已经干净的话。\n"
# the corpus repository's configuration: what a maintainer would keep next to the pages
CONFIG = """\
# fanwen-clean settings of this corpus
exclude = ["drafts/"]      # work in progress: not checked, not rewritten
ignore = ["FW9"]           # warnings are reviewed elsewhere
output-format = "concise"
"""
MARKED = "这一行的逗号,是原文。 fanwen-clean: ignore FW4\n"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


def snapshot_of_this_repo(dest: Path) -> Path:
    """This working tree (what a pip install needs, plus the hooks file) as a one-commit repo."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "src", dest / "src", ignore=ignore)
    shutil.copytree(ROOT / "rules", dest / "rules", ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, dest / name)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot")
    return dest


def try_repo(corpus: Path, hooks_repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hooks_repo), hook,
                           "--all-files"], cwd=corpus, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_fix_hook_rewrites_then_passes(tmp_path):
    hooks_repo = snapshot_of_this_repo(tmp_path / "fanwen-clean")
    corpus = tmp_path / "corpus"
    (corpus / "pages").mkdir(parents=True)
    git(corpus, "init", "-q")
    for n in (1, 2):
        (corpus / "pages" / f"p{n}.txt").write_text(DIRTY.format(n=n), "utf-8")
    (corpus / "pages" / "ok.txt").write_text(CLEAN, "utf-8")
    (corpus / "pages" / "marked.txt").write_text(MARKED, "utf-8")
    (corpus / ".fanwen-clean.toml").write_text(CONFIG, "utf-8")
    (corpus / "drafts").mkdir()
    (corpus / "drafts" / "wip.txt").write_text(DIRTY.format(n=9), "utf-8")
    (corpus / "notes.md").write_text("  not a page  \n", "utf-8")
    git(corpus, "add", "-A")
    home = tmp_path / "pre-commit-home"

    check = try_repo(corpus, hooks_repo, "fanwen-clean-check", home)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "pages/p1.txt:2:1: FW104" in check.stdout
    assert "drafts/" not in check.stdout and "marked.txt" not in check.stdout

    first = try_repo(corpus, hooks_repo, "fanwen-clean", home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    for n in (1, 2):
        fixed = (corpus / "pages" / f"p{n}.txt").read_text("utf-8")
        assert fixed != DIRTY.format(n=n)
        assert not any(line != line.strip() for line in fixed.splitlines())
    assert (corpus / "pages" / "ok.txt").read_text("utf-8") == CLEAN
    assert (corpus / "pages" / "marked.txt").read_text("utf-8") == MARKED  # the marker protects it
    assert (corpus / "drafts" / "wip.txt").read_text("utf-8") == DIRTY.format(n=9)  # excluded
    assert (corpus / "notes.md").read_text("utf-8") == "  not a page  \n"  # not a .txt: untouched
    assert "\r" not in first.stdout + first.stderr  # no progress line inside pre-commit

    git(corpus, "add", "-A")
    second = try_repo(corpus, hooks_repo, "fanwen-clean", home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
    assert try_repo(corpus, hooks_repo, "fanwen-clean-check", home).returncode == 0
    # the results cache sits next to the configuration and keeps itself out of git
    assert (corpus / ".fanwen-clean-cache").is_dir()
    assert ".fanwen-clean-cache" not in git(corpus, "status", "--porcelain", "--untracked-files=all")
