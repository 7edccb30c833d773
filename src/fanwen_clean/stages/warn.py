"""Stage: warn (first version pending)."""

from __future__ import annotations

from ..document import Document
from ..rules import RuleBook
from ..settings import Settings


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    return doc
