"""Boilerplate removal reaches a fixed point: running the stage on its own output removes nothing.

Pages are made by shuffling lines of the bundled samples, so that site chrome lands in
every position (header, middle, footer) and next to every kind of line.
"""

from __future__ import annotations

import random
from pathlib import Path

from fanwen_clean import RuleBook, Settings
from fanwen_clean.decode import decode
from fanwen_clean.document import Document
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
