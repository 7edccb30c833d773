"""The ordered list of stages.  Adding a stage is one line in :data:`STAGES`."""

from __future__ import annotations

from collections.abc import Callable

from .document import Document
from .rules import RuleBook
from .settings import Settings
from .stages import anonymize, boilerplate, normalize, punct, rewrap, segment, slots, t2s, typos, warn

Stage = Callable[[Document, RuleBook, Settings], Document]

STAGES: tuple[tuple[str, Stage], ...] = (
    ("normalize", normalize.run),
    ("t2s", t2s.run),
    ("segment", segment.run),
    ("boilerplate", boilerplate.run),
    ("rewrap", rewrap.run),
    ("punct", punct.run),
    ("typos", typos.run),
    ("slots", slots.run),
    ("anonymize", anonymize.run),
    ("warn", warn.run),
)


def run_pipeline(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Run every stage in order."""
    for _name, stage in STAGES:
        doc = stage(doc, rules, settings)
    return doc
