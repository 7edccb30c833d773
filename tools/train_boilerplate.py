#!/usr/bin/env python3
"""Fit the boilerplate models on an annotated corpus; evaluate them by site-split k-fold.

    python tools/train_boilerplate.py [--corpus ../shared/corpus] [--folds 5] [--write | --check]

Two models, both logistic, both shipped in rules/boilerplate_model.toml (one section each,
``model = "filler"`` and ``model = "line"``, with the date and the corpus they came from):

* the filler model (stages/boilerplate/talk.py): its examples are the sentences that talk
  about the document or as the site, in the paragraphs the explicit rules leave
  (``boilerplate.talking``);
* the line classifier (stages/boilerplate/classifier.py): its examples are the lines the
  explicit rules and the filler model leave (``boilerplate.undecided``).

Build time only (needs numpy; the runtime reads the weights from rules/).
The filler model also learns from the project's own training pages (rules/boilerplate_train.toml,
written for it: body sentences that talk to an audience, site intros and outros), in every fold;
they are never scored.  ``--check`` re-fits and tells whether the shipped file is reproduced.
Labels come from the page's checks.json: a line (sentence) holding a ``boilerplate`` string
(or a piece of one) is chrome; one holding a ``keep`` string (or a piece of one) is body; one
holding both is left out.
The other lines are unlabelled: they are taken as body with a small weight (WEAK), because
annotators list the chrome of a page (so an unlisted line is mostly body) but not always all
of it, and precision comes first: body text must never go.

Cross-validation splits by SITE (``site`` in NNN.meta.json): a fold's model never saw the
sites it is scored on: in each fold both models are fitted on the other folds' pages (the
line model on what the fold's filler model leaves).  Each fold's figures come from running
the real pipeline with the fold's weights on its held-out pages, scored like
../shared/tools/score.py.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from fanwen_clean import RuleBook, Settings, clean_bytes
from fanwen_clean.decode import decode
from fanwen_clean.document import Document
from fanwen_clean.stages import boilerplate, normalize, segment, t2s

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
OUT = ROOT / "rules" / "boilerplate_model.toml"
TRAIN = ROOT / "rules" / "boilerplate_train.toml"
OFF = ('[[boilerplate_model]]\nmodel = "line"\nbias = -30.0\nweights = {}\n\n'
       '[[boilerplate_model]]\nmodel = "filler"\nbias = -30.0\nweights = {}\n')

Row = tuple[dict[str, float], int, float, str]  # features, label, weight, text


@dataclass
class Knobs:
    """Per model: weight of an unlabelled example (taken as body), removal and warning thresholds,
    L2 penalty (the examples are few: a few dozen per model)."""

    weak: float
    remove_at: float
    warn_at: float
    l2: float


# filler L2 0.005: the middle of the plateau 0.002-0.01 where, with the own training pages
# (rules/boilerplate_train.toml), the fit gives 530/543 on the corpus, CV 523/543 and passes
# every test of tests/test_boilerplate_talk.py; from 0.02 up it keeps the plain intro of the
# tests (524/543 on the corpus at 0.03, 522/543 at 0.3)
KNOBS = {"line": Knobs(0.3, 0.85, 0.5, 0.002), "filler": Knobs(0.5, 0.9, 0.5, 0.005)}
# train on what the explicit rules removed too (labelled examples only), as if no rule had fired:
# the chrome of a site no rule was written for looks like that (--no-widen-KIND)
WIDEN = {"line": True, "filler": True}


@dataclass
class Fitted:
    """A fitted model: its kind, feature names, weights and bias."""

    kind: str
    names: list[str]
    w: np.ndarray
    b: float


@dataclass
class PageData:
    """A page ready for training: the document before boilerplate, its labels, its filler rows."""

    path: Path
    doc: Document
    chrome: list[str]
    body: list[str]
    talk_rows: list[Row] = field(default_factory=list)
    own: bool = False  # one of the project's own training pages (filler model only, never scored)


def _scorer():
    spec = importlib.util.spec_from_file_location("fw_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def prepare(page: Path, canon: Callable[[str], str], book: RuleBook) -> PageData:
    """The page through the stages before boilerplate, with its canonical labels."""
    checks = json.loads(page.with_name(page.stem + ".checks.json").read_text("utf-8"))
    text, _ = decode(page.read_bytes(), str(page))
    return prepare_text(page, text, checks.get("boilerplate", []), checks.get("keep", []), canon, book)


def prepare_text(name: Path, text: str, chrome: list[str], keep: list[str], canon: Callable[[str], str],
                 book: RuleBook, own: bool = False) -> PageData:
    """A page's text through the stages before boilerplate, with its canonical labels."""
    doc = Document.from_text(text)
    settings = Settings()
    for stage in (normalize, t2s, segment):
        doc = stage.run(doc, book, settings)
    return PageData(name, doc, [c for c in map(canon, chrome) if len(c) >= 2],
                    [c for c in map(canon, keep) if len(c) >= 2], own=own)


