#!/usr/bin/env python3
"""How the slots stage behaves on a folder of pages: rules fired, generic share, doubtful markers.

For every FW5xx rule (and the FW952 warning): occurrences, pages and sites it fires on (the
site is read from ``NNN.meta.json`` when there is one, else the page counts as its own site).
Also the share of slot occurrences named by the generic ``内容`` (aim: under 5%) and the
number of blanks (kind ``blank``).  A rule that fires on one page only is a smell.

    python tools/slot_report.py [--corpus ../shared/corpus] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from fanwen_clean import clean_bytes

ROOT = Path(__file__).resolve().parent.parent


def _site(txt: Path) -> str:
    meta = txt.with_name(txt.stem + ".meta.json")
    if meta.is_file():
        return json.loads(meta.read_text("utf-8")).get("site") or txt.stem
    return txt.stem


def report(corpus: Path) -> dict:
    """Counts over every ``*.txt`` page of ``corpus``."""
    fired: dict[str, list] = defaultdict(lambda: [0, set(), set()])
    total = generic = blanks = 0
    for txt in sorted(corpus.glob("*.txt")):
        res = clean_bytes(txt.read_bytes(), source=str(txt))
        site = _site(txt)
        for c in res.changes:
            if c["rule"].startswith("FW5"):
                row = fired[c["rule"]]
                row[0] += 1
                row[1].add(txt.stem)
                row[2].add(site)
        for w in res.warnings:
            if w["rule"] in ("FW951", "FW952"):
                row = fired[w["rule"]]
                row[0] += 1
                row[1].add(txt.stem)
                row[2].add(site)
        for slot in res.slots:
            if slot["kind"] == "existing":
                continue
            n = len(slot["occurrences"])
            total += n
            generic += n if slot["name"].rstrip("0123456789") == "内容" else 0
            blanks += n if slot["kind"] == "blank" else 0
    return {"slots": total, "generic": generic, "generic_share": generic / total if total else 0.0,
            "blanks": blanks,
            "rules": {code: {"occurrences": n, "pages": len(p), "sites": len(s)}
                      for code, (n, p, s) in sorted(fired.items())}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    rep = report(a.corpus)
    print(f"slot occurrences {rep['slots']}, generic 内容 {rep['generic']} "
          f"({100 * rep['generic_share']:.1f}%), blanks {rep['blanks']}")
    print(f"{'rule':7s} {'occ':>5s} {'pages':>5s} {'sites':>5s}")
    for code, row in rep["rules"].items():
        print(f"{code:7s} {row['occurrences']:5d} {row['pages']:5d} {row['sites']:5d}")
    if a.json:
        a.json.write_text(json.dumps(rep, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
