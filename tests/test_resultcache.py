"""The results cache: unchanged pages are not cleaned again; anything that matters invalidates it."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from fanwen_clean import api
from fanwen_clean.cli import main

DIRTY = "各位同事：\n  今年的工作,取得了进展。  \n"
CLEAN = "一段已经干净的话。\n"


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    root = tmp_path / "corpus"
    (root / ".git").mkdir(parents=True)
    (root / ".fanwen-clean.toml").write_text("jobs = 1\n", "utf-8")
    (root / "dirty.txt").write_text(DIRTY, "utf-8")
    (root / "clean.txt").write_text(CLEAN, "utf-8")
    return root


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture()
def broken_pipeline(monkeypatch):
    """Cleaning anything now fails: an input that is reported normally came from the cache."""
    def boom(*_a, **_k):
        raise RuntimeError("pipeline ran")

    def arm():
        monkeypatch.setattr(api, "run_pipeline", boom)

    return arm


def test_second_check_takes_results_from_the_cache(corpus, broken_pipeline):
    first = run("check", corpus)
    assert first.exit_code == 1
    cache = corpus / ".fanwen-clean-cache"
    assert cache.is_dir() and stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert (cache / ".gitignore").read_text("utf-8").strip().endswith("*")
    broken_pipeline()
    second = run("check", corpus)
    assert second.exit_code == 1 and second.stdout == first.stdout
    assert "pipeline ran" not in second.stderr
    nocache = run("check", "--no-cache", corpus)
    assert nocache.exit_code == 3 and "pipeline ran" in nocache.stderr


def test_a_changed_page_or_changed_settings_are_cleaned_again(corpus, broken_pipeline):
    run("check", corpus)
    broken_pipeline()
    (corpus / "clean.txt").write_text(CLEAN + "又一句。\n", "utf-8")
    res = run("check", corpus)
    assert "clean.txt: internal error" in res.stderr and "dirty.txt: internal" not in res.stderr
    res = run("check", "--ignore", "FW4", corpus / "dirty.txt")
    assert "internal error" in res.stderr  # other settings: another cache


def test_clean_in_place_skips_pages_it_left_as_they_were(corpus, broken_pipeline):
    assert run("clean", "--in-place", corpus).exit_code == 0
    assert run("clean", "--in-place", corpus).exit_code == 0  # now every page is clean and cached
    broken_pipeline()
    res = run("clean", "--in-place", corpus)
    assert res.exit_code == 0 and "internal error" not in res.stderr
    assert run("clean", "--check", corpus).exit_code == 0


def test_without_a_configuration_the_cache_is_private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    (tmp_path / ".git").mkdir()
    page = tmp_path / "p.txt"
    page.write_text(DIRTY, "utf-8")
    run("check", page)
    private = tmp_path / "xdg" / "fanwen-clean" / "results"
    assert stat.S_IMODE(private.stat().st_mode) == 0o700 and list(private.glob("results-*.json"))


def test_a_cache_directory_others_may_write_is_not_used(tmp_path, monkeypatch, broken_pipeline):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    (tmp_path / ".git").mkdir()
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    os.chmod(shared, 0o777)
    page = tmp_path / "p.txt"
    page.write_text(DIRTY, "utf-8")
    run("check", "--cache-dir", shared, page)
    assert not list(Path(shared).iterdir())
    broken_pipeline()
    assert "pipeline ran" in run("check", "--cache-dir", shared, page).stderr


def test_a_damaged_cache_is_ignored(corpus):
    first = run("check", corpus)
    (cache_file,) = (corpus / ".fanwen-clean-cache").glob("results-*.json")
    data = json.loads(cache_file.read_text("utf-8"))
    for key in data:
        data[key] = [data[key][0], True, [["x"]]] if "dirty" in key else 7
    cache_file.write_text(json.dumps(data), "utf-8")
    again = run("check", corpus)
    assert again.exit_code == first.exit_code and again.stdout == first.stdout
    cache_file.write_text("not json", "utf-8")
    assert run("check", corpus).stdout == first.stdout


def test_a_page_over_the_input_limit_is_refused_by_the_cache_too(corpus, monkeypatch):
    sizes = []
    real_read_bytes = Path.read_bytes

    def spy(self):
        data = real_read_bytes(self)
        sizes.append(len(data))
        return data

    monkeypatch.setattr(Path, "read_bytes", spy)
    monkeypatch.setenv("FANWEN_CLEAN_MAX_INPUT_MB", "1")
    (corpus / "huge.txt").write_bytes(DIRTY.encode("utf-8") * 80_000)
    res = run("check", corpus)
    assert res.exit_code == 3 and "huge.txt" in res.output and "input limit" in res.output
    assert max(sizes, default=0) < 1 << 20  # the cache did not read the huge page whole
