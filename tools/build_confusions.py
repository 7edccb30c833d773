#!/usr/bin/env python3
"""Build ``rules/confusions/``: misspellings of common words by sound-alike or look-alike characters.

Sources (build time only):

* ``same_pinyin.txt``, ``same_stroke.txt`` and ``common_char_set.txt`` of the PyPI package
  ``pycorrector`` 1.1.4 (Apache-2.0, https://github.com/shibing624/pycorrector): for each
  character, those that sound the same (same tone / other tone) and those that look alike;
  the 3,500 common characters (an input method offers these, so typos are made of them);
* ``rules/confusions/lookalike_extra.txt`` (ours): textbook look-alike pairs that
  ``same_stroke.txt`` lacks (己/已, 爰/爱 …);
* ``rules/confusions/formulations.txt`` (ours): standard formulations of official prose;
* the shared word table ``rules/words/words.marisa`` (jieba's dictionary, MIT).

Output (all generated; see ``rules/confusions/README.md``):

* ``typos.marisa`` — ``marisa_trie.BytesTrie``: misspelling W' → correct word W, for every common
  2-4 character word W that is not a name, W' being W with one character replaced by a confusion
  candidate, when W' is not a word of its own (泄漏 and 泄露 are both words: nothing to decide);
* ``anchors.txt`` — the 2-character windows of those W' that hold the replaced character,
  space-separated, best first, at most ``MAX_ANCHORS``: the run-time pre-filter;
* ``idioms.txt`` — 4-character idioms and set phrases (jieba tags ``i`` and ``l``) and our
  formulations, one a line: a window one confusable character away from one is a typo;
  ``idioms.marisa`` holds each under each of its skeletons (one character masked as ``?``);
  ``idiom_anchors.txt`` their first and last two characters (one of the two survives a typo),
  less the pairs that are words (工作, 教育) or likely across a word boundary (是一, 的人):
  those are everywhere, and would only cost time (a formulation's one-off variants are found
  exactly at run time, see ``stages/typos/triggers.py``);
* ``confusable.tsv`` — each common character and its candidates (sound-alike, look-alike),
  for the idiom check; ``confusable.marisa`` the same as a ``BytesTrie`` (character → its
  candidates), which the run time memory-maps;
* ``tw_variants.tsv`` — Taiwan vocabulary as a Traditional→Simplified conversion leaves it
  (软体, 资讯, 网路) → the mainland word (软件, 信息, 网络), from OpenCC's ``TWPhrasesRev``
  dictionary (Apache-2.0, shipped in the ``opencc`` wheel), both sides converted with OpenCC
  ``t2s``; kept only when the mainland word is ``TW_RATIO`` times as common in jieba's counts
  and the Taiwan word rare there (复制/拷贝, 装置/设备 are mainland words too: left out).
  Identical pairs (软体动物) are kept as guards: the longest match wins.

Usage:  pip download --no-deps pycorrector==1.1.4 && unzip pycorrector-1.1.4-*.whl -d pc
        python tools/build_confusions.py pc/pycorrector/data
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path

import marisa_trie

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "rules" / "confusions"
NAMES = {"nr", "ns", "nt", "nz", "nrt", "nrfg", "x", "eng"}
MIN_FREQ = 20  # target words rarer than this (jieba counts) are left out
LOOSE_FREQ = 500  # ... and other-tone homophones only for words at least this common
RARE = 10  # W' listed by jieba is still a misspelling if W is RARE times as common ...
RARE_MAX = 20  # ... and W' has at most this count (jieba lists some typos: 精减, 幅射)
MAX_PAIR_FREQ = 5000  # a 2-character word this common is next to everything: not a target
LONG_BONUS = 2.0  # a longer word is stronger evidence: its anchors are kept first
IDIOM_PAIR_COST = 1_000  # an idiom pair whose count times its idioms reaches this is no anchor
IDIOM_JUNCTION = -11.0  # nor one more likely than this across a word boundary (是一, 的人)
WORD_PAIR = 20  # a misspelling's pair that is (or is inside) a word this common is no anchor
MAX_JUNCTION = -14.0  # nor a pair more likely than this across a word boundary (see junctions)
TW_RATIO = 20  # a Taiwan word is replaced only if the mainland one is this much more common
TW_MAINLAND = 600  # ... and it is rarer than this in jieba's (mainland) counts (专案, 区域性 are not)
MAX_ANCHORS = 120_000  # the pre-filter is a frozenset in memory: ~100 bytes an anchor


def _han(w: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in w)


def read_pinyin(path: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(same tone, other tone) homophones of each character."""
    same: dict[str, set[str]] = {}
    other: dict[str, set[str]] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = [*line.split("\t"), "", ""]
        same[parts[0]] = set(parts[1]) - {parts[0]}
        other[parts[0]] = set(parts[2]) - {parts[0]}
    return same, other


