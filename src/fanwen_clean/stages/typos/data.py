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
            ch, tight, loose = [*line.split("\t"), "", ""][:3]
            out[ch] = tight + loose
    return out


@functools.cache
def idiom_set() -> frozenset[str]:
    """The idioms, set phrases and formulations."""
    return frozenset((_dir() / "idioms.txt").read_text("utf-8").split())


@functools.cache
def _skeletons():
    """``marisa_trie.BytesTrie``: each idiom under each skeleton (一筹?展 → 一筹莫展), memory-mapped."""
    import marisa_trie

    return marisa_trie.BytesTrie().mmap(str(_dir() / "idioms.marisa"))


def idioms_like(window: str, first: bool) -> list[str]:
    """Idioms one character away from ``window``: a character of its second half (``first``:
    its first two are intact) or of its first half replaced."""
    trie = _skeletons()
    out: list[str] = []
    for k in (range(2, len(window)) if first else range(2)):
        found = trie.get(window[:k] + "?" + window[k + 1:])
        if found:
            out += [v.decode("utf-8") for v in found]
    return out


@functools.cache
def idiom_anchors() -> frozenset[str]:
    """The first and the last two characters of every idiom (one of the two survives a typo)."""
    return frozenset((_dir() / "idiom_anchors.txt").read_text("utf-8").split())
