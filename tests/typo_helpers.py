"""Shared assertion for the typo tests: a line comes out fixed, by the rule named."""

from __future__ import annotations

from fanwen_clean import clean_text


def assert_fixed_by(source: str, expected: str, code: str, **kwargs) -> None:
    """Clean ``source``; its text must equal ``expected`` and ``code`` must be among the changes."""
    result = clean_text(source, **kwargs)
    assert result.text == expected
    assert code in {c["rule"] for c in result.changes}
