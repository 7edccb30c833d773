#!/usr/bin/env python3
"""Build ``rules/words/words.marisa``: every word of jieba's dictionary with its count and tag.

Source (build time only): ``dict.txt`` of the PyPI package ``jieba`` 0.42.1 (MIT,
https://github.com/fxsjy/jieba): 349k words, each with a corpus count and a part-of-speech tag.
The result is a ``marisa_trie.RecordTrie`` (format ``<I4s``: count, tag padded to 4 bytes) that
:mod:`fanwen_clean.lexicon` memory-maps in well under a millisecond, so the word evidence of line
joining and typo checking costs nothing at start-up.

Usage:  pip install --no-deps jieba==0.42.1 && python tools/build_words.py
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import marisa_trie

OUT = Path(__file__).resolve().parents[1] / "rules" / "words" / "words.marisa"
FORMAT = "<I4s"


def read_jieba() -> list[tuple[str, tuple[int, bytes]]]:
    """(word, (count, tag)) for every line of jieba's dict.txt."""
    text = importlib.resources.files("jieba").joinpath("dict.txt").read_text("utf-8")
    items = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 3:
            continue
        word, count, tag = parts
        items.append((word, (int(count), tag.encode("ascii")[:4])))
    return items


def main() -> None:
    items = read_jieba()
    trie = marisa_trie.RecordTrie(FORMAT, items)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    trie.save(str(OUT))
    print(f"{OUT}: {len(items)} words, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
