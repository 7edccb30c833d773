"""The ordered list of stages.  Adding a stage is one line in :data:`STAGES`."""

from __future__ import annotations

from collections.abc import Callable

from . import gating
from .document import Document
from .rules import RuleBook
from .settings import Settings
from .stages import boilerplate, normalize, punct, rewrap, segment, slots, t2s, typos, warn

Stage = Callable[[Document, RuleBook, Settings], Document]


def _anonymize(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Stage anonymize (``stages.anonymize.run``), imported on first use.

    Its name lists and patterns take ~10 ms to import, and most runs don't anonymize.
    """
    if not settings.anonymize:
        return doc
    from .stages import anonymize

    return anonymize.run(doc, rules, settings)


STAGES: tuple[tuple[str, Stage], ...] = (
    ("normalize", normalize.run),
    ("t2s", t2s.run),
    ("segment", segment.run),
    ("boilerplate", boilerplate.run),
    ("rewrap", rewrap.run),
    ("boilerplate-recheck", boilerplate.recheck),
    ("punct", punct.run),
    ("typos", typos.run),
    ("slots", slots.run),
    ("anonymize", _anonymize),
    ("warn", warn.run),
)


def run_pipeline(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Run every stage in order (gated when rules are switched off, see :mod:`.gating`)."""
    if gating.needed(doc, settings):
        return gating.run_gated(STAGES, doc, rules, settings)
    for _name, stage in STAGES:
        doc = stage(doc, rules, settings)
    return doc
