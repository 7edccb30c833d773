"""Rule examples that run through the whole pipeline.

Families ``code`` (rules implemented in code), ``punct`` and ``typo_rule`` give examples
as ``[input, expected_text]``: cleaning ``input`` must give exactly ``expected_text``, and
an example that changes the text (or any ``[[code]]`` example, which may be a warning)
must report the rule's code.  Other families have their own example runners next to
their stage's tests, because their examples are shaped differently.
"""

from __future__ import annotations

import pytest

from fanwen_clean import RuleBook, clean_text

_BOOK = RuleBook()
FAMILIES = ("code", "punct", "typo_rule")
CASES = [
    pytest.param(fam, entry["code"], ex, id=f"{entry['code']}-{i}")
    for fam in FAMILIES
    for entry in _BOOK.family(fam)
    for i, ex in enumerate(entry.get("examples", []))
    if isinstance(ex, list) and len(ex) == 2
]


@pytest.mark.parametrize("family", FAMILIES)
def test_every_rule_has_an_example(family: str) -> None:
    for entry in _BOOK.family(family):
        assert entry.get("examples"), f"{entry['code']} in {entry['_source']} has no example"


@pytest.mark.parametrize(("family", "code", "example"), CASES)
def test_rule_example_through_pipeline(family: str, code: str, example: list[str]) -> None:
    source, expected = example
    result = clean_text(source)
    assert result.text == expected
    if family == "code" or source != expected:
        reported = {c["rule"] for c in result.changes} | {w["rule"] for w in result.warnings}
        assert code in reported
