"""Drive a ``clean`` or ``check`` run: inputs → options → (cache) → pipeline → one sink.

Each path argument gets the options of its nearest configuration file (see
:mod:`fanwen_clean.config`); consecutive arguments with the same configuration run as
one batch.  Every batch feeds the same sink, so counts, the summary line and the exit
code cover the whole run.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from .batch import InputError, iter_inputs
from .options import Options
from .progress import Progress, RunStats, wants_progress
from .rules import RuleBook

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3


class Usage(ValueError):
    """A combination of options that cannot work; the CLI turns it into exit 2."""


def batches(paths: list[str], options_for: Callable[[str], Options]) -> list[tuple[Options, list[str]]]:
    """Consecutive paths that share options, with those options."""
    out: list[tuple[Options, list[str]]] = []
    for p in paths:
        opts = options_for(p)
        if out and out[-1][0] == opts:
            out[-1][1].append(p)
        else:
            out.append((opts, [p]))
    return out


def book_of(opts: Options) -> RuleBook:
    from .rules import RuleError

    try:
        return RuleBook.with_user(list(opts.rules))
    except RuleError as exc:
        raise Usage(str(exc)) from None


def inputs(paths: list[str], opts: Options) -> Iterator:
    """Inputs of a batch, without the excluded ones (named files too: pre-commit names them)."""
    for inp in iter_inputs(paths, opts.globs):
        if isinstance(inp, InputError) or inp.path is None or not opts.excludes.excluded(inp.path):
            yield inp


def open_cache(opts: Options, mode: str, book: RuleBook):
    if not opts.cache:
        return None
    from .resultcache import ResultCache, cache_dir, fingerprint

    directory, private = cache_dir(opts.cache_dir, opts.config.path)
    return ResultCache.open(directory, private, fingerprint(mode, opts.settings, book))


def progress(opts: Options, stats: RunStats, paths: list[str]) -> Progress:
    """A progress line on a terminal; its totals come from a quick second walk of the inputs."""
    if opts.quiet or not wants_progress():
        return Progress(False, stats)
    files = nbytes = 0
    for inp in inputs(paths, opts):
        if not isinstance(inp, InputError) and inp.path is not None:
            files += 1
            with contextlib.suppress(OSError):
                nbytes += inp.path.stat().st_size
    return Progress(True, stats, total_items=files if stats.unit == "files" else None, total_bytes=nbytes)


def outcomes(paths: list[str], opts: Options, book: RuleBook, cache, work=None) -> Iterator:
    """Outcomes in input order; cached results pass through the parallel map in their place."""
    from .parallel import map_ordered

    items = inputs(paths, opts)
    if cache is not None:
        items = (x if isinstance(x, InputError) else cache.lookup(x) for x in items)
    kw = {} if work is None else {"work": work}
    yield from map_ordered(items, book, opts.settings, opts.jobs, **kw)


def run_clean(paths: list[str], options_for: Callable[[str], Options]) -> int:
    """``clean``: write, print, check or diff every input; return the exit code."""
    from .output import CleanSink

    groups = batches(paths, options_for)
    first = groups[0][0]
    several = len(paths) > 1 or any(Path(p).is_dir() for p in paths if p != "-")
    sink = CleanSink(first, several)
    sink.prog = progress(first, sink.stats, paths)
    for opts, group in groups:
        _validate(opts, group)
        book = book_of(opts)
        if opts.input_format == "jsonl":
            sink.feed_all(_records(group, opts, book), opts)
            continue
        names = sink.corpus_names(opts)
        cache = open_cache(opts, f"clean-{opts.page_fmt}", book) if opts.in_place or opts.check else None
        work = None
        spec = sink.write_spec(opts)
        if spec is not None and names is None:  # nothing to do here between cleaning and writing
            from .batch import clean_and_write

            work = partial(clean_and_write, spec=spec)
        sink.feed_all(outcomes(group, opts, book, cache, work), opts, cache)
        if cache is not None:
            cache.save()
    return sink.close()


def _records(group: list[str], opts: Options, book: RuleBook) -> Iterator:
    from .jsonl import clean_record, crashed_record, iter_records
    from .parallel import map_ordered

    work = partial(clean_record, text_field=opts.text_field, fmt=opts.fmt, want_result=opts.diff)
    yield from map_ordered(iter_records(inputs(group, opts)), book, opts.settings, opts.jobs, work=work,
                           crash=crashed_record)


def _validate(opts: Options, group: list[str]) -> None:
    if opts.in_place and opts.out_dir:
        raise Usage("--in-place and --out-dir cannot be used together")
    if opts.in_place and opts.fmt in ("json", "jsonl") and opts.input_format == "text":
        raise Usage("--in-place writes pages; use --format template or text")
    if opts.in_place and "-" in group:
        raise Usage("--in-place cannot rewrite stdin")
    if opts.mapping is not None and opts.settings.scope != "corpus":
        raise Usage("--mapping needs --scope corpus")
    if opts.input_format == "jsonl" and opts.settings.scope == "corpus" and opts.settings.anonymize:
        # records are serialized in the workers, before any relabelling
        raise Usage("--scope corpus does not work with --input-format jsonl yet")


def run_check(paths: list[str], options_for: Callable[[str], Options]) -> int:
    """``check``: report findings; return the exit code."""
    import click

    from .report import Finding, Reporter, describer, entries, findings
    from .resultcache import Cached

    stats = RunStats()
    groups = batches(paths, options_for)
    first = groups[0][0]
    prog = progress(first, stats, paths)
    tty_out = sys.stdout.isatty()
    reporter: Reporter | None = None
    for opts, group in groups:
        book = book_of(opts)
        reporter = reporter or Reporter(opts.output_format, opts.statistics, click.echo, describer(book))
        cache = open_cache(opts, f"check-{opts.output_format in ('full', 'json')}", book)
        for out in outcomes(group, opts, book, cache):
            if isinstance(out, InputError) or out.error:
                prog.clear()
                click.echo(f"fanwen-clean: {out if isinstance(out, InputError) else out.error}", err=True)
                stats.add(getattr(out, "nbytes", 0), failed=True)
                continue
            if isinstance(out, Cached):
                found, changed = [(Finding(*e[:5]), e[5]) for e in out.findings], out.changed
            else:
                found = entries(findings(out.result), opts.output_format)
                changed = out.result.changed("template")
                if cache is not None:
                    cache.store(out.input, changed, [[*f.as_list(), n] for f, n in found])
            stats.add(out.nbytes, changed=changed)
            if found and tty_out:
                prog.clear()  # the findings go to the same terminal
            reporter.add(out.input.name, found)
            prog.update()
        if cache is not None:
            cache.save()
    if reporter is not None:
        reporter.close()
    prog.close()
    if not first.quiet and stats.items > 1:
        click.echo(f"fanwen-clean: {stats.summary('to clean')}", err=True)
    if stats.failed:
        return EXIT_UNREADABLE
    return EXIT_CHANGES if stats.changed else EXIT_OK
