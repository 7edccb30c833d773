"""tools/train_boilerplate.py: the filler model's own training pages give examples of both kinds,
and the fit is deterministic (what makes `--check` able to reproduce the shipped file)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("numpy")

from fanwen_clean import RuleBook

_TOOL = Path(__file__).parent.parent / "tools" / "train_boilerplate.py"
_SPEC = importlib.util.spec_from_file_location("train_boilerplate", _TOOL)
tb = importlib.util.module_from_spec(_SPEC)
sys.modules["train_boilerplate"] = tb  # its dataclasses look their module up
_SPEC.loader.exec_module(tb)


def canon(s: str) -> str:
    return "".join(s.split())


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> list:
    off = tmp_path_factory.mktemp("models") / "off.toml"
    off.write_text(tb.OFF, "utf-8")
    book = RuleBook((tb.ROOT / "rules", off))
    pages = tb.own_pages(canon, book)
    for pd in pages:
        pd.talk_rows = tb.talk_rows(pd, canon, book)
    return pages


def test_own_pages_give_filler_and_body_examples(own: list) -> None:
    rows = [r for pd in own for r in pd.talk_rows]
    assert all(pd.own for pd in own)
    # labelled site filler and labelled body sentences that talk (weight 1: not merely unlabelled)
    assert sum(1 for _f, y, w, _t in rows if y == 1 and w == 1.0) >= 5
    assert sum(1 for _f, y, w, _t in rows if y == 0 and w == 1.0) >= 5


def test_the_fit_is_deterministic(own: list) -> None:
    rows = [r for pd in own for r in pd.talk_rows]
    a, b = tb.fit(rows, "filler"), tb.fit(rows, "filler")
    assert tb.section(a) == tb.section(b)
    assert tb.section(a) != tb.section(tb.fit(rows[: len(rows) // 2], "filler"))
