"""The library entry points: clean text or bytes into a :class:`Result`."""

from __future__ import annotations

from .decode import decode
from .document import Document
from .pipeline import run_pipeline
from .render import Result, render, slot_vocabulary
from .rules import RuleBook
from .settings import Settings

_DEFAULT_BOOK: RuleBook | None = None


def _book(rules: RuleBook | None) -> RuleBook:
    global _DEFAULT_BOOK
    if rules is not None:
        return rules
    if _DEFAULT_BOOK is None:
        _DEFAULT_BOOK = RuleBook()
    return _DEFAULT_BOOK


def clean_text(text: str, *, source: str = "-", encoding: str = "utf-8",
               rules: RuleBook | None = None, settings: Settings | None = None) -> Result:
    """Clean a decoded page and return text, template, slots, changes and warnings."""
    settings = settings or Settings()
    doc = Document.from_text(text, source=source, encoding=encoding)
    book = _book(rules)
    doc = run_pipeline(doc, book, settings)
    result = render(doc, input_text=text, keep_originals=settings.keep_originals,
                    vocabulary=slot_vocabulary(book))
    if settings.anonymize and not settings.keep_originals:
        # for sharing: the real names must not travel in "text" either
        result.text = result.template
    return result


def clean_bytes(data: bytes, *, source: str = "-", rules: RuleBook | None = None,
                settings: Settings | None = None) -> Result:
    """Decode a page (raises :class:`~fanwen_clean.decode.DecodeError`) and clean it."""
    text, encoding = decode(data, source)
    return clean_text(text, source=source, encoding=encoding, rules=rules, settings=settings)
