"""The pages in samples/: each cleans to its .expected template, and fill() restores its text."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from fanwen_clean import clean_bytes, clean_text, fill

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PAGES = sorted(SAMPLES.glob("*.txt"))

# encodings the samples are written in (see samples/README.md)
ENCODINGS = {
    "03-gb18030-breadcrumb": "gb18030",
    "04-big5-traditional": "big5",
}


def _diff(expected: str, actual: str, name: str) -> str:
    lines = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                 fromfile=f"{name}.expected", tofile=f"{name} (cleaned)")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def _expected(page: Path) -> str:
    return page.with_suffix(".expected").read_bytes().decode("utf-8")


def test_there_are_enough_samples() -> None:
    assert len(PAGES) >= 8, f"samples/ should hold at least eight pages, found {len(PAGES)}"
    for page in PAGES:
        assert page.with_suffix(".expected").is_file(), f"{page.name} has no .expected file"
        assert 1500 <= page.stat().st_size <= 5 * 1024, f"{page.name}: {page.stat().st_size} bytes"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_expected_file_follows_output_conventions(page: Path) -> None:
    exp = _expected(page)
    assert exp.endswith("\n") and not exp.endswith("\n\n"), "must end with exactly one newline"
    assert "\r" not in exp and "\n\n\n" not in exp and not exp.startswith("\n")
    for n, line in enumerate(exp.split("\n"), 1):
        assert line == line.strip(" \t\u3000\u00a0"), f"line {n} has indentation or trailing space"


def _must_equal(page: Path, want: str, got: str, what: str) -> None:
    """Fail with a readable unified diff rather than pytest's long string repr."""
    if got != want:
        pytest.fail(f"{page.name}: {what}\n" + _diff(want, got, page.stem), pytrace=False)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_sample_cleans_to_expected_template(page: Path, book) -> None:
    res = clean_bytes(page.read_bytes(), source=str(page), rules=book)
    _must_equal(page, _expected(page), res.template, f"template differs from {page.stem}.expected")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_sample_report_fills_back_to_text(page: Path, book) -> None:
    res = clean_bytes(page.read_bytes(), source=str(page), rules=book)
    _must_equal(page, res.text, fill(res.template, res.as_dict()), "fill(template, report) != text")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_expected_template_is_a_fixed_point(page: Path, book) -> None:
    """Cleaning a clean template again changes nothing (slots stay as they are)."""
    expected = _expected(page)
    res = clean_text(expected, source=page.stem + ".expected", rules=book)
    _must_equal(page, expected, res.template, "cleaning the expected template again changed it")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_sample_encoding_is_detected(page: Path, book) -> None:
    res = clean_bytes(page.read_bytes(), source=str(page), rules=book)
    assert res.encoding == ENCODINGS.get(page.stem, "utf-8")
