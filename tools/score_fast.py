#!/usr/bin/env python3
"""Score the corpus in one process: ``../shared/tools/score.py`` with its subprocess calls replaced.

The official scorer starts ``fanwen-clean`` four times per page; this one imports the scorer and
answers its ``run()`` from the library, so a full corpus takes seconds.  The figures are the same
as the official ones as long as the CLI's JSON equals ``Result.as_dict()`` (it does today); check
with the official scorer before claiming a figure.

    python tools/score_fast.py [--corpus ../shared/corpus] [--pages 3] [--show-failures 40]
           [--only boilerplate,keep] [--json out.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

from fanwen_clean import DecodeError, Settings, clean_bytes
from fanwen_clean.settings import ENTITY_KINDS

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "tools" / "score.py"


def _load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("fw_score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _run(cmd, path, data=None, timeout=60, extra=()):
    """In-process stand-in for the scorer's ``run``: same return shape."""
    settings = Settings(anonymize=frozenset(ENTITY_KINDS)) if "--anonymize" in extra else Settings()
    raw = path.read_bytes() if path is not None else data
    try:
        result = clean_bytes(raw, source=str(path) if path else "-", settings=settings)
    except DecodeError as e:
        return None, f"decode: {e}"
    except Exception as e:
        return None, f"crash: {type(e).__name__}: {e}"
    return result.as_dict(), None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--scorer", type=Path, default=SCORER)
    ap.add_argument("--pages", default="")
    ap.add_argument("--show-failures", type=int, default=40)
    ap.add_argument("--only", default="", help="show failures of these checks only (comma-separated)")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    score = _load_scorer(a.scorer)
    score.run = _run
    docs = sorted(a.corpus.glob("*.checks.json"))
    if a.pages:
        docs = [d for d in docs if d.name.startswith(tuple(a.pages.split(",")))]
    total: dict[str, list[int]] = {}
    fails: list = []
    for chk in docs:
        txt = chk.with_name(chk.name.replace(".checks.json", ".txt"))
        r = score.score_doc([], txt, json.loads(chk.read_text("utf-8")), fails)
        for k, (ok, n) in r.items():
            t = total.setdefault(k, [0, 0])
            t[0] += ok
            t[1] += n
    print(f"corpus: {a.corpus} ({len(docs)} documents)")
    for k, (ok, n) in total.items():
        pct = 100.0 * ok / n if n else float("nan")
        print(f"  {k:13s} {ok:5d}/{n:<5d} {pct:6.1f}%")
    only = set(a.only.split(",")) - {""}
    shown = [f for f in fails if not only or f[1] in only]
    if a.show_failures and shown:
        print(f"failures (first {a.show_failures} of {len(shown)}):")
        for name, key, what in shown[: a.show_failures]:
            print(f"  {name} {key}: {str(what)[:120]}")
    if a.json:
        a.json.write_text(json.dumps({"total": total, "failures": fails}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
