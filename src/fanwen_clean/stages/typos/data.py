"""The confusion data of ``rules/confusions/`` (built by ``tools/build_confusions.py``), loaded once."""

from __future__ import annotations

import functools
from pathlib import Path

from ...rules import default_rules_dir


def _dir() -> Path:
    return default_rules_dir() / "confusions"


@functools.cache
def anchors() -> frozenset[str]:
    """2-character windows that hold the replaced character of some listed misspelling."""
    return frozenset((_dir() / "anchors.txt").read_text("utf-8").split())


@functools.cache
def misspellings():
    """``marisa_trie.BytesTrie``: misspelling → correct word (UTF-8), memory-mapped."""
    import marisa_trie

    return marisa_trie.BytesTrie().mmap(str(_dir() / "typos.marisa"))


@functools.cache
def confusable() -> dict[str, str]:
    """Each common character → the characters it is confused with (sound-alike or look-alike)."""
    out: dict[str, str] = {}
    for line in (_dir() / "confusable.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, tight, loose = (line.split("\t") + ["", ""])[:3]
            out[ch] = tight + loose
    return out


@functools.cache
def _idiom_tries():
    import marisa_trie

    return (marisa_trie.Trie().mmap(str(_dir() / "idioms.marisa")),
            marisa_trie.Trie().mmap(str(_dir() / "idioms_rev.marisa")))


@functools.cache
def idiom_anchors() -> frozenset[str]:
    """The first and the last two characters of every idiom (one of the two survives a typo)."""
    return frozenset((_dir() / "idiom_anchors.txt").read_text("utf-8").split())


def idioms_with(pair: str) -> list[str]:
    """The idioms that begin or end with ``pair``."""
    forward, backward = _idiom_tries()
    return forward.keys(pair) + [w[::-1] for w in backward.keys(pair[::-1])]