def read_groups(path: Path) -> dict[str, set[str]]:
    """Look-alike groups, one group a line, characters separated by white space."""
    out: dict[str, set[str]] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        group = [c for c in line.split() if len(c) == 1]
        for ch in group:
            out.setdefault(ch, set()).update(c for c in group if c != ch)
    return out


def merge(common: set[str], *tables: dict[str, set[str]]) -> dict[str, set[str]]:
    """Union of the tables over common characters, made symmetric (a confusion goes both ways)."""
    out: dict[str, set[str]] = {}
    for table in tables:
        for ch, alts in table.items():
            for alt in alts:
                if ch in common and alt in common:
                    out.setdefault(ch, set()).add(alt)
                    out.setdefault(alt, set()).add(ch)
    return out


def freq(lex: marisa_trie.RecordTrie, word: str) -> int:
    """jieba's count of ``word`` (0 if it is no word)."""
    found = lex.get(word)
    return found[0][0] if found else 0


def _lex_items(lex: marisa_trie.RecordTrie):
    for word, (count, tag) in lex.items():
        yield word, count, tag.rstrip(b"\0").decode()


def misspellings(lex, tight, loose) -> dict[str, tuple[float, str]]:
    """W' → (value, W): the most valuable correction of each misspelling.

    Value: how common W is (log count), less for other-tone homophones; a longer word first.
    """
    out: dict[str, tuple[float, str]] = {}
    for word, count, tag in _lex_items(lex):
        if not 2 <= len(word) <= 4 or not _han(word) or tag in NAMES or count < MIN_FREQ:
            continue
        if len(word) == 2 and count > MAX_PAIR_FREQ:
            continue
        for i, ch in enumerate(word):
            alts = [(a, 0.0) for a in tight.get(ch, ())]
            if count >= LOOSE_FREQ:
                alts += [(a, 1.5) for a in loose.get(ch, ()) if a not in tight.get(ch, ())]
            for alt, cost in alts:
                wrong = word[:i] + alt + word[i + 1:]
                found = lex.get(wrong)
                if found and (found[0][0] * RARE >= count or found[0][0] > RARE_MAX):
                    continue
                value = math.log(count) - cost + LONG_BONUS * (len(word) > 2)
                if value > out.get(wrong, (-1.0, ""))[0]:
                    out[wrong] = (value, word)
    return out


def _anchor_pairs(wrong: str, right: str) -> list[str]:
    """The 2-character windows of ``wrong`` that hold its replaced character.

    In a longer word, the window that was a word of its own (辐射 in 电磁辐射) is enough: a typo
    in it shows there as it would in the short word, and the table stays small.
    """
    i = next(k for k in range(len(wrong)) if wrong[k] != right[k])
    spans = [(j, j + 2) for j in (i - 1, i) if j >= 0 and j + 2 <= len(wrong)]
    worded = [sp for sp in spans if len(right) > 2 and right[sp[0]:sp[1]] in _LEX_KEYS]
    return [wrong[a:b] for a, b in (worded[:1] or spans)]


_LEX_KEYS: set[str] = set()


def junctions(lex: marisa_trie.RecordTrie) -> Callable[[str], float]:
    """How likely a pair is to occur across a word boundary: log P(a ends a word) + log P(b starts one).

    Pairs such as 的一, 是一, 上的 are everywhere in correct text; as anchors they would only cost
    time, so they are left out (and with them the misspellings they would find: 在坐 is listed).
    """
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    total = 0
    for word, count, _tag in _lex_items(lex):
        starts[word[0]] = starts.get(word[0], 0) + count
        ends[word[-1]] = ends.get(word[-1], 0) + count
        total += count
    return lambda p: math.log((ends.get(p[0], 0) + 1) / total) + math.log((starts.get(p[1], 0) + 1) / total)


def anchors(table: dict[str, tuple[float, str]], lex: marisa_trie.RecordTrie) -> list[str]:
    """The anchors of all misspellings, best first, capped at ``MAX_ANCHORS``.

    Left out: pairs that are words of their own (大家), that occur inside common longer words
    (明单 in 文明单位, 公室 in 办公室) or are likely across a word boundary.
    """
    junction = junctions(lex)
    inner = {w[i:i + 2] for w, count, _tag in _lex_items(lex) if len(w) > 2 and count >= WORD_PAIR
             for i in range(len(w) - 1)}
    best: dict[str, float] = {}
    for wrong, (value, right) in table.items():
        for a in _anchor_pairs(wrong, right):
            if value > best.get(a, -1.0):
                best[a] = value
    found = [a for a in best if junction(a) < MAX_JUNCTION and a not in inner
             and not (lex.get(a) and lex.get(a)[0][0] >= WORD_PAIR)]
    return sorted(found, key=lambda a: (-best[a], a))[:MAX_ANCHORS]


