"""Where a page may hold a typo of the general finders: one Aho-Corasick scan for all anchors.

The anchors (``rules/confusions/anchors.txt``: pairs that hold the replaced character of a
listed misspelling; the misspelt common 2-character words of ``pairs.marisa``, whole;
``idiom_anchors.txt``: the intact halves of idioms; the one-off variants of
the formulations, whole, and those of the common idioms whose intact half is too common to be an
anchor (一丝不苟, 不可思议)) go into one automaton over UTF-8 bytes, each key carrying the kinds it
belongs to as bits.  A page costs one C-level scan; building per-page sets of character pairs
costs several times more.

The automaton is PREBUILT (``tools/build_anchors.py``): a ``daachorse`` double-array automaton
serialized in ``rules/confusions/anchors.daac`` and each pattern's value in ``anchors.values``
(unsigned 32-bit, little-endian, by pattern id).  Loading them is a copy of a few MB (~2 ms):
nothing is built, pickled or unpickled at run time.  ``tests/test_typos_triggers.py`` fails when
the files no longer match their sources.
"""

from __future__ import annotations

import array
import functools
import sys

import daachorse
import regex

from ...lexicon import lexicon
from . import data
from .data import _dir

CONFUSION = 1
HEAD = 2  # the first two characters of an idiom
TAIL = 4  # its last two
FORMULATION = 8  # a 4-character formulation with one confusable character replaced, whole
IDIOM_KINDS = HEAD | TAIL | FORMULATION
PAIR = 1 << 30  # a misspelt common 2-character word (pairs.marisa, see .pairs): above the signatures
VARIANT_FREQ = 50  # idioms this common (jieba's count) whose half is too common to anchor them
# A value (stored as an unsigned 32-bit int): kind bits (0-3) | signatures of the characters an
# idiom anchor's idioms have around it: the 3rd and 4th for a head, the 1st and 2nd for a tail
# (bit ``ord(ch) % width``): two 13-bit fields for a head or a tail, four 6-bit fields for a pair
# that is both.  A window whose characters miss both signatures of its side can't be one
# character away from an idiom: most hits end there, without a trie look-up.
KIND_MASK = 0xF
WIDE, NARROW = 13, 6
SIG_SHIFT = 4
PAIR_BYTES, FORMULATION_BYTES = 6, 12  # the keys' lengths in UTF-8: two characters, four
PATTERNS, VALUES = "anchors.daac", "anchors.values"  # in rules/confusions/, by tools/build_anchors.py


def _bit(field: int, ch: str, width: int) -> int:
    return 1 << (SIG_SHIFT + field * width + ord(ch) % width)


