#!/usr/bin/env python3
"""The typo stage on an annotated corpus, page by page: hits, suggestions, misses, unasked changes.

For every page with ``typos`` checks (``[wrong, right]`` pairs, see ``../shared/corpus/README.md``)
the page is cleaned once; a pair is

* ``fixed``     when ``wrong`` is gone from the output and ``right`` is there (as score.py counts);
* ``suggested`` when it is not fixed but a FW940 suggestion proposes its change;
* ``missed``    otherwise.

Every change of the typo stage whose edit (the changed characters) belongs to no annotated pair
is listed as ``unasked``: a false fix, or a typo the annotators did not list; a suggestion that
belongs to none as ``noise``.  Texts are compared
in Simplified (OpenCC ``t2s``) and half width, like the scorer folds them.

    python tools/typo_eval.py [--corpus ../shared/corpus] [--pages 3,4] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

import opencc

from fanwen_clean import clean_bytes

ROOT = Path(__file__).resolve().parent.parent
_T2S = opencc.OpenCC("t2s")
_SUGGESTION = re.compile(r"possible typo \((FW\d+)\): (.*) → (.*)$")


def fold(text: str) -> str:
    """Simplified, half width (NFKC), spaces removed: the form in which texts are compared."""
    return unicodedata.normalize("NFKC", _T2S.convert(text)).replace(" ", "")


def edit(before: str, after: str) -> tuple[str, str]:
    """The changed part of a change: ``before`` and ``after`` less their common ends."""
    i = 0
    while i < min(len(before), len(after)) and before[i] == after[i]:
        i += 1
    j = 0
    while j < min(len(before), len(after)) - i and before[-1 - j] == after[-1 - j]:
        j += 1
    return before[i:len(before) - j], after[i:len(after) - j]


def _explains(pair: tuple[str, str], old: str, new: str) -> bool:
    wrong, right = pair
    return (old in wrong or not old) and (new in right or not new)


def page_report(text_path: Path, pairs: list[tuple[str, str]]) -> dict:
    """The page's fixed, suggested and missed pairs and its unasked changes."""
    result = clean_bytes(text_path.read_bytes(), source=str(text_path))
    out = fold(result.text)
    folded = [(fold(w), fold(r)) for w, r in pairs]
    edits = [edit(fold(c["before"]), fold(c["after"])) for c in result.changes if c["stage"] == "typos"]
    proposals = []
    for w in result.warnings:
        m = _SUGGESTION.match(w["message"]) if w["rule"] == "FW940" else None
        if m:
            proposals.append(edit(fold(m.group(2)), fold(m.group(3))))
    report: dict[str, list] = {"fixed": [], "suggested": [], "missed": [], "unasked": [], "noise": []}
    for pair, original in zip(folded, pairs, strict=True):
        if pair[0] not in out and pair[1] in out:
            report["fixed"].append(original)
        elif any(_explains(pair, old, new) for old, new in proposals):
            report["suggested"].append(original)
        else:
            report["missed"].append(original)
    report["unasked"] = [e for e in edits if not any(_explains(p, *e) for p in folded)]
    report["noise"] = [e for e in proposals if not any(_explains(p, *e) for p in folded)]
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--pages", default="", help="page name prefixes, comma-separated")
    ap.add_argument("--quiet", action="store_true", help="totals only")
    a = ap.parse_args()
    totals = {"fixed": 0, "suggested": 0, "missed": 0, "unasked": 0, "noise": 0}
    for chk in sorted(a.corpus.glob("*.checks.json")):
        name = chk.name.split(".")[0]
        if a.pages and not name.startswith(tuple(a.pages.split(","))):
            continue
        pairs = [tuple(p) for p in json.loads(chk.read_text("utf-8")).get("typos", [])]
        report = page_report(chk.with_name(f"{name}.txt"), pairs)
        if not pairs and not report["unasked"] and not report["noise"]:
            continue
        for key, items in report.items():
            totals[key] += len(items)
            if not a.quiet:
                for item in items:
                    print(f"{name} {key:9s} {item[0]} -> {item[1]}")
    asked = totals["fixed"] + totals["suggested"] + totals["missed"]
    print(f"pairs {asked}: fixed {totals['fixed']} ({100 * totals['fixed'] / max(asked, 1):.1f}%), "
          f"fixed or suggested {totals['fixed'] + totals['suggested']} "
          f"({100 * (totals['fixed'] + totals['suggested']) / max(asked, 1):.1f}%), "
          f"missed {totals['missed']}; unasked changes {totals['unasked']}, "
          f"unasked suggestions {totals['noise']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
