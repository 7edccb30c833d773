"""Cleaning one input and writing its output: the unit of work of a batch run."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .files import Input, StreamWriter, atomic_write


@dataclass
class Outcome:
    """The result of cleaning one input, or the one-line reason it failed.

    ``nbytes`` is the size of the input read, for the run summary.  When a worker
    wrote the output itself (:func:`clean_and_write`), ``result`` is None and
    ``changed``/``write_error`` say what happened.
    """

    input: Input
    result: object | None = None  # render.Result; typed loosely to keep this module import-light
    error: str | None = None
    nbytes: int = 0
    changed: bool | None = None
    write_error: str | None = None


class WriteSpec(NamedTuple):
    """What ``clean --in-place`` / ``--out-dir`` writes for an input, and where."""

    fmt: str = "template"  # template | text | json | jsonl
    in_place: bool = False
    out_dir: Path | None = None
    keep_originals: bool = True
    allow_lossy: bool = False  # --in-place also rewrites pages whose decoding replaced bad bytes

    @property
    def page_fmt(self) -> str:
        return "text" if self.fmt == "text" else "template"

    def write(self, inp: Input, res) -> str | None:
        """Write the output of one cleaned input; return a one-line error, or None."""
        if self.in_place:
            target = Path(os.path.realpath(inp.path))  # through a symlink to the page it points to
            payload = res.output(self.page_fmt)
            if payload == res.input_text:
                return None  # unchanged: leave the file (and its mtime) alone
            if getattr(res, "lossy", False) and not self.allow_lossy:
                # the original bytes would be lost for good; --out-dir keeps them, so it writes
                return (f"{target}: not rewritten: its decoding replaced bad bytes (FW107); "
                        "use --allow-lossy to rewrite it anyway")
            problem = _read_only(target)
            if problem:
                return problem
        else:
            target = self.out_dir / (inp.rel or Path("stdin.txt"))
            if self.fmt in ("json", "jsonl"):
                from .jsonout import dumps

                target = target.with_suffix(".json")
                payload = dumps(res.as_dict(self.keep_originals))
            else:
                payload = res.output(self.page_fmt)
        try:
            atomic_write(target, payload, durable=self.in_place)  # see atomic_write
        except OSError as exc:
            return f"{target}: cannot write: {exc.strerror or exc}"
        return None


def _read_only(path: Path) -> str | None:
    """A read-only page is left alone, even for root (who could write it): check the mode bits."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"{path}: cannot write: {exc.strerror or exc}"
    if not mode & 0o222:
        return f"{path}: not rewritten: the file is read-only"
    return None


def clean_and_write(inp: Input, book, settings, *, spec: WriteSpec) -> Outcome:
    """Clean one input and write its output here, in the worker.

    Only a small outcome then travels back to the main process, and the writes
    of a parallel run happen in parallel too.
    """
    if spec.fmt in ("template", "text") and _maybe_huge(inp):
        return _clean_and_write_pieces(inp, book, settings, spec)
    out = clean_input(inp, book, settings)
    if out.error is None:
        out.changed = out.result.changed(spec.page_fmt)
        out.write_error = spec.write(inp, out.result)
        out.result = None
    return out


def _maybe_huge(inp: Input) -> bool:
    from .chunking import CHUNK_CHARS

    if inp.path is None or inp.path.suffix == ".gz":
        return False
    try:
        return inp.path.stat().st_size > CHUNK_CHARS  # bytes >= characters
    except OSError:
        return False


def _clean_and_write_pieces(inp: Input, book, settings, spec: WriteSpec) -> Outcome:
    """A page too large to clean at once, written piece by piece as it is cleaned (see chunking):
    only the decoded input and one piece are ever in memory."""
    from .api import clean_text
    from .chunking import CHUNK_CHARS, cleaned_pieces
    from .decode import DecodeError, decode_page
    from .regex_guard import RuleTimeout

    try:
        data = inp.read()
    except OSError as exc:
        return Outcome(inp, error=f"{inp.name}: cannot read: {exc.strerror or exc}")
    out = Outcome(inp, nbytes=len(data))
    try:
        decoded = decode_page(data, inp.name)
    except DecodeError as exc:
        out.error = str(exc)
        return out
    del data
    if len(decoded.text) <= CHUNK_CHARS:  # many bytes, fewer characters: the usual way
        from .api import clean_decoded

        res = clean_decoded(decoded, source=inp.name, rules=book, settings=settings)
        out.changed, out.write_error = res.changed(spec.page_fmt), spec.write(inp, res)
        return out
    target = Path(os.path.realpath(inp.path)) if spec.in_place else spec.out_dir / inp.rel
    if spec.in_place:
        out.write_error = _read_only(target)
        if decoded.lossy and not spec.allow_lossy:
            out.write_error = (f"{target}: not rewritten: its decoding replaced bad bytes (FW107); "
                               "use --allow-lossy to rewrite it anyway")
        if out.write_error:
            return out

    def clean(piece: str):
        return clean_text(piece, source=inp.name, encoding=decoded.encoding, rules=book, settings=settings)

    writer = None
    try:
        writer = StreamWriter(target)
        out.changed = False
        for sep, res, given, _line0 in cleaned_pieces(decoded.text, clean):
            page = res.output(spec.page_fmt)
            out.changed = out.changed or page != given or not page
            writer.write(sep)
            writer.write(page)
        if spec.in_place and not out.changed:
            writer.abort()  # unchanged: leave the file (and its mtime) alone
        else:
            writer.commit()
    except OSError as exc:
        out.write_error = f"{target}: cannot write: {exc.strerror or exc}"
    except RuleTimeout as exc:
        out.error = f"{inp.name}: {exc}"
    except Exception as exc:  # reported per input, see clean_input
        out.error = internal_error(inp.name, exc)
    finally:
        if writer is not None and (out.error or out.write_error or sys.exc_info()[0] is not None):
            writer.abort()
    return out


def clean_input(inp: Input, book, settings) -> Outcome:
    """Read, decode and clean one input; never raises for bad input.

    A bug in a stage must not end a run over a corpus: any exception becomes a
    one-line ``internal error`` for this input only.
    """
    from .api import clean_decoded
    from .decode import DecodeError, decode_page
    from .regex_guard import RuleTimeout

    try:
        data = inp.read()
    except OSError as exc:
        return Outcome(inp, error=f"{inp.name}: cannot read: {exc.strerror or exc}")
    nbytes = len(data)
    try:
        decoded = decode_page(data, inp.name)
        del data  # a huge page: don't hold its bytes while cleaning it
        result = clean_decoded(decoded, source=inp.name, rules=book, settings=settings)
    except DecodeError as exc:
        return Outcome(inp, error=str(exc), nbytes=nbytes)
    except RuleTimeout as exc:  # a user's pattern: say which, not "internal error"
        return Outcome(inp, error=f"{inp.name}: {exc}", nbytes=nbytes)
    except Exception as exc:  # reported per input, see docstring
        return Outcome(inp, error=internal_error(inp.name, exc), nbytes=nbytes)
    return Outcome(inp, result=result, nbytes=nbytes)


def internal_error(name: str, exc: BaseException) -> str:
    """The one line reported when cleaning crashed on an input."""
    where = ""
    tb = exc.__traceback__
    while tb is not None:  # the innermost frame says which stage broke
        where = f" (in {tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno})"
        tb = tb.tb_next
    return f"{name}: internal error: {type(exc).__name__}: {exc}{where}"
