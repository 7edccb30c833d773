"""Bad paths, full disks, bounded reads, symlinks and read-only pages: one line each, nothing lost."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from fanwen_clean.cli import main

PAGE = "  今年以来，我们认真开展各项工作，取得了新的成效。\n"
CLEAN = "今年以来，我们认真开展各项工作，取得了新的成效。\n"


def _page(path: Path, text: str = PAGE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def _tmp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


# --- item 3: output directory and input directory ---------------------------------------------

def test_out_dir_equal_to_input_dir_is_refused(tmp_path: Path, runner) -> None:
    _page(tmp_path / "in" / "a.txt")
    res = runner.invoke(main, ["clean", "--out-dir", str(tmp_path / "in"), str(tmp_path / "in")])
    assert res.exit_code == 2 and "input directory" in res.output
    assert (tmp_path / "in" / "a.txt").read_text("utf-8") == PAGE
    # the same directory reached through a file argument
    res = runner.invoke(main, ["clean", "--out-dir", str(tmp_path / "in"), str(tmp_path / "in" / "a.txt")])
    assert res.exit_code == 2 and (tmp_path / "in" / "a.txt").read_text("utf-8") == PAGE


def test_out_dir_inside_input_dir_is_never_read(tmp_path: Path, runner) -> None:
    src = tmp_path / "in"
    _page(src / "a.txt")
    for _ in range(2):
        res = runner.invoke(main, ["clean", "-q", "--out-dir", str(src / "cleaned"), str(src)])
        assert res.exit_code == 0, res.output
    assert (src / "cleaned" / "a.txt").read_text("utf-8") == CLEAN
    assert not (src / "cleaned" / "cleaned").exists()


# --- item 8: unreadable directories, too-long paths, long names -------------------------------

def test_unreadable_subdirectory_is_reported(tmp_path: Path, runner, monkeypatch) -> None:
    _page(tmp_path / "in" / "a.txt")
    _page(tmp_path / "in" / "locked" / "b.txt")
    real = os.scandir

    def scandir(path):  # as root, chmod 000 would not stop us: simulate it
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    res = runner.invoke(main, ["clean", "-q", "--out-dir", str(tmp_path / "out"), str(tmp_path / "in")])
    assert res.exit_code == 3
    assert "locked" in res.output and "Permission denied" in res.output
    assert (tmp_path / "out" / "a.txt").exists()


def test_too_long_path_is_reported(tmp_path: Path, runner) -> None:
    res = runner.invoke(main, ["clean", str(tmp_path / ("长" * 200) / "a.txt")])
    assert res.exit_code == 3 and "too long" in res.output


def test_250_byte_name_in_place(tmp_path: Path, runner) -> None:
    page = _page(tmp_path / ("页" * 82 + ".txt"))  # 82 × 3 + 4 = 250 bytes
    assert len(page.name.encode()) == 250
    res = runner.invoke(main, ["clean", "--in-place", str(page)])
    assert res.exit_code == 0, res.output
    assert page.read_text("utf-8") == CLEAN and not _tmp_files(tmp_path)


# --- item 9: symlinks and read-only pages -----------------------------------------------------

def test_in_place_writes_through_a_symlink(tmp_path: Path, runner) -> None:
    target = _page(tmp_path / "real.txt")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    res = runner.invoke(main, ["clean", "--in-place", str(link)])
    assert res.exit_code == 0, res.output
    assert link.is_symlink() and target.read_text("utf-8") == CLEAN


def test_in_place_leaves_a_read_only_page_alone(tmp_path: Path, runner) -> None:
    page = _page(tmp_path / "ro.txt")
    page.chmod(0o444)
    res = runner.invoke(main, ["clean", "--in-place", str(page)])
    assert res.exit_code == 3 and "read-only" in res.output
    assert len(res.output.strip().splitlines()) == 1
    assert page.read_text("utf-8") == PAGE and (page.stat().st_mode & 0o777) == 0o444


# --- item 7: bounded reads, full disks, bad records -------------------------------------------

def test_input_larger_than_the_limit(tmp_path: Path, runner, monkeypatch) -> None:
    monkeypatch.setenv("FANWEN_CLEAN_MAX_INPUT_MB", "1")
    big = _page(tmp_path / "big.txt", PAGE * 40000)
    res = runner.invoke(main, ["clean", str(big)])
    assert res.exit_code == 3 and "input limit" in res.output
    res = runner.invoke(main, ["clean", "-"], input=b"\x00" * (3 << 20))
    assert res.exit_code == 3 and "input limit" in res.output


def test_jsonl_record_longer_than_the_limit(tmp_path: Path, runner, monkeypatch) -> None:
    monkeypatch.setenv("FANWEN_CLEAN_MAX_INPUT_MB", "1")
    res = runner.invoke(main, ["clean", "--input-format", "jsonl", "-"], input=b"\x00" * (3 << 20))
    assert res.exit_code == 3 and "input limit" in res.output and "Traceback" not in res.output


def test_jsonl_lone_surrogate_is_one_line(tmp_path: Path, runner) -> None:
    data = ('{"text": "今年\\ud800工作。"}\n{"text": "  今年工作。\\n", "id": "\\udc00"}\n'
            '{"text": "好。\\n"}\n')
    src = _page(tmp_path / "a.jsonl", data)
    res = runner.invoke(main, ["clean", "--input-format", "jsonl", str(src)])
    assert res.exit_code == 3
    assert res.output.count("lone surrogate") == 2 and "Traceback" not in res.output
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 3 and json.loads(lines[2])["text"] == "好。\n"


def _full_disk(monkeypatch) -> None:
    def fsync(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)


def test_learn_on_a_full_disk(tmp_path: Path, runner, monkeypatch) -> None:
    for i in range(4):
        _page(tmp_path / "in" / f"{i}.txt", f"本站首页 > 范文\n第{i}篇的正文写在这里。\n")
    _full_disk(monkeypatch)
    out = tmp_path / "o" / "learned.toml"
    out.parent.mkdir()
    res = runner.invoke(main, ["learn", str(tmp_path / "in"), "-o", str(out)])
    assert res.exit_code == 3 and "No space left" in res.output and "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert not list(out.parent.iterdir())


def test_jsonl_out_dir_on_a_full_disk(tmp_path: Path, runner, monkeypatch) -> None:
    src = _page(tmp_path / "in" / "a.jsonl", '{"text": "  今年工作。\\n"}\n')
    _full_disk(monkeypatch)
    out = tmp_path / "out"
    res = runner.invoke(main, ["clean", "-q", "--input-format", "jsonl", "--out-dir", str(out),
                               str(src.parent)])
    assert res.exit_code == 3 and "No space left" in res.output
    assert isinstance(res.exception, SystemExit)
    assert not _tmp_files(out) and not (out / "a.jsonl").exists()


def test_in_place_on_a_full_disk_keeps_the_page(tmp_path: Path, runner, monkeypatch) -> None:
    page = _page(tmp_path / "a.txt")
    _full_disk(monkeypatch)
    res = runner.invoke(main, ["clean", "--in-place", str(page)])
    assert res.exit_code == 3 and "No space left" in res.output
    assert page.read_text("utf-8") == PAGE and not _tmp_files(tmp_path)


@pytest.mark.parametrize("original", [2024, None, ["x"]])
def test_fill_report_with_odd_original(tmp_path: Path, runner, original) -> None:
    tpl = _page(tmp_path / "t.txt", "{{年份}}年\n")
    occ = {"start": 0, "end": 8, "original": original}
    rep = {"template": "{{年份}}年\n", "slots": [{"name": "年份", "values": [], "occurrences": [occ]}]}
    vals = _page(tmp_path / "r.json", json.dumps(rep, ensure_ascii=False))
    res = runner.invoke(main, ["fill", str(tpl), "--values", str(vals)])
    assert res.exit_code == 2 and "not a string" in res.output


def test_temp_files_of_a_stopped_process_are_removed(tmp_path: Path) -> None:
    """A signal can land after a temp file is made and before anyone holds it: the registry has it."""
    from fanwen_clean.files import StreamWriter, remove_temp_files

    w = StreamWriter(tmp_path / "shard.jsonl")
    w.write("{}\n")
    assert _tmp_files(tmp_path)
    del w  # lost, as if the signal came before the caller could keep it
    remove_temp_files()
    assert not _tmp_files(tmp_path) and not (tmp_path / "shard.jsonl").exists()
