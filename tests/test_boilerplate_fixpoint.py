"""Boilerplate removal reaches a fixed point: running the stage on its own output removes nothing.

Pages are made by shuffling lines of the bundled samples, so that site chrome lands in
every position (header, middle, footer) and next to every kind of line.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from fanwen_clean import RuleBook, Settings
from fanwen_clean.decode import decode
from fanwen_clean.document import Document, Line
from fanwen_clean.stages import boilerplate

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _sample_lines() -> list[str]:
    lines: list[str] = []
    for page in sorted(SAMPLES.glob("*.txt")):
        text, _ = decode(page.read_bytes(), str(page))
        lines += text.replace("\r\n", "\n").split("\n")
    return lines


def test_second_run_removes_nothing() -> None:
    rng = random.Random(20261125)
    pool = _sample_lines()
    book, settings = RuleBook(), Settings()
    for _ in range(300):
        page = "\n".join(rng.choice(pool) for _ in range(rng.randint(2, 30)))
        once = boilerplate.run(Document.from_text(page), book, settings)
        twice = boilerplate.run(Document.from_text(once.text), book, settings)
        assert twice.text == once.text, page


def _rewrap_marks_joins() -> bool:
    """Does the rewrap stage set ``Line.joined`` yet (issue 12)?"""
    from fanwen_clean.stages import rewrap

    doc = Document.from_text("今年以来，我们社区组织志愿者开展了环境\n整治、助老助残和文明劝导等活动。\n")
    return any(ln.joined for ln in rewrap.run(doc, RuleBook(), Settings()).lines)


def test_recheck_looks_again_at_joined_lines_only() -> None:
    body = "今年以来，我们社区组织志愿者开展了环境整治、助老助残和文明劝导等活动，受到居民好评。"
    lines = (Line("社区志愿服务工作总结", 1), Line("", 2), Line(body, 3), Line("", 4),
             Line("作者：社区办 来源：居民投稿", 5))
    book, settings = RuleBook(), Settings()
    doc = Document(lines=lines)
    assert boilerplate.recheck(doc, book, settings) is doc  # nothing joined: no second look
    joined = Document(lines=(*lines[:4], Line(lines[4].text, 5, joined=True)))
    out = boilerplate.recheck(joined, book, settings).text
    assert "来源" not in out and "志愿者" in out


@pytest.mark.skipif(not _rewrap_marks_joins(), reason="rewrap does not set Line.joined yet (issue 12)")
def test_chrome_line_cut_by_a_page_break_goes_in_one_cleaning() -> None:
    from fanwen_clean import clean_text

    page = ("社区志愿服务工作总结\n\n"
            "今年以来，我们社区组织志愿者开展了环境整治、助老助残和文明劝导等活动，受到居民好评。\n\n"
            "作者：社区办 来源\n\n：居民投稿\n")
    once = clean_text(page).text
    assert "来源" not in once and "投稿" not in once
    assert "志愿者开展了环境整治" in once
    assert clean_text(once).text == once
