"""Shared helpers for the typo tests: a line fixed by the rule named, suggestions, held-out sets."""

from __future__ import annotations

from pathlib import Path

from fanwen_clean import clean_text

DATA = Path(__file__).parent / "data"


def assert_fixed_by(source: str, expected: str, code: str, **kwargs) -> None:
    """Clean ``source``; its text must equal ``expected`` and ``code`` must be among the changes."""
    result = clean_text(source, **kwargs)
    assert result.text == expected
    assert code in {c["rule"] for c in result.changes}


def suggestions(result) -> list[str]:
    """The messages of the typo suggestions (FW940) of a cleaned page."""
    return [w["message"] for w in result.warnings if w["rule"] == "FW940"]


def sentence_rows(name: str) -> list[list[str]]:
    """The tab-separated rows of ``tests/data/name`` (wrong, right), comments skipped."""
    lines = (DATA / name).read_text("utf-8").splitlines()
    return [row.split("\t") for row in lines if row.strip() and not row.startswith("#")]


def outcome(wrong: str, right: str) -> tuple[bool, bool]:
    """(fixed, fixed or suggested) for one sentence with a typo."""
    result = clean_text(wrong + "\n")
    text = result.text.rstrip("\n")
    if text == right:
        return True, True
    proposed = [m.split(": ", 1)[1].split(" → ") for m in suggestions(result)]
    return False, any(a in text and text.replace(a, b, 1) == right for a, b in proposed)
