"""Where a page may hold a typo of the general finders: one Aho-Corasick scan for all anchors.

The anchors (``rules/confusions/anchors.txt``: pairs that hold the replaced character of a
listed misspelling; ``idiom_anchors.txt``: the intact halves of idioms; the one-off variants of
the formulations, whole) go into one automaton over UTF-8 bytes, each key carrying the kinds it
belongs to as bits.  A page costs one C-level
scan; building per-page sets of character pairs costs several times more.

Building the automaton (150k keys) takes ~0.15 s, so it is built once and kept pickled in the
user cache directory, keyed on the data files' sizes and modification times; unpickling it is
several times faster than building it.
"""

from __future__ import annotations

import functools
import os
import pickle
import tempfile
from pathlib import Path

import ahocorasick
import regex

from ... import diskcache
from . import data
from .data import _dir

CONFUSION = 1
HEAD = 2  # the first two characters of an idiom
TAIL = 4  # its last two
FORMULATION = 8  # a 4-character formulation with one confusable character replaced, whole
IDIOM_KINDS = HEAD | TAIL | FORMULATION
# A value (pyahocorasick stores 32-bit ints): kind bits (0-3) | four 6-bit signatures of the
# characters an idiom anchor's idioms have around it: the 3rd and 4th for a head, the 1st and 2nd
# for a tail (bit ``ord(ch) % 6``).  A window whose characters miss both signatures of its side
# can't be one character away from an idiom: most hits end there, without a trie look-up.
KIND_MASK = 0xF
SIG_BITS = 6
SIG_SHIFT = 4
PAIR_BYTES, FORMULATION_BYTES = 6, 12  # the keys' lengths in UTF-8: two characters, four
FORMAT = 3  # of the cached automaton: change with the value layout
_FILES = ("anchors.txt", "idiom_anchors.txt", "idioms.txt", "formulations.txt", "confusable.tsv")


def _bit(field: int, ch: str) -> int:
    return 1 << (SIG_SHIFT + field * SIG_BITS + ord(ch) % SIG_BITS)


def _signatures(phrases: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Head pair → its kind bit and the signatures of the idioms' 3rd and 4th characters; tail pair
    → the same with the 1st and 2nd."""
    heads: dict[str, int] = {}
    tails: dict[str, int] = {}
    for w in phrases:
        heads[w[:2]] = heads.get(w[:2], HEAD) | (_bit(0, w[2]) | _bit(1, w[3]) if len(w) == 4 else 0)
        tails[w[-2:]] = tails.get(w[-2:], TAIL) | (_bit(2, w[0]) | _bit(3, w[1]) if len(w) == 4 else 0)
    return heads, tails


def may_begin(value: int, text: str, i: int) -> bool:
    """Can the head anchor at ``i`` begin an idiom with one of the next two characters wrong?"""
    return bool(value & (_bit(0, text[i + 2]) | _bit(1, text[i + 3])))


def may_end(value: int, text: str, i: int) -> bool:
    """Can the tail anchor at ``i`` end an idiom with one of the two characters before it wrong?"""
    return bool(value & (_bit(2, text[i - 2]) | _bit(3, text[i - 1])))


def _kinds() -> dict[str, int]:
    """Each anchor → its kind bits and signatures (an idiom anchor: the head or the tail of idioms)."""
    heads, tails = _signatures((_dir() / "idioms.txt").read_text("utf-8").split())
    kinds = dict.fromkeys((_dir() / "anchors.txt").read_text("utf-8").split(), CONFUSION)
    for pair in (_dir() / "idiom_anchors.txt").read_text("utf-8").split():
        kinds[pair] = kinds.get(pair, 0) | heads.get(pair, 0) | tails.get(pair, 0)
    for variant in _variants():
        kinds[variant] = kinds.get(variant, 0) | FORMULATION
    return kinds


def _variants() -> set[str]:
    """Every 4-character formulation with one character replaced by a confusable one.

    Their halves (建设, 发展) are far too common to be anchors; the variants are few (~20k).
    """
    lines = (_dir() / "formulations.txt").read_text("utf-8").splitlines()
    phrases = [w for w in lines if len(w) == 4 and regex.fullmatch(r"\p{Han}{4}", w)]
    confusable = data.confusable()
    return {w[:k] + alt + w[k + 1:] for w in phrases for k in range(4) for alt in confusable.get(w[k], "")}


def _build() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for pair, kind in _kinds().items():
        key = pair.encode("utf-8").decode("latin-1")
        if len(key) == (FORMULATION_BYTES if kind & FORMULATION else PAIR_BYTES):  # scan() relies on it
            auto.add_word(key, kind)
    auto.make_automaton()
    return auto


def _cache_file() -> Path | None:
    if not diskcache.enabled():
        return None
    stamp = "-".join(f"{st.st_size:x}{int(st.st_mtime):x}" for st in ((_dir() / n).stat() for n in _FILES))
    return diskcache.cache_path().parent / f"typo-anchors{FORMAT}-{stamp}.pickle"


@functools.cache
def automaton() -> ahocorasick.Automaton:
    """The anchor automaton, from the cache file when there is one."""
    path = _cache_file()
    if path is not None:
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # missing, truncated or from another pyahocorasick: build it again
            pass
    auto = _build()
    if path is not None:
        _save(path, auto)
    return auto


def _save(path: Path, auto: ahocorasick.Automaton) -> None:
    """Write atomically; an unwritable directory is skipped silently."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(auto, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


def scan(text: str) -> list[tuple[int, int]]:
    """(character offset, value) of every anchor in ``text``: kind bits and signatures (see
    ``KIND_MASK``), ordered by the anchors' ends."""
    raw = text.encode("utf-8").decode("latin-1")
    out: list[tuple[int, int]] = []
    pos = chars = 0
    for end, value in automaton().iter(raw):  # by increasing end; a longer key may start earlier
        start = end + 1 - (FORMULATION_BYTES if value & FORMULATION else PAIR_BYTES)
        if start >= pos:
            chars += len(raw[pos:start].encode("latin-1").decode("utf-8"))
        else:
            chars -= len(raw[start:pos].encode("latin-1").decode("utf-8"))
        pos = start
        out.append((chars, value))
    return out


def by_line(page: str, starts: list[int]) -> dict[int, list[tuple[int, int]]]:
    """Line index → (column, kind bits) of the anchors in that line.

    ``starts``: the offset in ``page`` where each line begins.
    """
    out: dict[int, list[tuple[int, int]]] = {}
    line = 0
    last = len(starts) - 1
    for pos, kind in scan(page):
        while line < last and starts[line + 1] <= pos:
            line += 1
        out.setdefault(line, []).append((pos - starts[line], kind))
    return out


def columns(hits: list[tuple[int, int]], kind: int) -> list[int]:
    """The columns of the hits of ``kind``."""
    return [col for col, k in hits if k & kind]