def idioms(lex, formulations: list[str]) -> list[str]:
    """4-character idioms and set phrases, and the formulations."""
    out = {w for w, _c, tag in _lex_items(lex) if len(w) == 4 and _han(w) and tag in ("i", "l")}
    return sorted(out | set(formulations))


def tw_variants(lex: marisa_trie.RecordTrie) -> list[str]:
    """Rows ``taiwan<TAB>mainland`` (Simplified both) from OpenCC's TWPhrasesRev dictionary."""
    import subprocess

    import opencc

    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    tool = share.parent.parent / "bin" / "opencc_dict"
    cmd = [str(tool), "-i", str(share / "TWPhrasesRev.ocd2"), "-o", "/dev/stdout", "-f", "ocd2", "-t", "text"]
    out = subprocess.run(cmd, capture_output=True, check=True).stdout.decode("utf-8")
    t2s = opencc.OpenCC("t2s")

    def freq(w: str) -> int:
        found = lex.get(w)
        return found[0][0] if found else 0

    rows = {}
    for line in out.splitlines():
        key, _, values = line.partition("\t")
        tw, cn = t2s.convert(key), t2s.convert(values.split(" ")[0])
        if not _han(tw) or not _han(cn) or len(tw) < 2:
            continue
        if tw == cn or (freq(cn) >= TW_RATIO * max(freq(tw), 1) and freq(tw) < TW_MAINLAND):
            rows[tw] = cn
    return [f"{tw}\t{cn}" for tw, cn in sorted(rows.items())]


def skeletons(phrases: list[str]) -> list[tuple[str, bytes]]:
    """(phrase with one character masked as ``?``, phrase) for every phrase and position."""
    return [(w[:k] + "?" + w[k + 1:], w.encode("utf-8")) for w in phrases for k in range(len(w))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="pycorrector's data folder")
    a = ap.parse_args()
    common = set((a.data / "common_char_set.txt").read_text("utf-8").split())
    same, other = read_pinyin(a.data / "same_pinyin.txt")
    look = read_groups(a.data / "same_stroke.txt")
    tight = merge(common, same, look, read_groups(OUT / "lookalike_extra.txt"))
    loose = merge(common, other)
    lex = marisa_trie.RecordTrie("<I4s").mmap(str(ROOT / "rules" / "words" / "words.marisa"))
    formulations = [w for w in (OUT / "formulations.txt").read_text("utf-8").split() if _han(w)]
    _LEX_KEYS.update(w for w in lex.iterkeys() if len(w) == 2)
    table = misspellings(lex, tight, loose)
    kept = anchors(table, lex)
    keep = set(kept)
    items = []
    for wrong, (_value, right) in sorted(table.items()):
        if any(a in keep for a in _anchor_pairs(wrong, right)):
            items.append((wrong, right.encode("utf-8")))
    marisa_trie.BytesTrie(items).save(str(OUT / "typos.marisa"))
    (OUT / "anchors.txt").write_text(" ".join(kept) + "\n", "utf-8")
    phrases = idioms(lex, formulations)
    (OUT / "idioms.txt").write_text("\n".join(phrases) + "\n", "utf-8")
    marisa_trie.BytesTrie(skeletons(phrases)).save(str(OUT / "idioms.marisa"))
    uses: dict[str, int] = {}
    for w in phrases:
        for p in {w[:2], w[-2:]}:
            uses[p] = uses.get(p, 0) + 1
    junction = junctions(lex)
    # the formulations' own halves (建设, 发展) are everywhere: the run time finds their one-off
    # variants exactly instead (stages/typos/triggers.py)
    ends = sorted(p for p, n in uses.items()
                  if freq(lex, p) * n < IDIOM_PAIR_COST and junction(p) < IDIOM_JUNCTION)
    (OUT / "idiom_anchors.txt").write_text(" ".join(ends) + "\n", "utf-8")
    rows = []
    for ch in sorted(set(tight) | set(loose)):
        near, far = tight.get(ch, set()), loose.get(ch, set()) - tight.get(ch, set())
        rows.append(f"{ch}\t{''.join(sorted(near))}\t{''.join(sorted(far))}")
    (OUT / "confusable.tsv").write_text("# char\tsame sound same tone or look-alike\tother tone\n"
                                        + "\n".join(rows) + "\n", "utf-8")
    # the run time reads the same table memory-mapped: each character → its candidates, both kinds
    pairs = [(ch, (near + far).encode("utf-8")) for ch, near, far in (r.split("\t") for r in rows)]
    marisa_trie.BytesTrie(pairs).save(str(OUT / "confusable.marisa"))
    header = "# taiwan\tmainland (tools/build_confusions.py; OpenCC TWPhrasesRev)\n"
    (OUT / "tw_variants.tsv").write_text(header + "\n".join(tw_variants(lex)) + "\n", "utf-8")
    print(f"{len(items)} misspellings, {len(kept)} anchors, {len(rows)} confusable characters")


if __name__ == "__main__":
    main()
