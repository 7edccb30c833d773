#!/usr/bin/env python3
"""Measure ``--anonymize`` on an annotated corpus: names gone, public names kept, body words slotted.

    python tools/eval_anonymize.py [--corpus ../shared/corpus] [--level balanced|strict]
                                   [--show 60] [--cv 5]

* names: share of the ``names`` of each page that are gone from the template (as the scorer);
* public: share of the ``public`` names still there;
* keep-hit: ``keep`` strings (body text) that the anonymizer changed although no real name of
  the page lies inside them, i.e. a body word was slotted;
* slotted-other: slotted strings that match no real name of the page (shown with --show).

``--without PARTS`` turns detectors off to compare combinations (comma list of ``statistical``,
``propagation``, ``suffixes``: units and local features by suffix).

``--cv K`` checks the statistical person threshold by K-fold cross-validation split by site
(``NNN.meta.json``): on each training fold the threshold with the most names gone while public
names stay at >= 97% is chosen, and the held-out sites are scored with it.
"""

from __future__ import annotations

import argparse
import json
import random
import unicodedata
from collections import Counter
from pathlib import Path

import opencc

from fanwen_clean import Settings, clean_bytes
from fanwen_clean.settings import ENTITY_KINDS
from fanwen_clean.stages.anonymize import orgs, places, propagate, statistical

ROOT = Path(__file__).resolve().parent.parent


_T2S = opencc.OpenCC("t2s").convert


def _canon(s: str) -> str:
    """As the scorer compares: Simplified, width folded, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", _T2S(s)).split())


def _page(txt: Path, level: str) -> dict:
    checks = json.loads(txt.with_name(txt.stem + ".checks.json").read_text("utf-8"))
    names, public = checks.get("names", []), checks.get("public", [])
    if not names and not public:
        return {}
    res = clean_bytes(txt.read_bytes(), source=str(txt),
                      settings=Settings(anonymize=frozenset(ENTITY_KINDS), anonymize_level=level))
    plain = clean_bytes(txt.read_bytes(), source=str(txt))
    tpl, body = _canon(res.template), _canon(plain.template)
    slotted = [c["before"] for c in res.changes if c.get("stage") == "anonymize" and c.get("rule") != "FW631"]
    real = [_canon(n) for n in names]
    keep = [k for k in checks.get("keep", []) if _canon(k) in body and not any(n in _canon(k) for n in real)]
    return {
        "names": (sum(_canon(n) not in tpl for n in names), len(names)),
        "public": (sum(_canon(p) in tpl for p in public), len(public)),
        "keep": (sum(_canon(k) not in tpl for k in keep), len(keep)),
        "rules": Counter(c["rule"] for c in res.changes if c.get("stage") == "anonymize"),
        "other": [s for s in slotted if not any(_canon(s) in n or n in _canon(s) for n in real)],
    }


def _site(txt: Path) -> str:
    meta = txt.with_name(txt.stem + ".meta.json")
    return json.loads(meta.read_text("utf-8")).get("site", txt.stem) if meta.exists() else txt.stem


def _sum(pages: list[dict], key: str) -> tuple[int, int]:
    return sum(p[key][0] for p in pages if p), sum(p[key][1] for p in pages if p)


def _report(pages: list[dict], label: str) -> None:
    for key in ("names", "public", "keep"):
        ok, n = _sum(pages, key)
        print(f"{label:10s} {key:7s} {ok:4d}/{n:<4d} {100 * ok / max(n, 1):5.1f}%")
    print(f"{label:10s} slotted-other {sum(len(p['other']) for p in pages if p)}")


def _cv(txts: list[Path], level: str, k: int) -> None:
    sites = sorted({_site(t) for t in txts})
    random.Random(14).shuffle(sites)
    fold = {s: i % k for i, s in enumerate(sites)}
    grid = (0, 1, 2, 3)
    by_t = {}
    for t in grid:
        statistical.THRESHOLDS[level] = t
        by_t[t] = {txt: _page(txt, level) for txt in txts}
    held: list[dict] = []
    for f in range(k):
        train = [x for x in txts if fold[_site(x)] != f]

        def quality(t, train=train):
            pages = [by_t[t][x] for x in train]
            (ok, n), (pk, pn) = _sum(pages, "names"), _sum(pages, "public")
            return (pk >= 0.97 * pn, ok / max(n, 1), t)

        best = max(grid, key=quality)
        test = [by_t[best][x] for x in txts if fold[_site(x)] == f]
        (ok, n), (pk, pn) = _sum(test, "names"), _sum(test, "public")
        print(f"fold {f}: threshold {best}; held-out names {ok}/{n}, public {pk}/{pn}")
        held += test
    _report(held, "cv")


def _without(parts: set[str]) -> None:
    """Switch detectors off (for comparing combinations)."""
    if "statistical" in parts:
        statistical.candidates = lambda text, lex, threshold: []
    if "propagation" in parts:
        propagate.listed = lambda text, found, lex: []
        propagate.page_wide = lambda texts, per_line, lex, inner=None: per_line
    if "suffixes" in parts:
        orgs.by_suffix = lambda text, lex: []
        places.local = lambda text, lex: []


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--level", default="balanced")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--cv", type=int, default=0)
    ap.add_argument("--without", default="", help="comma list: statistical, propagation, suffixes")
    a = ap.parse_args()
    _without(set(a.without.split(",")) - {""})
    txts = sorted(a.corpus.glob("[0-9]*.txt"))
    if a.cv:
        _cv(txts, a.level, a.cv)
        return 0
    pages = [_page(t, a.level) for t in txts]
    _report(pages, a.level)
    if a.show:
        counts = Counter(s for p in pages if p for s in p["other"])
        print(" ".join(f"{s}×{c}" if c > 1 else s for s, c in counts.most_common(a.show)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
