"""JSON Lines corpora: one page per record, in the text field; the other fields are kept.

Each output record is the input record with its text field replaced by the
cleaned page (the template, or the text with ``--format text``) and a
``fanwen_clean`` field appended: a short summary
``{"changed", "changes", "warnings", "slots": {name: count}}``, or with
``--format json``/``jsonl`` the full JSON report of the page.  A line that is
not a JSON object with a string text field is a failed record: it is reported
as ``file:line: …`` and copied to the output unchanged, so cleaning never
drops data.  A record's text gets a final newline only if it had one.  Files
ending in ``.gz`` are read (and written) gzip-compressed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .batch import internal_error
from .files import Input, InputError, max_input_bytes

FIELD = "fanwen_clean"


@dataclass(frozen=True)
class FileStart:
    """Marks where the records of one JSONL file begin (passes through the parallel map)."""

    source: Input
    passthrough = True


class FileError(InputError):
    """A JSONL file could not be read (to the end); ``source`` says which."""

    def __init__(self, source: Input, message: str) -> None:
        super().__init__(message)
        self.source = source


@dataclass(frozen=True)
class Record:
    """One line of a JSONL file, still as bytes."""

    source: Input
    lineno: int
    raw: bytes

    @property
    def name(self) -> str:
        return f"{self.source.name}:{self.lineno}"


@dataclass
class RecordOutcome:
    """A cleaned record: ``line`` is the output line (bytes, newline-terminated).

    ``result`` (the page's :class:`~fanwen_clean.render.Result`) is only sent back
    when the caller asked for it (``--diff``), to keep inter-process traffic small.
    """

    source: Input
    lineno: int
    line: bytes
    nbytes: int
    changed: bool = False
    error: str | None = None
    result: object | None = None

    @property
    def name(self) -> str:
        return f"{self.source.name}:{self.lineno}"


def _open(inp: Input):
    if inp.path is None:
        return sys.stdin.buffer
    if inp.path.suffix == ".gz":
        import gzip

        return gzip.open(inp.path, "rb")
    return inp.path.open("rb")


def iter_records(inputs: Iterable[Input | InputError]) -> Iterator[Record | FileStart | InputError]:
    """Stream the records of each JSONL input; blank lines are skipped."""
    for inp in inputs:
        if isinstance(inp, InputError):
            yield inp
            continue
        yield FileStart(inp)
        try:
            fh = _open(inp)
            try:
                yield from _records(inp, fh)
            finally:
                if fh is not sys.stdin.buffer:
                    fh.close()
        except (OSError, EOFError) as exc:  # EOFError: a truncated .gz
            yield FileError(inp, f"{inp.name}: cannot read: {getattr(exc, 'strerror', None) or exc}")


def _records(inp: Input, fh) -> Iterator[Record | FileError]:
    """The records of one file; a line longer than the input limit ends it (``< /dev/zero``)."""
    limit = max_input_bytes()
    n = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        n += 1
        if len(raw) > limit:
            yield FileError(inp, f"{inp.name}:{n}: record longer than the input limit of {limit} bytes "
                                 "(set FANWEN_CLEAN_MAX_INPUT_MB to raise it)")
            return
        if raw.strip():
            yield Record(inp, n, raw)


def record_text(original: str, res, fmt: str) -> str:
    """The cleaned page for a record: a page ends in a newline, a record's text only if it had one."""
    cleaned = res.output("text" if fmt == "text" else "template")
    if not original.endswith("\n") and cleaned.endswith("\n"):
        cleaned = cleaned[:-1]
    return cleaned


def summary(res, changed: bool) -> dict:
    """The short ``fanwen_clean`` field of a record."""
    return {"changed": changed, "changes": len(res.changes), "warnings": len(res.warnings),
            "slots": {s["name"]: len(s["occurrences"]) for s in res.slots}}


def clean_record(rec: Record, book, settings, *, text_field: str = "text", fmt: str = "template",
                 want_result: bool = False) -> RecordOutcome:
    """Clean the text field of one record; never raises (a bad record carries an error)."""
    from .api import clean_text

    raw = rec.raw if rec.raw.endswith(b"\n") else rec.raw + b"\n"
    failed = RecordOutcome(rec.source, rec.lineno, raw, len(rec.raw))
    try:
        obj = json.loads(rec.raw.rstrip(b"\r\n"))  # so that columns point into the line
    except UnicodeDecodeError:
        failed.error = f"{rec.name}: not UTF-8 (JSON Lines must be UTF-8)"
        return failed
    except ValueError as exc:
        msg = getattr(exc, "msg", str(exc))
        col = getattr(exc, "colno", None)
        failed.error = f"{rec.name}: invalid JSON: {msg}" + (f" (column {col})" if col else "")
        return failed
    if not isinstance(obj, dict):
        failed.error = f"{rec.name}: expected a JSON object, got {type(obj).__name__}"
        return failed
    text = obj.get(text_field)
    if not isinstance(text, str):
        what = "no field" if text_field not in obj else f"a {type(text).__name__} in field"
        failed.error = f"{rec.name}: {what} {text_field!r} (choose one with --text-field)"
        return failed
    from .regex_guard import RuleTimeout

    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        failed.error = _surrogate(rec, exc)
        return failed
    try:
        res = clean_text(text, source=rec.name, encoding="utf-8", rules=book, settings=settings)
    except RuleTimeout as exc:
        failed.error = f"{rec.name}: {exc}"
        return failed
    except Exception as exc:  # one bad record must not stop a corpus run
        failed.error = internal_error(rec.name, exc)
        return failed
    cleaned = record_text(text, res, fmt)
    changed = cleaned != text
    obj[text_field] = cleaned
    if fmt in ("json", "jsonl"):
        obj[FIELD] = res.as_dict(settings.keep_originals)
    else:
        obj[FIELD] = summary(res, changed)
    try:
        line = (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate in another field
        failed.error = _surrogate(rec, exc)
        return failed
    return RecordOutcome(rec.source, rec.lineno, line, len(rec.raw), changed=changed,
                         result=res if want_result else None)


def _surrogate(rec: Record, exc: UnicodeEncodeError) -> str:
    return (f"{rec.name}: not valid Unicode: a lone surrogate {exc.object[exc.start:exc.end]!a} "
            "(the record is copied unchanged)")


def crashed_record(rec: Record, message: str) -> RecordOutcome:
    raw = rec.raw if rec.raw.endswith(b"\n") else rec.raw + b"\n"
    return RecordOutcome(rec.source, rec.lineno, raw, len(rec.raw),
                         error=f"{rec.name}: internal error: {message}")
