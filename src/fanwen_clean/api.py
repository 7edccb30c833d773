"""The library entry points: clean text or bytes into a :class:`Result`."""

from __future__ import annotations

from .decode import decode_page
from .document import Document, Finding
from .pipeline import run_pipeline
from .render import Result, render
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
    doc = Document.from_text(text, source=source, encoding=encoding)
    doc = run_pipeline(doc, _book(rules), settings)
    if findings:
        doc = doc.evolve(warnings=findings)
    result = render(doc, input_text=text, keep_originals=settings.keep_originals)
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
    d = decode_page(data, source)
    findings = tuple(Finding(code, line, msg) for code, line, msg in d.findings())
    result = clean_text(d.text, source=source, encoding=d.encoding, rules=rules, settings=settings,
                        findings=findings)
    result.lossy = d.lossy
    return result
