#!/usr/bin/env python3
"""Fit the boilerplate line classifier on an annotated corpus; evaluate it by site-split k-fold.

    python tools/train_boilerplate.py [--corpus ../shared/corpus] [--folds 5] [--write]

Build time only (needs numpy; the runtime reads the weights from rules/boilerplate_model.toml).

Examples: the lines the explicit rules leave on each page (``boilerplate.undecided``).
Labels come from the page's checks.json: a line holding a ``boilerplate`` string (or a piece
of one) is chrome; a line holding a ``keep`` string is body; a line holding both is left out.
The other lines are unlabelled: they are taken as body with a small weight (WEAK), because
annotators list the chrome of a page (so an unlisted line is mostly body) but not always all
of it, and precision comes first: body text must never go.

Cross-validation splits by SITE (``site`` in NNN.meta.json): a fold's model never saw the
sites it is scored on.  Each fold's figures come from running the real pipeline with the
fold's weights on its held-out pages, scored like ../shared/tools/score.py.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

from fanwen_clean import RuleBook, Settings, clean_bytes
from fanwen_clean.decode import decode
from fanwen_clean.document import Document
from fanwen_clean.stages import boilerplate, normalize, segment, t2s

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
OUT = ROOT / "rules" / "boilerplate_model.toml"
WEAK = 0.3  # weight of an unlabelled line (taken as body); --weak
L2 = 0.002
REMOVE_AT = 0.85  # --remove-at
WARN_AT = 0.5


def _scorer():
    spec = importlib.util.spec_from_file_location("fw_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def examples(page: Path, checks: dict, canon, book: RuleBook) -> list[tuple[dict, int, float, str]]:
    """(features, label, weight, text) of the undecided lines of a page."""
    text, _ = decode(page.read_bytes(), str(page))
    doc = Document.from_text(text)
    settings = Settings()
    for stage in (normalize, t2s, segment):
        doc = stage.run(doc, book, settings)
    chrome = [c for c in map(canon, checks.get("boilerplate", [])) if len(c) >= 2]
    body = [c for c in map(canon, checks.get("keep", [])) if len(c) >= 2]
    out = []
    for _i, c, f in boilerplate.undecided(doc, book):
        lc = canon(c)
        if not lc:
            continue
        is_chrome = any(b in lc or (lc in b and len(lc) >= 2) for b in chrome)
        is_body = any(k in lc or (lc in k and len(lc) >= 4) for k in body)
        if is_chrome and is_body:
            continue
        if is_chrome:
            out.append((f, 1, 1.0, c))
        else:
            out.append((f, 0, 1.0 if is_body else WEAK, c))
    return out


def fit(rows: list[tuple[dict, int, float, str]], names: list[str]) -> tuple[np.ndarray, float]:
    """Weighted logistic regression with an L2 penalty, by gradient descent (full batch)."""
    x = np.array([[f.get(k, 0.0) for k in names] for f, _, _, _ in rows])
    y = np.array([lab for _, lab, _, _ in rows], dtype=float)
    w8 = np.array([w for _, _, w, _ in rows])
    w8 = w8 / w8.sum()
    w = np.zeros(len(names))
    b = 0.0
    lr = 8.0
    for _ in range(6000):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = (p - y) * w8
        w -= lr * (x.T @ g + L2 * w)
        b -= lr * g.sum()
    return w, b


def to_toml(names: list[str], w: np.ndarray, b: float, note: list[str]) -> str:
    out = ["# The boilerplate line classifier (stages/boilerplate/classifier.py): logistic weights",
           "# fitted by tools/train_boilerplate.py.  Do not edit by hand: re-run the script.", *note, "",
           "[[boilerplate_model]]", f"bias = {b:.4f}", f"remove_at = {REMOVE_AT}", f"warn_at = {WARN_AT}",
           "", "[boilerplate_model.weights]"]
    out += [f"{k} = {v:.4f}" for k, v in sorted(zip(names, w, strict=True), key=lambda kv: -abs(kv[1]))]
    return "\n".join(out) + "\n"


def score_pages(pages: list[Path], book: RuleBook, score) -> dict[str, list[int]]:
    """Boilerplate and keep figures of the real pipeline on these pages (as score.py counts them)."""
    settings = Settings()
    total = {"boilerplate": [0, 0], "keep": [0, 0]}
    for p in pages:
        checks = json.loads(p.with_name(p.stem + ".checks.json").read_text("utf-8"))
        r = clean_bytes(p.read_bytes(), source=str(p), settings=settings, rules=book).as_dict()
        text, tpl = score.canon(r["text"]), score.canon(r["template"])
        for s in checks.get("boilerplate", []):
            c = score.canon(s)
            total["boilerplate"][0] += c not in text and c not in tpl
            total["boilerplate"][1] += 1
        for s in checks.get("keep", []):
            c = score.canon(s)
            total["keep"][0] += c in text and c in tpl
            total["keep"][1] += 1
    return total


def folds_by_site(pages: list[Path], k: int, seed: int = 11) -> list[list[Path]]:
    sites: dict[str, list[Path]] = {}
    for p in pages:
        meta = json.loads(p.with_name(p.stem + ".meta.json").read_text("utf-8"))
        sites.setdefault(meta.get("site", p.stem), []).append(p)
    keys = sorted(sites)
    random.Random(seed).shuffle(keys)
    out: list[list[Path]] = [[] for _ in range(k)]
    for j, s in enumerate(keys):
        out[j % k].extend(sites[s])
    return out


def set_knobs(weak: float, remove_at: float) -> None:
    """Set the weight of unlabelled lines and the removal threshold (command-line options)."""
    global WEAK, REMOVE_AT
    WEAK, REMOVE_AT = weak, remove_at


def _pct(v: list[int]) -> str:
    return f"{100 * v[0] / v[1]:.1f}%" if v[1] else "n/a"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--write", action="store_true", help=f"write the model fitted on all pages to {OUT}")
    ap.add_argument("--weak", type=float, default=WEAK, help="weight of an unlabelled line")
    ap.add_argument("--remove-at", type=float, default=REMOVE_AT, help="probability that removes a line")
    a = ap.parse_args()
    set_knobs(a.weak, a.remove_at)
    score = _scorer()
    base = RuleBook((ROOT / "rules",))
    pages = sorted(a.corpus.glob("*.txt"))
    per_page = {p: examples(p, json.loads(p.with_name(p.stem + ".checks.json").read_text("utf-8")),
                            score.canon, base) for p in pages}
    names = sorted({k for rows in per_page.values() for f, _, _, _ in rows for k in f})
    rows_all = [r for rows in per_page.values() for r in rows]
    print(f"{len(pages)} pages, {len(rows_all)} undecided lines, "
          f"{sum(r[1] for r in rows_all)} labelled chrome, features: {len(names)}")
    tot = {"boilerplate": [0, 0], "keep": [0, 0], "rules": [0, 0]}
    cv_lines = []
    with tempfile.TemporaryDirectory() as tmp:
        off = Path(tmp) / "off.toml"  # a model that never fires: the explicit rules alone
        off.write_text("[[boilerplate_model]]\nbias = -30.0\nweights = {}\n", "utf-8")
        for j, held in enumerate(folds_by_site(pages, a.folds)):
            train = [r for p in pages if p not in held for r in per_page[p]]
            w, b = fit(train, names)
            path = Path(tmp) / f"fold{j}.toml"
            path.write_text(to_toml(names, w, b, []), "utf-8")
            got = score_pages(held, RuleBook((ROOT / "rules", path)), score)
            rules_only = score_pages(held, RuleBook((ROOT / "rules", off)), score)
            bp, kp, rb = got["boilerplate"], got["keep"], rules_only["boilerplate"]
            for key, v in (("boilerplate", bp), ("keep", kp), ("rules", rb)):
                tot[key][0] += v[0]
                tot[key][1] += v[1]
            line = (f"fold {j + 1}: {len(held):3d} pages  removed {bp[0]}/{bp[1]} = {_pct(bp)} "
                    f"(rules alone {_pct(rb)})  keep lost {kp[1] - kp[0]}")
            print(line)
            cv_lines.append(line)
    bp, kp, rb = tot["boilerplate"], tot["keep"], tot["rules"]
    summary = (f"cross-validation ({a.folds} folds by site): removed {bp[0]}/{bp[1]} = {_pct(bp)} "
               f"(rules alone {_pct(rb)}), keep lost {kp[1] - kp[0]} of {kp[1]}")
    print(summary)
    if a.write:
        w, b = fit(rows_all, names)
        day = datetime.date.today().isoformat()
        note = [f"# Fitted {day} on {a.corpus.name}/ ({len(pages)} annotated pages, {len(rows_all)} lines),"
                " the fanwen-clean shared corpus.", f"# {summary}"]
        note += [f"#   {x}" for x in cv_lines]
        OUT.write_text(to_toml(names, w, b, note), "utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
