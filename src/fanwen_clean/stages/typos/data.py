"""The confusion data of ``rules/confusions/`` (built by ``tools/build_confusions.py``), memory-mapped.

The anchor lists are read only when the anchor automaton is built (:mod:`.triggers`).
"""

from __future__ import annotations

import functools
from pathlib import Path

from ...lexicon import lexicon
from ...rules import default_rules_dir


def _dir() -> Path:
    return default_rules_dir() / "confusions"


@functools.cache
def misspellings():
    """``marisa_trie.BytesTrie``: misspelling → correct word (UTF-8), memory-mapped."""
    import marisa_trie

    return marisa_trie.BytesTrie().mmap(str(_dir() / "typos.marisa"))


class Confusable:
    """Each common character → the characters it is confused with (sound-alike or look-alike),
    read from ``confusable.marisa`` (memory-mapped: no table is built in memory)."""

    def __init__(self, path: Path) -> None:
        import marisa_trie

        self._trie = marisa_trie.BytesTrie().mmap(str(path))

    def get(self, ch: str, default: str = "") -> str:
        found = self._trie.get(ch)
        return found[0].decode("utf-8") if found else default


@functools.cache
def confusable() -> Confusable:
    """The confusion candidates of each character (see :class:`Confusable`)."""
    return Confusable(_dir() / "confusable.marisa")


@functools.cache
def pair_misspellings():
    """``marisa_trie.BytesTrie``: misspelt common 2-character word → the word (UTF-8), memory-mapped
    (``pairs.marisa``, built by ``tools/build_pairs.py``)."""
    import marisa_trie

    return marisa_trie.BytesTrie().mmap(str(_dir() / "pairs.marisa"))


@functools.cache
def pair_context():
    """``marisa_trie.Trie``: 3-character windows of dictionary words that begin or end with a target
    word of :func:`pair_misspellings` (``pair_context.marisa``), memory-mapped."""
    import marisa_trie

    return marisa_trie.Trie().mmap(str(_dir() / "pair_context.marisa"))


@functools.cache
def formulations() -> frozenset[str]:
    """Our standard formulations (``formulations.txt``; a few dozen)."""
    lines = (_dir() / "formulations.txt").read_text("utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


def is_idiom(window: str) -> bool:
    """Is ``window`` a 4-character idiom or set phrase (jieba tags ``i``, ``l``) or a formulation?

    The same test as membership of ``idioms.txt``, asked of the memory-mapped word table.
    """
    if len(window) != 4:
        return False
    if window in formulations():
        return True
    return lexicon().tag(window) in ("i", "l") and all("\u4e00" <= ch <= "\u9fff" for ch in window)


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

