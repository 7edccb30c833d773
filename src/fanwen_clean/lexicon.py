"""Word evidence: jieba's dictionary (349k words with corpus counts and tags), memory-mapped.

The table is built from jieba's ``dict.txt`` by ``tools/build_words.py`` into
``rules/words/words.marisa``; opening it maps the file and costs well under a millisecond, and a
look-up takes about half a microsecond, so any stage may ask "is this a word, and how common?"
without a start-up price.  Line joining (does a word span the break?) and typo checking (is the
corrected window a word, the original not?) share it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from .rules import default_rules_dir

_FORMAT = "<I4s"


class Lexicon:
    """Read-only word table: ``freq(word)``, ``tag(word)``, ``word in lexicon``, words at a position."""

    def __init__(self, path: Path) -> None:
        import marisa_trie  # imported here: only pages that need word evidence pay for it

        self._trie = marisa_trie.RecordTrie(_FORMAT).mmap(str(path))

    def __contains__(self, word: str) -> bool:
        return word in self._trie

    def freq(self, word: str) -> int:
        """Corpus count of ``word`` in jieba's dictionary; 0 when it is not a word there."""
        found = self._trie.get(word)
        return found[0][0] if found else 0

    def tag(self, word: str) -> str:
        """jieba's part-of-speech tag of ``word`` (``n``, ``v``, ``nr``, ``ns`` …); "" if unknown."""
        found = self._trie.get(word)
        return found[0][1].rstrip(b"\0").decode("ascii") if found else ""

    def all_words(self) -> Iterator[str]:
        """Every word of the table (for the build tools)."""
        return iter(self._trie.keys())

    def words_at(self, text: str, start: int, max_len: int = 8) -> Iterator[str]:
        """Dictionary words that begin at ``text[start]``, shortest first (length ≥ 2)."""
        for word in self._trie.prefixes(text[start:start + max_len]):
            if len(word) >= 2:
                yield word


@functools.cache
def lexicon(path: Path | None = None) -> Lexicon:
    """The shared word table (opened once per process)."""
    return Lexicon(path or default_rules_dir() / "words" / "words.marisa")
