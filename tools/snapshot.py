#!/usr/bin/env python3
"""Snapshot the output of ``clean`` on pages, to prove a refactor changed nothing.

    python tools/snapshot.py save before.json [DIR …]     # default: samples/ and ../shared/corpus
    python tools/snapshot.py diff before.json [DIR …]     # exit 1 and list the pages that differ

The snapshot holds, per page, the text, template, changes and warnings of the JSON report, with
and without ``--anonymize``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fanwen_clean import DecodeError, Settings, clean_bytes
from fanwen_clean.settings import ENTITY_KINDS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = (ROOT / "samples", ROOT.parent / "shared" / "corpus")


def outputs(dirs: list[Path]) -> dict[str, dict]:
    """Report of every ``*.txt`` page of ``dirs``, keyed by path, plain and anonymized."""
    runs = {"plain": Settings(), "anonymize": Settings(anonymize=frozenset(ENTITY_KINDS))}
    out: dict[str, dict] = {}
    for d in dirs:
        for page in sorted(d.glob("*.txt")):
            for label, settings in runs.items():
                try:
                    r = clean_bytes(page.read_bytes(), source=page.name, settings=settings).as_dict()
                except DecodeError as e:
                    r = {"error": str(e)}
                out[f"{page}:{label}"] = r
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("save", "diff"):
        print(__doc__)
        return 2
    snap = Path(argv[1])
    dirs = [Path(a) for a in argv[2:]] or [d for d in DEFAULT_DIRS if d.is_dir()]
    now = outputs(dirs)
    if argv[0] == "save":
        snap.write_text(json.dumps(now, ensure_ascii=False, sort_keys=True), "utf-8")
        print(f"{snap}: {len(now)} reports")
        return 0
    before = json.loads(snap.read_text("utf-8"))
    differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for k in differ:
        print(f"differs: {k}")
    print(f"{len(now)} reports, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