def own_pages(canon: Callable[[str], str], book: RuleBook) -> list[PageData]:
    """The filler model's own training pages (rules/boilerplate_train.toml, written for the
    project): in the training set of every fold, never scored."""
    return [prepare_text(Path(f"{TRAIN.name}#{n + 1}"), e["page"].strip() + "\n", e.get("chrome", []),
                         e.get("keep", []), canon, book, own=True)
            for n, e in enumerate(RuleBook((TRAIN,)).family("filler_train"))]


def label(text: str, pd: PageData, canon: Callable[[str], str], weak: float, body_min: int = 4
          ) -> tuple[int, float] | None:
    """(label, weight) of a line or sentence, None when it holds both chrome and body."""
    lc = canon(text)
    if not lc:
        return None
    is_chrome = any(b in lc or (lc in b and len(lc) >= 2) for b in pd.chrome)
    is_body = any(k in lc or (lc in k and len(lc) >= body_min) for k in pd.body)
    if is_chrome and is_body:
        return None
    if is_chrome:
        return 1, 1.0
    return 0, 1.0 if is_body else weak


def _rows(found: list[tuple[int, str, dict[str, float], bool]], pd: PageData, canon, kind: str) -> list[Row]:
    """Labelled rows; an example a rule removed (widened) counts only when it is labelled."""
    out = []
    for _i, text, f, ruled in found:
        got = label(text, pd, canon, KNOBS[kind].weak)
        if got is not None and not (ruled and got[1] < 1.0):
            out.append((f, got[0], got[1], text))
    return out


def talk_rows(pd: PageData, canon, book: RuleBook) -> list[Row]:
    """The filler model's examples of a page (the explicit rules alone before it)."""
    return _rows(boilerplate.talking(pd.doc, book, widen=WIDEN["filler"]), pd, canon, "filler")


def line_rows(pd: PageData, canon, book: RuleBook) -> list[Row]:
    """The line classifier's examples of a page (what the rules and the filler model leave)."""
    return _rows(boilerplate.undecided(pd.doc, book, widen=WIDEN["line"]), pd, canon, "line")


def fit(rows: list[Row], kind: str) -> Fitted:
    """Weighted logistic regression with an L2 penalty, by gradient descent (full batch)."""
    names = sorted({k for f, _, _, _ in rows for k in f})
    x = np.array([[f.get(k, 0.0) for k in names] for f, _, _, _ in rows]).reshape(len(rows), len(names))
    y = np.array([lab for _, lab, _, _ in rows], dtype=float)
    w8 = np.array([w for _, _, w, _ in rows])
    w8 = w8 / w8.sum() if len(rows) else w8
    w = np.zeros(len(names))
    b = 0.0
    lr = _step(x, w8, KNOBS[kind].l2)
    for _ in range(6000 if len(rows) else 0):
        p = 1 / (1 + np.exp(-np.clip(x @ w + b, -30.0, 30.0)))  # clipped: no overflow
        g = (p - y) * w8
        w -= lr * (x.T @ g + KNOBS[kind].l2 * w)
        b -= lr * g.sum()
    if not (np.isfinite(w).all() and np.isfinite(b)):
        raise SystemExit(f"the {kind} model did not converge (weights not finite)")
    return Fitted(kind, names, w, b)


