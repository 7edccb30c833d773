"""The ordered list of stages.  Adding a stage is one line in :data:`STAGES`.

Stages feed each other (a join made by rewrap can reveal boilerplate; a removed line
can let two pieces join), so one pass is not always a fixed point.  :func:`run_pipeline`
runs the whole list again on its own output until the text stops changing, at most
:data:`MAX_PASSES` times, so that cleaning a cleaned page changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable

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


MAX_PASSES = 4  # a page that still changes after this many passes is returned as it is

# Stages a later pass runs only if the ones before them changed the text: they edit what
# the earlier stages leave, so on an unchanged text they would redo the previous pass's work.
_LATE = frozenset({"slots", "anonymize", "warn"})

# Stages that leave their own output as it is (their tests say so: test_pipeline_fixpoint).
# A later pass skips one when what reaches it is what it returned in the previous pass:
# typically every stage after the last one that changed the page (punct, typos), the
# largest part of a later pass that changes nothing.  "What reaches it" is the text and what
# else of the document the stage reads (typos: ``traditional``, for Taiwan word variants);
# a stage listed here must read nothing of the document but the text and that.
_IDEMPOTENT: dict[str, Callable[[Document], Hashable]] = {
    "punct": lambda doc: None,
    "typos": lambda doc: doc.traditional,
}

Outputs = dict[str, tuple[str, Hashable]]  # stage → (the text it returned, what else it was given)


def _run(stages: tuple[tuple[str, Stage], ...], doc: Document, rules: RuleBook,
         settings: Settings, outputs: Outputs | None = None) -> Document:
    """The stages once, in order (gated when rules are switched off, see :mod:`.gating`).

    With ``outputs`` (the previous pass's, updated here), an idempotent stage is skipped
    when it would get what it returned last time.
    """
    if gating.needed(doc, settings):
        return gating.run_gated(stages, doc, rules, settings)
    for name, stage in stages:
        if outputs is None or name not in _IDEMPOTENT:
            doc = stage(doc, rules, settings)
            continue
        given = _IDEMPOTENT[name](doc)
        if outputs.get(name) == (doc.text, given):
            continue
        doc = stage(doc, rules, settings)
        outputs[name] = (doc.text, given)
    return doc


def _one_pass(doc: Document, rules: RuleBook, settings: Settings, outputs: Outputs) -> Document:
    """Every stage once."""
    return _run(STAGES, doc, rules, settings, outputs)


def _later_pass(out: Document, rules: RuleBook, settings: Settings,
                outputs: Outputs) -> Document | None:
    """A pass over ``out``'s text as a fresh page, or None if it would not change the text."""
    fresh = Document.from_text(out.text, source=out.source, encoding=out.encoding)
    early = _run(tuple(st for st in STAGES if st[0] not in _LATE), fresh, rules, settings, outputs)
    if early.text == out.text:  # the late stages already ran on exactly this text
        return None
    again = _run(tuple(st for st in STAGES if st[0] in _LATE), early, rules, settings, outputs)
    return None if again.text == out.text else again


def run_pipeline(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Run every stage in order, and again on the result until it is a fixed point.

    A later pass sees the previous output as a fresh page (exactly what cleaning it
    again would see).  Its changes are added to the report with their line numbers
    mapped back to the source page; its slots and warnings replace the previous ones,
    since they describe the final text.
    """
    outputs: Outputs = {}
    out = _one_pass(doc, rules, settings, outputs)
    for _ in range(MAX_PASSES - 1):
        if out.text == doc.text:  # nothing changed: clean(x) == x is already a fixed point
            break
        again = _later_pass(out, rules, settings, outputs)
        if again is None:
            break
        doc, out = out, _carry(out, again)
    return out


def _carry(prev: Document, nxt: Document) -> Document:
    """``nxt`` (a pass over ``prev``'s text) with line numbers mapped to the source page."""
    def src(n: int) -> int:
        return prev.lines[n - 1].src if 0 < n <= len(prev.lines) else n

    lines = tuple(dataclasses.replace(ln, src=src(ln.src)) for ln in nxt.lines)
    changes = tuple(dataclasses.replace(c, line=src(c.line)) for c in nxt.changes)
    warnings = tuple(dataclasses.replace(w, line=src(w.line)) for w in nxt.warnings)
    return dataclasses.replace(nxt, lines=lines, changes=prev.changes + changes, warnings=warnings)
