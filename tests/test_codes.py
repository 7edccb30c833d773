"""Every ``[[code]]`` rule's examples run through the whole pipeline.

An example is ``[input, expected_text]``: cleaning ``input`` must give exactly
``expected_text`` and report the rule's code as a change or a warning.
"""

from __future__ import annotations

import pytest

from fanwen_clean import RuleBook, clean_text

_BOOK = RuleBook()
CASES = [
    pytest.param(entry["code"], ex, id=f"{entry['code']}-{i}")
    for entry in _BOOK.family("code")
    for i, ex in enumerate(entry.get("examples", []))
    if isinstance(ex, list) and len(ex) == 2
]


def test_every_code_has_an_example() -> None:
    for entry in _BOOK.family("code"):
        assert entry.get("examples"), f"{entry['code']} in {entry['_source']} has no example"


@pytest.mark.parametrize(("code", "example"), CASES)
def test_code_example(code: str, example: list[str]) -> None:
    source, expected = example
    result = clean_text(source)
    assert result.text == expected
    reported = {c["rule"] for c in result.changes} | {w["rule"] for w in result.warnings}
    assert code in reported
