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
KIND_MASK = 0xFF
LENGTH_SHIFT = 8  # a value is the kind bits | the key's length in bytes << LENGTH_SHIFT
_FILES = ("anchors.txt", "idiom_anchors.txt", "idioms.txt", "formulations.txt", "confusable.tsv")


def _kinds() -> dict[str, int]:
    """Each anchor → its kind bits (an idiom anchor: the head or the tail of which idioms)."""
    phrases = (_dir() / "idioms.txt").read_text("utf-8").split()
    heads, tails = {w[:2] for w in phrases}, {w[-2:] for w in phrases}
    kinds = dict.fromkeys((_dir() / "anchors.txt").read_text("utf-8").split(), CONFUSION)
    for pair in (_dir() / "idiom_anchors.txt").read_text("utf-8").split():
        kinds[pair] = kinds.get(pair, 0) | (HEAD if pair in heads else 0) | (TAIL if pair in tails else 0)
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
        if kind:  # the value carries the key's length: scan() finds a hit's start from it
            auto.add_word(key, kind | len(key) << LENGTH_SHIFT)
    auto.make_automaton()
    return auto


def _cache_file() -> Path | None:
    if not diskcache.enabled():
        return None
    stamp = "-".join(f"{st.st_size:x}{int(st.st_mtime):x}" for st in ((_dir() / n).stat() for n in _FILES))
    return diskcache.cache_path().parent / f"typo-anchors-{ahocorasick.__name__}-{stamp}.pickle"


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
    """(character offset, kind bits) of every anchor in ``text``, in increasing order."""
    raw = text.encode("utf-8").decode("latin-1")
    out: list[tuple[int, int]] = []
    pos = chars = 0
    for end, value in automaton().iter(raw):  # by increasing end; a longer key may start earlier
        start = end + 1 - (value >> LENGTH_SHIFT)
        if start >= pos:
            chars += len(raw[pos:start].encode("latin-1").decode("utf-8"))
        else:
            chars -= len(raw[start:pos].encode("latin-1").decode("utf-8"))
        pos = start
        out.append((chars, value & KIND_MASK))
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