def _step(x: np.ndarray, w8: np.ndarray, l2: float) -> float:
    """A step size that cannot diverge: at most 1/L, L bounding the curvature of the loss (a
    quarter of the weighted Gram matrix of the features and the bias, plus the L2 penalty);
    8 when that is smaller (the step every model was fitted with before the bound)."""
    if not len(x):
        return 8.0
    xb = np.hstack([x, np.ones((len(x), 1))])
    curvature = float(np.linalg.eigvalsh(0.25 * (xb.T * w8) @ xb).max()) + l2
    return min(8.0, 1.0 / curvature)


def section(m: Fitted, fitted: str = "", corpus: str = "") -> list[str]:
    """One ``[[boilerplate_model]]`` section."""
    k = KNOBS[m.kind]
    out = ["[[boilerplate_model]]", f'model = "{m.kind}"']
    if fitted:
        out += [f'fitted = "{fitted}"', f"corpus = {json.dumps(corpus, ensure_ascii=False)}"]
    out += [f"bias = {m.b:.4f}", f"remove_at = {k.remove_at}", f"warn_at = {k.warn_at}",
            "", "[boilerplate_model.weights]"]
    out += [f"{n} = {v:.4f}" for n, v in sorted(zip(m.names, m.w, strict=True), key=lambda kv: -abs(kv[1]))]
    return out


def to_toml(models: list[Fitted], note: list[str], fitted: str = "", corpus: str = "") -> str:
    out = ["# The learned boilerplate models: the filler model (stages/boilerplate/talk.py, FW215)",
           "# and the line classifier (stages/boilerplate/classifier.py, FW212); logistic weights",
           "# fitted by tools/train_boilerplate.py.  Do not edit by hand: re-run the script.", *note]
    for m in models:
        out += ["", *section(m, fitted, corpus)]
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


def fit_both(data: list[PageData], canon, tmp: Path, name: str) -> tuple[list[Fitted], Path, int, int]:
    """Fit the filler model, then the line model on what it leaves; (models, their file, rows)."""
    talk = fit([r for pd in data for r in pd.talk_rows], "filler")
    # rule books are compiled once per tuple of paths: each model file gets a name of its own
    first = tmp / f"{name}-filler.toml"
    first.write_text(to_toml([talk], []), "utf-8")
    with_talk = RuleBook((ROOT / "rules", first))
    rows = [r for pd in data if not pd.own for r in line_rows(pd, canon, with_talk)]
    line = fit(rows, "line")
    path = tmp / f"{name}-both.toml"
    path.write_text(to_toml([talk, line], []), "utf-8")
    return [talk, line], path, sum(len(pd.talk_rows) for pd in data), len(rows)


def _pct(v: list[int]) -> str:
    return f"{100 * v[0] / v[1]:.1f}%" if v[1] else "n/a"


def _add(tot: dict[str, list[int]], key: str, v: list[int]) -> None:
    tot[key][0] += v[0]
    tot[key][1] += v[1]


