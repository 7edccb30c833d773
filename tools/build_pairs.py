#!/usr/bin/env python3
"""Build the pair finder's tables (typo stage, FW420): misspelt common 2-character words and
the dictionary context that confirms a correction.

Sources (build time only; nothing is downloaded):

* ``rules/words/words.marisa`` — jieba 0.42.1's dictionary with counts and tags (MIT);
* ``rules/confusions/confusable.tsv`` — sound-alike and look-alike characters (derived from
  pycorrector 1.1.4's data, Apache-2.0, and our ``lookalike_extra.txt``; see its README).

Output, in ``rules/confusions/``:

* ``pairs.marisa`` — ``marisa_trie.BytesTrie``: misspelling W' → word W (a flag byte and the
  pair's own gain, one byte: see :func:`pair_value`), for every common
  2-character word W (not a name, at least ``MIN_FREQ`` in jieba's counts) and W' = W with one
  character replaced by a confusable one of the same sound and tone or a look-alike, or, for a
  word at least ``LOOSE_FREQ`` common, by a homophone of another tone (监督 → 监肚: the run time
  only suggests these, see ``stages/typos/pairs.py``), when W' is
  no word (or a rare one next to a far commoner W), occurs inside no dictionary word
  (``MAX_INNER``: a pair inside 驻村干部 is a real sequence) and is not likely across a word
  boundary (``MAX_JUNCTION``: 的人, 是一 are everywhere);
* ``pair_context.marisa`` — ``marisa_trie.Trie`` of 3-character windows of dictionary words
  (any count) that hold a target word W at their start or end (服务质, 务质量): the evidence
  that a correction fits its neighbour.  This is a character-trigram table of the dictionary,
  cut down to what the finder asks.

Usage:  python tools/build_pairs.py      (run tools/build_anchors.py afterwards)
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import marisa_trie

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "rules" / "confusions"
NAMES = {"nr", "ns", "nt", "nz", "nrt", "nrfg", "x", "eng", "m"}
LOOSE_FREQ = 1500  # other-tone homophones only for words this common: +48% keys, not +100%
MIN_FREQ = 500  # target words rarer than this are left to the misspelling table (typos.marisa)
RARE, RARE_MAX = 10, 20  # W' listed by jieba is still a misspelling if W is RARE times as common
MAX_INNER = 10  # W' inside dictionary words this common in total is a real sequence
MAX_JUNCTION = -13.0  # log P(a ends a word) + log P(b starts one): likelier pairs are left out
NUMERALS = set("一二三四五六七八九十百千万亿两零〇")  # 三提五统 is no 三十: numbers are the digit finders'


def _han(w: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in w)


def read_confusable(path: Path) -> dict[str, str]:
    """Character → its tight candidates (same sound and tone, or look-alike: the 2nd column)."""
    tight: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        ch, near = [*line.split("\t"), ""][:2]
        tight[ch] = near
    return tight


def read_other_tone(path: Path) -> dict[str, str]:
    """Character → its homophones of another tone (the 3rd column of ``confusable.tsv``)."""
    other: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        other[cols[0]] = cols[2] if len(cols) > 2 else ""
    return other


def _stats(lex: marisa_trie.RecordTrie) -> tuple[Counter, Counter, Counter, int]:
    """Counts of pairs inside longer words, of word-initial and of word-final characters."""
    inner: Counter = Counter()
    starts: Counter = Counter()
    ends: Counter = Counter()
    total = 0
    for word, (count, _tag) in lex.items():
        starts[word[0]] += count
        ends[word[-1]] += count
        total += count
        if len(word) > 2:
            for k in range(len(word) - 1):
                inner[word[k:k + 2]] += count
    return inner, starts, ends, total


def misspellings(lex: marisa_trie.RecordTrie, tight: dict[str, str],
                 other: dict[str, str] | None = None) -> dict[str, str]:
    """W' → W (the commonest W when several words share a misspelling).

    ``other``: homophones of another tone, used for words at least ``LOOSE_FREQ`` common.
    """
    other = other or {}
    inner, starts, ends, total = _stats(lex)

    def junction(p: str) -> float:
        return math.log((ends[p[0]] + 1) / total) + math.log((starts[p[1]] + 1) / total)

    best: dict[str, tuple[int, str]] = {}
    for word, (count, raw_tag) in lex.items():
        tag = raw_tag.rstrip(b"\0").decode("ascii")
        if len(word) != 2 or not _han(word) or tag in NAMES or count < MIN_FREQ or NUMERALS & set(word):
            continue
        for i, ch in enumerate(word):
            for alt in tight.get(ch, "") + (other.get(ch, "") if count >= LOOSE_FREQ else ""):
                wrong = word[:i] + alt + word[i + 1:]
                found = lex.get(wrong)
                if found and (found[0][0] * RARE >= count or found[0][0] > RARE_MAX):
                    continue
                if alt in NUMERALS or inner[wrong] > MAX_INNER or junction(wrong) > MAX_JUNCTION:
                    continue
                if count > best.get(wrong, (0, ""))[0]:
                    best[wrong] = (count, word)
    return {w: right for w, (_c, right) in best.items()}


def pair_value(wrong: str, right: str, loose: bool = False) -> bytes:
    """The table's value: the word (UTF-8), a flag byte (1: an other-tone homophone, which the
    run time only suggests) and one byte, the pair's own gain in quarters (0-255).

    The gain of the pair alone (log P(word) - log P(a) - log P(b), as ``evidence.score`` counts)
    lets the run time drop most anchors without a look-up: they sit across a word boundary.
    """
    from fanwen_clean.stages.typos import evidence

    own = evidence.score(right) - evidence.score(wrong[0]) - evidence.score(wrong[1])
    return right.encode("utf-8") + bytes([int(loose), max(0, min(255, round(own * 4)))])


def is_loose(wrong: str, right: str, tight: dict[str, str]) -> bool:
    """Is the pair's differing character no tight candidate (an other-tone homophone)?"""
    return not any(a != b and a in tight.get(b, "") for a, b in zip(wrong, right, strict=True))


def context(lex: marisa_trie.RecordTrie, targets: set[str]) -> set[str]:
    """3-character windows of dictionary words that begin or end with a target word."""
    out: set[str] = set()
    for word in lex.iterkeys():
        for k in range(len(word) - 2):
            tri = word[k:k + 3]
            if _han(tri) and (tri[:2] in targets or tri[1:] in targets):
                out.add(tri)
    return out


def main() -> None:
    lex = marisa_trie.RecordTrie("<I4s").mmap(str(ROOT / "rules" / "words" / "words.marisa"))
    tight = read_confusable(OUT / "confusable.tsv")
    table = misspellings(lex, tight, read_other_tone(OUT / "confusable.tsv"))
    items = [(w, pair_value(w, r, is_loose(w, r, tight))) for w, r in sorted(table.items())]
    marisa_trie.BytesTrie(items).save(str(OUT / "pairs.marisa"))
    windows = context(lex, set(table.values()))
    marisa_trie.Trie(sorted(windows)).save(str(OUT / "pair_context.marisa"))
    print(f"{len(table)} misspellings of {len(set(table.values()))} words, {len(windows)} context windows")


if __name__ == "__main__":
    main()