def _neighbours(phrases: list[str]) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Head pair → the 3rd and 4th characters of its 4-character idioms; tail pair → the 1st and
    2nd (a longer phrase adds nothing: the windows are four characters)."""
    heads: dict[str, tuple[str, str]] = {}
    tails: dict[str, tuple[str, str]] = {}
    for w in phrases:
        h, t = heads.get(w[:2], ("", "")), tails.get(w[-2:], ("", ""))
        if len(w) == 4:
            h, t = (h[0] + w[2], h[1] + w[3]), (t[0] + w[0], t[1] + w[1])
        heads[w[:2]], tails[w[-2:]] = h, t
    return heads, tails


def _signature(sides: list[tuple[str, str]]) -> int:
    """The fields of one side (two wide ones) or of both (four narrow ones)."""
    width = WIDE if len(sides) == 1 else NARROW
    out = 0
    for k, (first, second) in enumerate(sides):
        out |= sum({_bit(2 * k, ch, width) for ch in first} | {_bit(2 * k + 1, ch, width) for ch in second})
    return out


def may_begin(value: int, text: str, i: int) -> bool:
    """Can the head anchor at ``i`` begin an idiom with one of the next two characters wrong?"""
    width = NARROW if value & TAIL else WIDE
    return bool(value & (_bit(0, text[i + 2], width) | _bit(1, text[i + 3], width)))


def may_end(value: int, text: str, i: int) -> bool:
    """Can the tail anchor at ``i`` end an idiom with one of the two characters before it wrong?"""
    k, width = (1, NARROW) if value & HEAD else (0, WIDE)
    return bool(value & (_bit(2 * k, text[i - 2], width) | _bit(2 * k + 1, text[i - 1], width)))


def _kinds() -> dict[str, int]:
    """Each anchor → its kind bits and signatures (an idiom anchor: the head or the tail of idioms)."""
    heads, tails = _neighbours((_dir() / "idioms.txt").read_text("utf-8").split())
    kinds = dict.fromkeys((_dir() / "anchors.txt").read_text("utf-8").split(), CONFUSION)
    for pair in (_dir() / "idiom_anchors.txt").read_text("utf-8").split():
        sides = [side[pair] for side in (heads, tails) if pair in side]
        kind = (HEAD if pair in heads else 0) | (TAIL if pair in tails else 0)
        kinds[pair] = kinds.get(pair, 0) | kind | _signature(sides)
    for variant in _variants() | _idiom_variants(kinds):
        kinds[variant] = kinds.get(variant, 0) | FORMULATION
    for pair in data.pair_misspellings():
        kinds[pair] = kinds.get(pair, 0) | PAIR
    return kinds


def _idiom_variants(kinds: dict[str, int]) -> set[str]:
    """The one-off variants, whole, of the idioms at least ``VARIANT_FREQ`` common that a half too
    common to be an anchor hides (一丝不苟: 一丝 is everywhere): the variants with a character of
    the other half replaced, which are no words themselves."""
    lex = lexicon()
    confusable = data.confusable()
    out: set[str] = set()
    for w in (_dir() / "idioms.txt").read_text("utf-8").split():
        if len(w) != 4 or lex.freq(w) < VARIANT_FREQ:
            continue
        spots = [2, 3] if not kinds.get(w[:2], 0) & HEAD else []
        spots += [0, 1] if not kinds.get(w[2:], 0) & TAIL else []
        out |= {w[:k] + alt + w[k + 1:] for k in spots for alt in confusable.get(w[k], "")}
    return {v for v in out if v not in lex}


def _variants() -> set[str]:
    """Every 4-character formulation with one character replaced by a confusable one.

    Their halves (建设, 发展) are far too common to be anchors; the variants are few (~20k).
    """
    lines = (_dir() / "formulations.txt").read_text("utf-8").splitlines()
    phrases = [w for w in lines if len(w) == 4 and regex.fullmatch(r"\p{Han}{4}", w)]
    confusable = data.confusable()
    return {w[:k] + alt + w[k + 1:] for w in phrases for k in range(4) for alt in confusable.get(w[k], "")}


def build() -> tuple[bytes, bytes]:
    """The serialized automaton and its values, made from the anchor files (tools/build_anchors.py)."""
    kinds = _kinds()
    keys = sorted(k for k, v in kinds.items()  # scan() relies on the keys' lengths
                  if len(k.encode("utf-8")) == (FORMULATION_BYTES if v & FORMULATION else PAIR_BYTES))
    automaton = daachorse.DoubleArrayAhoCorasick([k.encode("utf-8") for k in keys])
    values = array.array("I", [kinds[k] for k in keys])
    if sys.byteorder == "big":
        values.byteswap()
    return automaton.serialize(), values.tobytes()


@functools.cache
def automaton() -> tuple[daachorse.DoubleArrayAhoCorasick, array.array]:
    """The prebuilt anchor automaton and the value of each of its patterns."""
    found = daachorse.DoubleArrayAhoCorasick.deserialize((_dir() / PATTERNS).read_bytes())
    values = array.array("I")
    values.frombytes((_dir() / VALUES).read_bytes())
    if sys.byteorder == "big":
        values.byteswap()
    return found, values


def value(key: str) -> int:
    """The value of the anchor ``key`` (0 if it is none)."""
    found, values = automaton()
    raw = key.encode("utf-8")
    return next((values[i] for s, e, i in found.find_overlapping(raw) if s == 0 and e == len(raw)), 0)


def scan(text: str) -> list[tuple[int, int]]:
    """(character offset, value) of every anchor in ``text``: kind bits and signatures (see
    ``KIND_MASK``), ordered by the anchors' ends."""
    raw = text.encode("utf-8")
    found, values = automaton()
    matches = found.find_overlapping(raw)  # by increasing end; a longer key may start earlier
    if len(raw) == len(text):  # ASCII: byte and character offsets agree
        return [(start, values[i]) for start, _end, i in matches]
    return [(chars, values[i]) for chars, i in char_starts(raw, matches)]


def char_starts(raw: bytes, matches: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """(character offset of the start, pattern index) of a byte automaton's matches in ``raw``,
    by increasing end: starts may go back, so each step decodes only the bytes between two."""
    out: list[tuple[int, int]] = []
    pos = chars = 0
    for start, _end, i in matches:
        if start >= pos:
            chars += len(raw[pos:start].decode("utf-8"))
        else:
            chars -= len(raw[start:pos].decode("utf-8"))
        pos = start
        out.append((chars, i))
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
