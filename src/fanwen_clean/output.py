"""One path for the results of ``clean``, whatever the input format.

Pages and JSONL records arrive as outcomes; the sink counts them, reports failures,
prints diffs or "would clean" lines, and writes: a page to its file (``--in-place``,
``--out-dir``) or to stdout, a record to the output shard that is being streamed.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from .batch import WriteSpec
from .exits import EXIT_CHANGES, EXIT_OK, EXIT_UNREADABLE, Usage
from .files import InputError, StreamWriter
from .options import Options
from .progress import Progress, RunStats
from .render import patch


class CleanSink:
    """Consumes the outcomes of every batch of a ``clean`` run; ``close`` gives the exit code."""

    def __init__(self, opts: Options, several: bool) -> None:
        self.opts = opts
        self.several = several
        self.stats = RunStats(unit="records" if opts.input_format == "jsonl" else "files")
        self.prog = Progress(False, self.stats)
        self.tty_out = sys.stdout.isatty()
        self.writer: StreamWriter | None = None
        self.json_objs: list[dict] = []
        self.names = None  # the registry of --scope corpus, once asked for

    # ------------------------------------------------------------------ set-up per batch

    def write_spec(self, opts: Options) -> WriteSpec | None:
        if opts.writes and (opts.in_place or opts.out_dir):
            return WriteSpec(opts.fmt, opts.in_place, opts.out_dir, opts.settings.keep_originals,
                             bool(opts.extra.get("allow_lossy")))
        return None

    def corpus_names(self, opts: Options):
        """The registry of ``--scope corpus`` (None for page scope or when nothing is slotted)."""
        s = opts.settings
        if s.scope != "corpus" or not s.anonymize or s.operator != "replace":
            return None
        if self.names is None:
            from .corpus_names import CorpusNames, MappingError

            try:
                self.names = CorpusNames(opts.mapping)
            except MappingError as exc:
                raise Usage(str(exc)) from None
        return self.names

    # ------------------------------------------------------------------ consuming

    def feed_all(self, outs, opts: Options, cache=None) -> None:
        self.opts = opts
        try:
            for out in outs:
                self.feed(out, opts, cache)
            self._commit()
        finally:
            if self.writer is not None:
                self.writer.abort()
                self.writer = None

    def feed(self, out, opts: Options, cache=None) -> None:
        from .jsonl import FileError, FileStart, RecordOutcome

        if isinstance(out, FileStart):
            self._commit()
            if opts.writes and (opts.in_place or opts.out_dir):
                src = out.source
                target = src.path if opts.in_place else opts.out_dir / (src.rel or Path("stdin.jsonl"))
                self.writer = StreamWriter(target)
            return
        if isinstance(out, InputError):
            self._fail(str(out), None if opts.input_format == "jsonl" else 0)
            if isinstance(out, FileError) and self.writer is not None:  # the shard being written broke off
                self.writer.abort()  # never leave a shard half-written
                self.writer = None
            return
        if isinstance(out, RecordOutcome):
            if out.error:  # a failed record is copied through unchanged: cleaning never drops data
                self._fail(out.error, out.nbytes)
            else:
                self._item(out.name, out.nbytes, out.changed, out.result, opts)
            if opts.writes and self.writer is not None:
                self.writer.write(out.line)
            elif opts.writes:
                sys.stdout.flush()
                sys.stdout.buffer.write(out.line)
            return
        if out.error:
            self._fail(out.error, out.nbytes)
            return
        self._page(out, opts, cache)

    def _page(self, out, opts: Options, cache) -> None:
        res = out.result
        if res is None:  # cleaned and written by the worker, or taken from the cache
            self._item(out.input.name, out.nbytes, bool(out.changed), None, opts)
            if out.write_error:
                self._fail(out.write_error)
            elif cache is not None and not out.changed:
                cache.store(out.input, False, [])
            return
        if self.names is not None:
            res = self.names.relabel(res)
        changed = res.changed(opts.page_fmt)
        if cache is not None and not changed:
            cache.store(out.input, False, [])
        self._item(out.input.name, out.nbytes, changed, res, opts, out.input.path)
        if opts.writes:
            self._write_page(out.input, res, opts)

    def _item(self, name: str, nbytes: int, changed: bool, res, opts: Options,
              path: Path | None = None) -> None:
        """Count one cleaned input; print its diff or its "would clean" line."""
        self.stats.add(nbytes, changed=changed)
        self.prog.update()
        if opts.diff and res is not None:
            self._clear_if_tty()
            before: bytes | str = res.input_text
            if path is not None:  # the file's own bytes, so that the patch applies to it
                with contextlib.suppress(OSError):
                    before = path.read_bytes()
            sys.stdout.flush()
            sys.stdout.buffer.write(patch(name, before, res.output(opts.page_fmt)))
            sys.stdout.buffer.flush()
        elif opts.check and changed:
            self.prog.clear()
            click.echo(f"would clean {name}", err=True)

    def _write_page(self, inp, res, opts: Options) -> None:
        spec = self.write_spec(opts)
        if spec is not None:
            problem = spec.write(inp, res)
            if problem:
                self._fail(problem)
            return
        self._clear_if_tty()
        if opts.fmt == "json":
            self.json_objs.append(res.as_dict(opts.settings.keep_originals))
        elif opts.fmt == "jsonl":
            import json  # here, not at the top: start-up time

            click.echo(json.dumps(res.as_dict(opts.settings.keep_originals), ensure_ascii=False))
        else:
            if self.several:  # like head(1): say which page follows when more than one is printed
                click.echo(f"==> {inp.name} <==")
            click.echo(res.output(opts.page_fmt), nl=False)

    # ------------------------------------------------------------------ helpers and end

    def _clear_if_tty(self) -> None:
        if self.tty_out:
            self.prog.clear()  # this output goes to the same terminal as the progress line

    def _fail(self, message: str, nbytes: int | None = None) -> None:
        self.prog.clear()
        click.echo(f"fanwen-clean: {message}", err=True)
        if nbytes is None:
            self.stats.failed += 1
        else:
            self.stats.add(nbytes, failed=True)

    def _commit(self) -> None:
        if self.writer is not None:
            self.writer.commit()
            self.writer = None

    def close(self) -> int:
        opts = self.opts
        self.prog.close()
        if not opts.quiet and self.stats.items > 1:
            click.echo(f"fanwen-clean: {self.stats.summary('changed' if opts.writes else 'would change')}",
                       err=True)
        if self.names is not None and opts.writes:
            self.names.save()
        to_stdout = opts.writes and not (opts.in_place or opts.out_dir) and opts.input_format == "text"
        if self.json_objs or (opts.fmt == "json" and to_stdout and not self.stats.failed):
            from .jsonout import dumps

            payload = self.json_objs[0] if len(self.json_objs) == 1 else self.json_objs
            click.echo(dumps(payload))
        if self.stats.failed:
            return EXIT_UNREADABLE
        return EXIT_CHANGES if not opts.writes and self.stats.changed else EXIT_OK
