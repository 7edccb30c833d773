"""A datatrove pipeline step, so the same cleaning runs on datatrove's local, Slurm or Ray executors.

Install with ``pip install 'fanwen-clean[datatrove]'``::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from fanwen_clean.integrations.datatrove import FanwenClean

    LocalPipelineExecutor(pipeline=[JsonlReader("in/"), FanwenClean(), JsonlWriter("out/")],
                          tasks=8).run()

Each document's text becomes the cleaned template (or the text with
``fmt="text"``); ``metadata["fanwen_clean"]`` gets the same summary as the
CLI's JSONL mode (or the full JSON report with ``report=True``).  A document
whose cleaning fails keeps its text, gets ``{"error": …}`` in that field and is
counted in the step's ``failed`` stat (or dropped with ``drop_failed=True``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.typeshelper import StatHints

from ..batch import internal_error
from ..jsonl import FIELD, record_text, summary
from ..rules import RuleBook
from ..settings import Settings


class FanwenClean(PipelineStep):
    """Clean every document's text into a 范文 template (see the module docstring)."""

    name = "🧹 fanwen-clean"
    type = "✂️ - FORMAT"

    def __init__(self, fmt: str = "template", rules: Iterable[str | Path] = (), t2s: bool | None = None,
                 anonymize: Iterable[str] = (), report: bool = False, drop_failed: bool = False) -> None:
        super().__init__()
        if fmt not in ("template", "text"):
            raise ValueError(f"fmt must be 'template' or 'text', not {fmt!r}")
        self.fmt = fmt
        self.rules = tuple(Path(r) for r in rules)
        # validated here, on the machine that builds the pipeline, rather than on every worker
        self.settings = Settings(t2s=t2s, anonymize=frozenset(anonymize))
        self.report = report
        self.drop_failed = drop_failed

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        from ..api import clean_text

        if not data:
            return
        book = RuleBook.with_user(self.rules)  # once per task; stages compile their rules once
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                try:
                    res = clean_text(doc.text, source=str(doc.id), rules=book, settings=self.settings)
                except Exception as exc:  # one bad document must not fail the task
                    self.stat_update("failed")
                    if self.drop_failed:
                        self.stat_update(StatHints.dropped)
                        continue
                    doc.metadata[FIELD] = {"error": internal_error(str(doc.id), exc)}
                    yield doc
                    continue
                cleaned = record_text(doc.text, res, self.fmt)
                changed = cleaned != doc.text
                doc.text = cleaned
                doc.metadata[FIELD] = res.as_dict() if self.report else summary(res, changed)
            self.stat_update("changed" if changed else "unchanged")
            self.update_doc_stats(doc)
            yield doc
