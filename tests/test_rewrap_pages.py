"""Rewrap on whole pages of our own (tests/fixtures/rewrap): real breaks stay, cut ones are joined.

The wrapped pages are made here from clean paragraphs, the way scrapers and PDF exports cut
them: a fixed width that jitters by a few columns, wraps that became spaces, page breaks with
a page marker between the halves.  A page prefix must be decided like the whole page.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from fanwen_clean.api import _book
from fanwen_clean.document import Document
from fanwen_clean.pipeline import run_pipeline
from fanwen_clean.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "rewrap"
KEEP = sorted((FIXTURES / "keep").glob("*.txt"))
WRAP = sorted((FIXTURES / "wrap").glob("*.txt"))
JOINS = {"FW301", "FW302", "FW303", "FW304", "FW306", "FW309"}


def _clean(text: str) -> Document:
    return run_pipeline(Document.from_text(text), _book(None), Settings())


def _paras(path: Path) -> list[str]:
    return path.read_text("utf-8").strip().split("\n")


def _width(ch: str) -> int:
    return len(ch.encode("gbk", "replace"))


def _wrap(paras: list[str], width: int, seed: int, indent: str = "") -> list[str]:
    """Cut each paragraph at ``width`` display columns, less 0-4 at random (a proportional font)."""
    rng = random.Random(seed)
    out: list[str] = []
    for p in paras:
        cur, used, limit = indent, _width(indent) if indent else 0, width - rng.randint(0, 4)
        for ch in p:
            if used + _width(ch) > limit:
                out.append(cur)
                cur, used, limit = "", 0, width - rng.randint(0, 4)
            cur += ch
            used += _width(ch)
        out.append(cur)
    return out


def _joined_breaks(source_lines: list[str], doc: Document) -> set[int]:
    """Source line numbers n whose break to line n+1 was joined (both non-blank)."""
    starts = {ln.src for ln in doc.lines}
    return {n for n in range(1, len(source_lines))
            if source_lines[n - 1].strip() and source_lines[n].strip() and n + 1 not in starts}


@pytest.mark.parametrize("path", KEEP, ids=lambda p: p.stem)
def test_no_line_of_a_page_with_real_breaks_is_joined(path):
    text = path.read_text("utf-8")
    doc = _clean(text)
    assert not [c for c in doc.changes if c.rule in JOINS]
    assert [ln.text for ln in doc.lines if ln.text] == [t for t in text.split("\n") if t]


@pytest.mark.parametrize("path", WRAP, ids=lambda p: p.stem)
@pytest.mark.parametrize("width,indent", [(60, ""), (72, "　　"), (80, ""), (96, "  ")])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_page_wrapped_at_a_jittering_width_is_joined(path, width, indent, seed):
    paras = _paras(path)
    lines = _wrap(paras, width, seed, indent)
    doc = _clean("\n".join(lines))
    assert doc.text == "\n".join(paras)
    assert all(ln.joined for ln in doc.lines if ln.text not in {t.strip() for t in lines})


@pytest.mark.parametrize("path", WRAP, ids=lambda p: p.stem)
def test_wraps_that_became_spaces_are_closed(path):
    paras = _paras(path)
    lines = [" ".join(_wrap([p], 56, 3)) for p in paras]
    assert _clean("\n".join(lines)).text == "\n".join(paras)


@pytest.mark.parametrize("path", WRAP, ids=lambda p: p.stem)
@pytest.mark.parametrize("between", ["\n\n", "\n\n第2页 共5页\n\n", "\n- 2 -\n"])
def test_halves_of_a_page_break_are_joined(path, between):
    """A page break cuts one paragraph in a few (every other one here)."""
    paras = _paras(path)
    cut = [p[:len(p) // 2 + 1] + between + p[len(p) // 2 + 1:] if i % 2 else p for i, p in enumerate(paras)]
    assert _clean("\n\n".join(cut)).text.split("\n\n") == paras


@pytest.mark.parametrize("path", WRAP, ids=lambda p: p.stem)
def test_a_prefix_of_a_wrapped_page_is_decided_like_the_whole_page(path):
    lines = _wrap(_paras(path), 64, 5)
    whole = _joined_breaks(lines, _clean("\n".join(lines)))
    for k in range(2, len(lines)):
        part = _joined_breaks(lines[:k], _clean("\n".join(lines[:k])))
        # every break inside the prefix, except the one before its last line (which may be
        # a paragraph's last piece there), is decided as in the whole page
        assert part - {k - 1} == {n for n in whole if n < k - 1}, k


def test_cleaning_a_rewrapped_page_again_changes_nothing():
    for path in WRAP:
        for text in ("\n".join(_wrap(_paras(path), 70, 7)), " ".join(_paras(path))):
            once = _clean(text).text
            assert _clean(once).text == once


@pytest.mark.parametrize("width", [70, 80, 96])
def test_a_short_wrapped_page_is_joined(width):
    """Too few lines for the page-wide width test: lines as wide as their neighbours, with no
    blank line between, are still wraps, not paragraphs written without a full stop."""
    paras = _paras(WRAP[0])[:3]
    assert _clean("\n".join(_wrap(paras, width, 1))).text == "\n".join(paras)


JUNK = ["更多精彩范文请关注本站，下载请访问 www.fanwen123.com", "第2页 共5页", "- 2 -"]


@pytest.mark.parametrize("junk", JUNK)
def test_halves_around_a_junk_line_are_joined_once_it_is_gone(junk):
    """Boilerplate removes the advert or page marker; the halves it separated then meet."""
    first, second = "全体干部职工要认真学习领会会议精神，切实把各项", "任务落到实处，确保全年目标圆满完成。"
    assert _clean(f"{first}\n\n{junk}\n\n{second}\n").text == first + second
