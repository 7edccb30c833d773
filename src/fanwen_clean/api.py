"""The library entry points: clean text or bytes into a :class:`Result`."""

from __future__ import annotations

from . import chunking
from .decode import Decoded, decode_page
from .document import Document, Finding
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
               rules: RuleBook | None = None, settings: Settings | None = None,
               findings: tuple[Finding, ...] = ()) -> Result:
    """Clean a decoded page and return text, template, slots, changes and warnings.

    ``findings`` are warnings made before cleaning (by the decoder); they go into the report.
    """
    settings = settings or Settings()
    if len(text) > chunking.CHUNK_CHARS:  # a huge page: piece by piece (see chunking)
        result = chunking.clean_in_pieces(text, lambda piece: clean_text(
            piece, source=source, encoding=encoding, rules=rules, settings=settings))
        result.warnings += [f.as_dict() for f in findings]
        return result
    doc = Document.from_text(text, source=source, encoding=encoding)
    book = _book(rules)
    doc = run_pipeline(doc, book, settings)
    if findings:
        doc = doc.evolve(warnings=findings)
    result = render(doc, input_text=text, keep_originals=settings.keep_originals,
                    vocabulary=slot_vocabulary(book))
    if settings.anonymize and not settings.keep_originals:
        # for sharing: the real names must not travel in "text" either
        result.text = result.template
    return result


def clean_bytes(data: bytes, *, source: str = "-", rules: RuleBook | None = None,
                settings: Settings | None = None) -> Result:
    """Decode a page (raises :class:`~fanwen_clean.decode.DecodeError`) and clean it.

    A lossy decoding (bad bytes replaced) is cleaned too; the report warns about it
    (FW107) and ``Result.lossy`` is true, so that ``--in-place`` can refuse to write it.
    """
    return clean_decoded(decode_page(data, source), source=source, rules=rules, settings=settings)


def clean_decoded(decoded: Decoded, *, source: str = "-", rules: RuleBook | None = None,
                  settings: Settings | None = None) -> Result:
    """Clean a page decoded by :func:`~fanwen_clean.decode.decode_page`, with its decode warnings."""
    findings = tuple(Finding(code, line, msg) for code, line, msg in decoded.findings())
    result = clean_text(decoded.text, source=source, encoding=decoded.encoding, rules=rules,
                        settings=settings, findings=findings)
    result.lossy = decoded.lossy
    return result
