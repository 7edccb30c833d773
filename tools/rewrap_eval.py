#!/usr/bin/env python3
"""Measure line-wrap repair (stage rewrap) on a corpus of real pages, beyond its join checks.

1. Cut and repair: the cleaned paragraphs of every page are cut again the ways scrapers and
   PDF exports cut them (a fixed width that jitters, wraps turned into spaces, a page break
   in every third paragraph) and cleaned; a paragraph counts when it comes back exactly.
   Cleaning the clean lines again must join none of them.
2. Prefixes: every 12th prefix of every page (normalize + rewrap only) must cut the breaks
   inside it as the whole page does.
3. Firing: on how many pages and sites each rule code fires.

    python tools/rewrap_eval.py [--corpus ../shared/corpus]

Nothing from the corpus is written anywhere; the figures are printed.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
from pathlib import Path

from fanwen_clean import clean_text
from fanwen_clean.api import _book
from fanwen_clean.document import Document
from fanwen_clean.settings import Settings
from fanwen_clean.stages import normalize, rewrap

ROOT = Path(__file__).resolve().parent.parent


def _wrap(paras: list[str], width: int, rng: random.Random) -> list[str]:
    """Cut each paragraph at ``width`` display columns, less 0-4 at random."""
    out: list[str] = []
    for p in paras:
        cur, used, limit = "", 0, width - rng.randint(0, 4)
        for ch in p:
            w = len(ch.encode("gbk", "replace"))
            if used + w > limit:
                out.append(cur)
                cur, used, limit = "", 0, width - rng.randint(0, 4)
            cur += ch
            used += w
        out.append(cur)
    return out


def _cut_and_repair(pages: list[str], rng: random.Random) -> None:
    tally = collections.Counter()
    for page in pages:
        lines = [ln for ln in clean_text(page).text.split("\n") if ln]
        paras = [ln for ln in lines if len(ln) >= 30 and ln[-1] in "。！？"][:12]
        if len(paras) < 3:
            continue
        cuts = {
            "fixed width": "\n".join(_wrap(paras, rng.choice([60, 70, 76, 80]), rng)),
            "wrap spaces": "\n".join(" ".join(_wrap([p], 56, rng)) for p in paras),
            "page breaks": "\n\n".join(p if i % 3 != 1 else p[:len(p) // 2] + "\n\n" + p[len(p) // 2:]
                                       for i, p in enumerate(paras)),
        }
        for kind, text in cuts.items():
            out = set(clean_text(text).text.split("\n"))
            tally[kind] += sum(1 for p in paras if p in out)
        tally["paragraphs"] += len(paras)
        again = set(clean_text("\n".join(lines)).text.split("\n"))
        tally["clean lines"] += len(lines)
        tally["clean lines joined"] += sum(1 for ln in lines if ln not in again)
    n = tally["paragraphs"]
    for kind in ("fixed width", "wrap spaces", "page breaks"):
        print(f"  {kind:12s} {tally[kind]}/{n} paragraphs restored ({100 * tally[kind] / n:.1f}%)")
    print(f"  clean lines joined by a second cleaning: {tally['clean lines joined']}/{tally['clean lines']}")


def _joined_breaks(lines: list[str]) -> set[int]:
    book = _book(None)
    doc = normalize.run(Document.from_text("\n".join(lines)), book, Settings())
    starts = {ln.src for ln in rewrap.run(doc, book, Settings()).lines}
    return {n for n in range(1, len(lines))
            if lines[n - 1].strip() and lines[n].strip() and n + 1 not in starts}


def _prefixes(pages: list[str]) -> None:
    total = differing = 0
    for page in pages:
        lines = page.split("\n")
        whole = _joined_breaks(lines)
        for k in range(3, len(lines), max(1, len(lines) // 12)):
            part = _joined_breaks(lines[:k]) - {k - 1}
            total += 1
            differing += len(part ^ {n for n in whole if n < k - 1})
    print(f"  {total} prefixes, {differing} breaks cut otherwise than in the whole page")


def _firing(paths: list[Path]) -> None:
    pages: dict[str, set[str]] = collections.defaultdict(set)
    sites: dict[str, set[str]] = collections.defaultdict(set)
    for path in paths:
        site = json.loads(path.with_suffix(".meta.json").read_text("utf-8")).get("site", path.stem)
        for c in clean_text(path.read_text("utf-8")).changes:
            if c["stage"] == "rewrap":
                pages[c["rule"]].add(path.stem)
                sites[c["rule"]].add(site)
    for code in sorted(pages):
        print(f"  {code}: {len(pages[code])} pages, {len(sites[code])} sites")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    paths = sorted(a.corpus.glob("*.txt"))
    pages = [p.read_text("utf-8") for p in paths]
    print(f"corpus: {a.corpus} ({len(paths)} pages)")
    print("cut and repair:")
    _cut_and_repair(pages, random.Random(a.seed))
    print("prefixes:")
    _prefixes(pages)
    print("rule codes:")
    _firing(paths)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