def cross_validate(data: list[PageData], k: int, canon, score, tmp: Path) -> tuple[str, list[str]]:
    """Site-split k-fold: both models fitted without the held-out sites, scored on them."""
    pages = [pd.path for pd in data if not pd.own]
    off = tmp / "off.toml"  # models that never fire: the explicit rules alone
    off.write_text(OFF, "utf-8")
    tot = {"boilerplate": [0, 0], "keep": [0, 0], "rules": [0, 0]}
    lines = []
    for j, held in enumerate(folds_by_site(pages, k)):
        _models, path, _, _ = fit_both([pd for pd in data if pd.path not in held], canon, tmp, f"fold{j}")
        got = score_pages(held, RuleBook((ROOT / "rules", path)), score)
        rules_only = score_pages(held, RuleBook((ROOT / "rules", off)), score)
        bp, kp, rb = got["boilerplate"], got["keep"], rules_only["boilerplate"]
        _add(tot, "boilerplate", bp)
        _add(tot, "keep", kp)
        _add(tot, "rules", rb)
        line = (f"fold {j + 1}: {len(held):3d} pages  removed {bp[0]}/{bp[1]} = {_pct(bp)} "
                f"(rules alone {_pct(rb)})  keep lost {kp[1] - kp[0]}")
        print(line, flush=True)
        lines.append(line)
    bp, kp, rb = tot["boilerplate"], tot["keep"], tot["rules"]
    summary = (f"cross-validation ({k} folds by site): removed {bp[0]}/{bp[1]} = {_pct(bp)} "
               f"(rules alone {_pct(rb)}), keep lost {kp[1] - kp[0]} of {kp[1]}")
    print(summary)
    return summary, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--write", action="store_true", help=f"write the models fitted on all pages to {OUT}")
    ap.add_argument("--check", action="store_true",
                    help=f"re-fit on all pages and exit 1 unless the models equal those of {OUT}")
    for kind in KNOBS:
        ap.add_argument(f"--{kind}-weak", type=float, default=KNOBS[kind].weak,
                        help=f"{kind} model: weight of an unlabelled example")
        ap.add_argument(f"--{kind}-remove-at", type=float, default=KNOBS[kind].remove_at,
                        help=f"{kind} model: probability that removes")
        ap.add_argument(f"--no-widen-{kind}", action="store_true", help=f"{kind} model: undecided lines only")
        ap.add_argument(f"--{kind}-l2", type=float, default=KNOBS[kind].l2, help=f"{kind} model: L2 penalty")
    a = ap.parse_args()
    for kind in KNOBS:
        KNOBS[kind].weak = getattr(a, f"{kind}_weak")
        KNOBS[kind].remove_at = getattr(a, f"{kind}_remove_at")
        KNOBS[kind].l2 = getattr(a, f"{kind}_l2")
        WIDEN[kind] = not getattr(a, f"no_widen_{kind}")
    t0 = time.perf_counter()
    score = _scorer()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        off = tmp / "off.toml"
        off.write_text(OFF, "utf-8")
        base = RuleBook((ROOT / "rules", off))  # the explicit rules alone
        data = [prepare(p, score.canon, base) for p in sorted(a.corpus.glob("*.txt"))]
        data += own_pages(score.canon, base)
        for pd in data:
            pd.talk_rows = talk_rows(pd, score.canon, base)
        summary, cv_lines = cross_validate(data, a.folds, score.canon, score, tmp)
        if a.write or a.check:
            text = shipped_text(data, a.corpus.name, summary, cv_lines, tmp, score.canon, a.check)
            if a.check:
                same = _models_only(text) == _models_only(OUT.read_text("utf-8"))
                print(f"{OUT.name}: {'reproduced' if same else 'DIFFERS from a re-fit'}")
                return 0 if same else 1
            OUT.write_text(text, "utf-8")
            print(f"wrote {OUT}")
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


def shipped_text(data: list[PageData], corpus_name: str, summary: str, cv_lines: list[str], tmp: Path,
                 canon, keep_date: bool) -> str:
    """The model file fitted on all pages (dated today, or with the shipped file's date)."""
    models, _path, n_talk, n_line = fit_both(data, canon, tmp, "all")
    day = datetime.date.today().isoformat()
    if keep_date and OUT.exists():
        day = next((ln.split('"')[1] for ln in OUT.read_text("utf-8").splitlines()
                    if ln.startswith("fitted = ")), day)
    n_own = sum(pd.own for pd in data)
    corpus = (f"{corpus_name}/ of the fanwen-clean shared corpus ({len(data) - n_own} annotated pages)"
              f" + {n_own} own pages ({TRAIN.name}, filler model)")
    note = [f"# Fitted {day} on {corpus}: {n_talk} sentences (filler), {n_line} lines (line).",
            f"# {summary}", *[f"#   {x}" for x in cv_lines]]
    return to_toml(models, note, day, corpus)


def _models_only(text: str) -> list[str]:
    """The lines of a model file that carry the models (not the comments nor the date)."""
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith(("#", "fitted = "))]


if __name__ == "__main__":
    sys.exit(main())
