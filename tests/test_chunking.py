"""Huge pages are cleaned in pieces cut at paragraph boundaries; the joined report stays coherent."""

from __future__ import annotations

import pytest

from fanwen_clean import chunking, clean_text
from fanwen_clean.fill import fill

PARAS = [
    "  今年以来，我们认真开展各项工作，取得了新的成效。",
    "  20xx年x月，×××同志带领全体人员完成了任务。",
    "  下一步，我们将进一步完善制度 ，加强队伍建设。",
    "  在这次活动中，XX公司的同志们积极参与，表现突出。",
]
PAGE = "\n\n".join(PARAS * 3) + "\n"


def test_pieces_add_up_and_cut_at_blank_lines() -> None:
    got = list(chunking.pieces(PAGE, 80))
    assert "".join(p for p, _ in got) == PAGE
    assert all(len(p) <= 80 for p, _ in got) and len(got) > 3
    assert all(p.endswith("\n\n") and blank for p, blank in got[:-1])


def test_pieces_fall_back_to_line_ends_then_hard_cuts() -> None:
    lines = "甲乙丙丁\n" * 10
    got = list(chunking.pieces(lines, 12))
    assert "".join(p for p, _ in got) == lines and all(p.endswith("\n") and not b for p, b in got)
    long_line = "甲" * 25
    assert [p for p, _ in chunking.pieces(long_line, 10)] == ["甲" * 10, "甲" * 10, "甲" * 5]


@pytest.fixture()
def tiny_chunks(monkeypatch):
    monkeypatch.setattr(chunking, "CHUNK_CHARS", 120)


def test_chunked_clean_matches_whole_page_on_independent_paragraphs(monkeypatch) -> None:
    whole = clean_text(PAGE)
    monkeypatch.setattr(chunking, "CHUNK_CHARS", 120)
    pieces = clean_text(PAGE)
    assert pieces.text == whole.text
    assert [c["line"] for c in pieces.changes if c["rule"] == "FW104"] == \
        [c["line"] for c in whole.changes if c["rule"] == "FW104"]


def test_chunked_report_is_coherent(tiny_chunks) -> None:
    res = clean_text(PAGE)
    assert len(list(chunking.pieces(PAGE, 120))) > 2
    # every slot occurrence points at its token in the joined template …
    for slot in res.slots:
        for occ in slot["occurrences"]:
            assert res.template[occ["start"]:occ["end"]] == "{{" + slot["name"] + "}}"
    # … so the report restores the page, and changes keep their line in the whole page
    assert fill(res.template, res.as_dict()) == res.text
    assert res.input_text == PAGE
    last_para_line = PAGE.count("\n")
    assert any(c["line"] == last_para_line for c in res.changes)


def test_changes_beyond_the_listed_bound_are_counted(tiny_chunks, monkeypatch) -> None:
    monkeypatch.setattr(chunking, "MAX_CHANGES_LISTED", 3)
    res = clean_text(PAGE)
    assert len(res.changes) == 3
    (w,) = [w for w in res.warnings if w["rule"] == "FW109"]
    assert "more changes not listed" in w["message"]


def test_huge_pages_are_written_piece_by_piece(tiny_chunks, tmp_path, runner) -> None:
    from fanwen_clean.cli import main

    expected = clean_text(PAGE).template  # joined in memory, with the same pieces
    src = tmp_path / "in" / "big.txt"
    src.parent.mkdir()
    src.write_text(PAGE, "utf-8")
    res = runner.invoke(main, ["clean", "-q", "--jobs", "1", "--out-dir", str(tmp_path / "out"), str(src)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "big.txt").read_text("utf-8") == expected
    res = runner.invoke(main, ["clean", "-q", "--jobs", "1", "--in-place", str(src)])
    assert res.exit_code == 0 and src.read_text("utf-8") == expected
    before = src.stat().st_mtime_ns
    clean_page = tmp_path / "in" / "clean.txt"
    clean_page.write_text(expected, "utf-8")
    mtime = clean_page.stat().st_mtime_ns
    res = runner.invoke(main, ["clean", "-q", "--jobs", "1", "--in-place", str(clean_page)])
    assert res.exit_code == 0 and clean_page.stat().st_mtime_ns == mtime  # unchanged: untouched
    assert src.stat().st_mtime_ns == before
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
