"""The weights of the learned models, shipped as data (rules/boilerplate_model.toml).

Two models live there, one ``[[boilerplate_model]]`` section each, told apart by the key
``model``: ``"line"`` (the line classifier, classifier.py; the default when the key is
missing) and ``"filler"`` (site filler sentences, talk.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...rules import RuleBook, RuleError

KINDS = ("line", "filler")


@dataclass(frozen=True)
class Model:
    """A logistic model over named features: ``score = bias + Σ weight × feature``."""

    weights: dict[str, float]
    bias: float
    remove_at: float  # probability at or above which an undecided line is removed
    warn_at: float  # probability at or above which a kept line is reported (FW921)
    source: str = ""


def load_model(rules: RuleBook, kind: str = "line") -> Model | None:
    """The last ``[[boilerplate_model]]`` entry of this kind in the book (a user file overrides
    the shipped one)."""
    if kind not in KINDS:
        raise ValueError(f"unknown model kind {kind!r}")
    entries = [e for e in rules.family("boilerplate_model") if e.get("model", "line") == kind]
    if not entries:
        return None
    e = entries[-1]
    try:
        model = Model(weights={str(k): float(v) for k, v in e["weights"].items()}, bias=float(e["bias"]),
                      remove_at=float(e.get("remove_at", 0.9)), warn_at=float(e.get("warn_at", 0.6)),
                      source=str(e.get("_source", "")))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RuleError(f"{e.get('_source')}: bad boilerplate_model entry: {exc}") from None
    # a fit that diverged writes nan: such a model would call every candidate chrome
    if not all(math.isfinite(v) for v in (model.bias, *model.weights.values())):
        raise RuleError(f"{e.get('_source')}: bad boilerplate_model entry: a weight is not a finite number")
    return model
